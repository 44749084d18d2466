"""Kazakh: Muragat's own lemmatizer (first version: word unchanged)."""

from __future__ import annotations

from analysis.normalize import normalize_word

code = "kk"
stopwords: frozenset[str] = frozenset()


def normalize(word: str) -> str:
    """Generic normalization."""
    return normalize_word(word)


def terms(word: str) -> list[str]:
    """Index terms of a normalized Kazakh word."""
    return [word]
