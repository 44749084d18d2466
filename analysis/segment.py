"""Split a text into segments: headings, paragraphs and menu lines.

A language is detected per segment, so a page with Russian and Kazakh menu
headings over an English report gets the right language for each part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLOCK_RE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Segment:
    """A span ``[start, end)`` of a text, its kind and (once detected) its language."""

    start: int
    end: int
    kind: str = "paragraph"  # "paragraph" | "line"
    lang: str = ""


def _spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in pattern.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def segment(text: str) -> list[Segment]:
    """Return the non-empty segments of ``text`` in order.

    Blocks are separated by blank lines; a block of several short lines (a menu,
    a list of headings) is split into one segment per line.
    """
    out: list[Segment] = []
    for b_start, b_end in _spans(text, _BLOCK_RE):
        block = text[b_start:b_end]
        lines = _spans(block, re.compile(r"\n"))
        if len(lines) > 1 and all((e - s) < 80 for s, e in lines):
            for s, e in lines:
                _append(out, text, b_start + s, b_start + e, "line")
        else:
            _append(out, text, b_start, b_end, "paragraph")
    return out


def _append(out: list[Segment], text: str, start: int, end: int, kind: str) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Segment(start, end, kind))
