"""The interface every language module implements (spaCy-style ``lang/<code>``)."""

from __future__ import annotations

from typing import Protocol


class Language(Protocol):
    """What a language module provides: ``analysis.lang.<code>`` exposes these names.

    A module may also expose ``fold(word) -> str`` (Kazakh does: the key that matches
    text typed with Russian letters); the pipeline uses it when present.
    """

    code: str
    stopwords: frozenset[str]  # normalized forms

    def normalize(self, word: str) -> str:
        """Normalize one raw word (``normalize_word`` plus the language's own steps)."""
        ...

    def terms(self, word: str) -> list[str]:
        """Index terms of one normalized word, best guess first (may be empty)."""
        ...
