"""Word tokenizer: words with their character offsets.

A word is a run of letters/digits, with internal apostrophes and the final
apostrophe of Latin Kazakh 2017 (``Qazaqstan'da``, ``jan'a``), decimal numbers
(``12,5``), a final ``%`` and hyphenated endings kept together (``2021-жылы``,
``ҚР-ның``, ``36%-ы``, ``сондай-ақ``). Offsets index the text given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# A run of letters/digits (\w without the underscore), joined by an apostrophe between
# letters (Qazaqstan'da, O'zbekstan) or a dot/comma between digits (12,5; 3.14).
_CORE = r"[^\W_]+(?:(?:['’ʼ]|(?<=\d)[.,](?=\d))[^\W_]+)*"
# Hyphenated endings and compounds (2021-жылы, ҚР-ның, 36%-ы, сондай-ақ), then a final
# % (50%) or a final Latin Kazakh 2017 apostrophe (n' = ң, g' = ғ, s' = ш: jan'a, kitabyn').
WORD_RE = re.compile(
    rf"{_CORE}(?:%?[-‐‑]{_CORE})*(?:%|(?<=[AaGgNnOoUuYyIiSsCc])['’ʼ](?![^\W_]))?"
)  # the pattern itself, for callers that match in place (``WORD_RE.finditer(text, start, end)``)
_WORD_RE = WORD_RE


class Token(NamedTuple):
    """One word of a text: its surface form and ``[start, end)`` character offsets."""

    text: str
    start: int
    end: int


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of every word of ``text`` (the pipeline's fast path)."""
    return [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def tokenize(text: str, offset: int = 0) -> Iterator[Token]:
    """Yield the words of ``text``; offsets are shifted by ``offset``."""
    for m in _WORD_RE.finditer(text):
        yield Token(m.group(), m.start() + offset, m.end() + offset)
