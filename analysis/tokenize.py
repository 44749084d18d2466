"""Word tokenizer: words with their character offsets.

A word is a run of letters/digits, with internal apostrophes (Latin Kazakh
2017: ``Qazaqstan'nyn'``) and hyphenated endings kept together
(``2021-жылы``, ``ҚР-ның``, ``36%-ы``, ``сондай-ақ``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# \w without the underscore; apostrophes inside a word; a % sign before a hyphenated ending.
_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*(?:%?[-‐‑][^\W_]+(?:['’ʼ][^\W_]+)*)*%?")


class Token(NamedTuple):
    """One word of a text: its surface form and ``[start, end)`` character offsets."""

    text: str
    start: int
    end: int


def tokenize(text: str, offset: int = 0) -> Iterator[Token]:
    """Yield the words of ``text``; offsets are shifted by ``offset``."""
    for m in _WORD_RE.finditer(text):
        yield Token(m.group(), m.start() + offset, m.end() + offset)
