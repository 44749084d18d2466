"""Split a text into segments: headings, paragraphs and menu lines.

A language is detected per segment, so a page with Russian and Kazakh menu
headings over an English report gets the right language for each part.

The rules, on plain text as readers produce it:

* blank lines (or a form feed) separate blocks;
* inside a block every line is its own unit, except that a line continuing the
  previous one joins it (the previous line ends with a comma or a hyphen, or is 40
  characters or more and the line starts in lowercase): hard-wrapped paragraphs stay whole;
* a unit of several lines, or of 80 characters or more, is a ``paragraph``; a short
  unit alone in its block, or first above a paragraph, is a ``heading`` (unless it
  ends like a sentence); the short units of a list or menu are ``line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLOCK_RE = re.compile(r"\n[ \t\r\f\v]*\n|\f")
_LINE_RE = re.compile(r"\r?\n")
SHORT_LINE = 80  # characters; shorter lines are menu items or headings
WRAPPED_LINE = 40  # a line this long may be hard-wrapped text continued on the next line
_SENTENCE_END = ".!?…"
_JOINING_END = ",-‐–—(/"


@dataclass(frozen=True, slots=True)
class Segment:
    """A span ``[start, end)`` of a text, its kind and (once detected) its language."""

    start: int
    end: int
    kind: str = "paragraph"  # "heading" | "paragraph" | "line"
    lang: str = ""


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between matches of ``pattern`` (absolute offsets)."""
    spans, pos = [], start
    for m in pattern.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(text: str, prev: tuple[int, int], line: tuple[int, int]) -> bool:
    """True when ``line`` continues the sentence of the line ``prev`` (a hard wrap)."""
    last = text[prev[1] - 1]
    first = next((ch for ch in text[line[0] : line[1]] if ch.isalpha()), "")
    if last in _SENTENCE_END:
        return False
    if last in _JOINING_END:
        return True
    # A wrapped line is long; short lines starting in lowercase are list items ("p +7 ...").
    return first.islower() and prev[1] - prev[0] >= WRAPPED_LINE


def _units(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """The units of a block: ``(start, end, number of lines)``, trimmed, empty lines dropped."""
    units: list[list[int]] = []
    for s, e in _spans(text, _LINE_RE, start, end):
        s, e = _trim(text, s, e)
        if s == e:
            continue
        if units and _continues(text, (units[-1][0], units[-1][1]), (s, e)):
            units[-1][1] = e
            units[-1][2] += 1
        else:
            units.append([s, e, 1])
    return [(s, e, n) for s, e, n in units]


def _kind(text: str, unit: tuple[int, int, int], index: int, units: list) -> str:
    s, e, n_lines = unit
    if n_lines > 1 or e - s >= SHORT_LINE:
        return "paragraph"
    if text[e - 1] in _SENTENCE_END and len(text[s:e].split()) > 3:
        return "paragraph"
    if len(units) == 1:
        return "heading"
    if index == 0:
        nxt = units[1]
        return "heading" if nxt[2] > 1 or nxt[1] - nxt[0] >= SHORT_LINE else "line"
    return "line"


def segment(text: str) -> list[Segment]:
    """Return the non-empty segments of ``text`` in order, with their kinds (no language yet)."""
    if "\n" not in text and "\f" not in text:  # one line (a title, a sentence): one unit
        start, end = _trim(text, 0, len(text))
        if start == end:
            return []
        unit = (start, end, 1)
        return [Segment(start, end, _kind(text, unit, 0, [unit]))]
    out: list[Segment] = []
    for b_start, b_end in _spans(text, _BLOCK_RE, 0, len(text)):
        units = _units(text, b_start, b_end)
        for i, unit in enumerate(units):
            out.append(Segment(unit[0], unit[1], _kind(text, unit, i, units)))
    return out
