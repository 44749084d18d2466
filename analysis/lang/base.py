"""The interface every language module implements (spaCy-style ``lang/<code>``)."""

from __future__ import annotations

from typing import Protocol


class Language(Protocol):
    """What a language module provides: ``analysis.lang.<code>`` exposes these names."""

    code: str
    stopwords: frozenset[str]

    def normalize(self, word: str) -> str:
        """Language-specific normalization of one word (after ``normalize_word``)."""
        ...

    def terms(self, word: str) -> list[str]:
        """Index terms of one normalized word, best guess first (may be empty)."""
        ...
