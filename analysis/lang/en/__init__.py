"""English: simplemma lemma dictionary (first version)."""

from __future__ import annotations

from analysis.normalize import normalize_word

code = "en"
stopwords: frozenset[str] = frozenset()


def normalize(word: str) -> str:
    """Generic normalization."""
    return normalize_word(word)


def terms(word: str) -> list[str]:
    """The lemma of ``word``."""
    import simplemma

    return [simplemma.lemmatize(word, lang="en").lower()]
