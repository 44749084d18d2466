"""Snippets and highlighted text: our own highlighter on ``analysis.tokenize``.

A token is marked when it is one of the query's forms (``HighlightForms.matches``:
the exact form, a form with the same lemma in the segment's language, a prefix
expansion, a Kazakh folded form). The snippet is the passage (or two) holding the
most distinct matched words. Output is HTML: the text escaped, each match wrapped in
``<mark>``; passages start and end on word boundaries, so neither a word nor a tag
is ever cut.
"""

from __future__ import annotations

import bisect
import re
from html import escape

from muragat.analysis import OTHER, field_lang, tokenize
from muragat.search.query_builder import HEAD, HighlightForms

SNIPPET_CHARS = 220  # about two lines of a result page
SCAN_CHARS = 60_000  # snippets look for matches in the first part of long documents
ELLIPSIS = "…"
MAX_WORD = 80  # longest word looked at when highlighting


class MatchMemo:
    """Per-request memo of token decisions (a query repeats its checks across hits)."""

    def __init__(self, forms: HighlightForms):
        self.forms = forms
        self.seen: dict[tuple[str, str], bool] = {}
        words = (*forms.exact, *forms.folded, *forms.prefixes,
                 *(t for terms in forms.lemmas.values() for t in terms))
        heads = {w[:HEAD] for w in words if w} | set(forms.heads) | set(forms.name_heads)
        # Word starts worth a look: a text word can only match if it starts like a query form.
        self.starts = re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
            + ")", re.IGNORECASE) if heads else None

    def __call__(self, token: str, lang: str = OTHER) -> bool:
        key = (token, lang)
        hit = self.seen.get(key)
        if hit is None:
            hit = self.seen[key] = self.forms.matches(token, lang)
        return hit


class _SegmentLangs:
    """The index language of the segment holding an offset (``OTHER`` outside segments)."""

    def __init__(self, segments: list):
        spans = sorted((int(s), int(e), field_lang(str(lang))) for s, e, lang in segments)
        self.starts = [s for s, _, _ in spans]
        self.spans = spans

    def at(self, pos: int) -> str:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.spans[i][1]:
            return OTHER
        return self.spans[i][2]


def find_matches(text: str, segments: list, memo: MatchMemo, start: int = 0,
                 end: int | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, normalized form)`` of every matched token in ``text[start:end]``
    (``segments``: the document's ``(start, end, language)``; a word is compared in its
    segment's language, ``HighlightForms.matches``)."""
    end = len(text) if end is None else end
    if memo.starts is None:
        return []
    langs = _SegmentLangs(segments or [])
    out = []
    last = -1
    for m in memo.starts.finditer(text, start, end):
        pos = m.start()
        if pos < last:
            continue
        tok = next(tokenize(text[pos : min(end, pos + MAX_WORD)], pos), None)
        if tok is None or tok.start != pos:
            continue
        last = tok.end
        if memo(tok.text, langs.at(pos)):
            out.append((tok.start, tok.end, tok.text.lower()))
    return out


_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO: closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI: closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_closers(text: str) -> str:
    """The PDF/PDI characters that close the directional embeddings, overrides and isolates
    ``text`` leaves open (Unicode bidi algorithm, UAX #9), innermost first: a passage cut
    from a document never reverses the text shown after it (U+202E)."""
    stack: list[str] = []
    for m in _BIDI_CONTROLS.finditer(text):
        ch = m.group()
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == _PDF:
            if stack and stack[-1] in _EMBEDDINGS:
                stack.pop()
        elif any(c in _ISOLATES for c in stack):  # PDI closes its isolate and all inside it
            while stack.pop() not in _ISOLATES:
                pass
    return "".join(_PDF if c in _EMBEDDINGS else _PDI for c in reversed(stack))


def render(text: str, start: int, end: int, matches: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` escaped, with the matches inside it wrapped in ``<mark>`` and the
    bidi controls it opens closed at its end (``bidi_closers``)."""
    parts = []
    pos = start
    for ms, me, _ in matches:
        if ms < start or me > end:
            continue
        parts.append(escape(text[pos:ms]))
        parts.append(f"<mark>{escape(text[ms:me])}</mark>")
        pos = me
    parts.append(escape(text[pos:end]))
    if _BIDI_CONTROLS.search(text, start, end):
        parts.append(bidi_closers(text[start:end]))
    return "".join(parts)


def _word_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Move ``[lo, hi)`` inwards to whitespace, so that it cuts neither a word nor a token
    such as ``<script>``."""
    lo = max(lo, 0)
    hi = min(hi, len(text))
    if lo > 0 and not text[lo - 1].isspace():
        while lo < hi and not text[lo].isspace():
            lo += 1
    if hi < len(text) and not text[hi].isspace():
        while hi > lo and not text[hi - 1].isspace():
            hi -= 1
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _run_start(text: str, pos: int, limit: int = 40) -> int:
    """Start of the whitespace-delimited run holding ``pos`` (at most ``limit`` chars back)."""
    lo = pos
    while lo > 0 and pos - lo < limit and not text[lo - 1].isspace():
        lo -= 1
    return lo if lo == 0 or text[lo - 1].isspace() else pos


def _run_end(text: str, pos: int, limit: int = 40) -> int:
    """End of the whitespace-delimited run holding ``pos`` (at most ``limit`` chars on)."""
    hi = pos
    while hi < len(text) and hi - pos < limit and not text[hi].isspace():
        hi += 1
    return hi if hi == len(text) or text[hi].isspace() else pos


def _best_window(matches: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """The index range of matches fitting in ``width`` chars with the most distinct forms."""
    best = (0, 1)
    best_score = -1.0
    j = 0
    for i in range(len(matches)):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] - matches[i][0] <= width:
            j += 1
        window = matches[i : j + 1]
        score = len({m[2] for m in window}) + 0.01 * len(window)
        if score > best_score:
            best, best_score = (i, j + 1), score
    return best


def page_of(pages: list[int] | None, offset: int) -> int | None:
    """The page number (from 1) holding ``offset`` of a body whose pages start at ``pages``."""
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, offset))


def snippet(text: str, segments: list, memo: MatchMemo, width: int = SNIPPET_CHARS,
            passages: int = 2, spans: list[tuple[int, int]] | None = None) -> str:
    """The best passage(s) of ``text`` as HTML with the matched forms in ``<mark>``.

    ``spans``, when given, receives the (first, last) match offsets of each passage shown.
    """
    if not text:
        return ""
    matches = find_matches(text, segments, memo, 0, min(len(text), SCAN_CHARS)) if memo.forms else []
    if not matches:
        lo, hi = _word_bounds(text, 0, width)
        if hi <= 0:
            hi = min(len(text), width)
        return render(text, 0, hi, []) + (ELLIPSIS if hi < len(text) else "")
    chosen: list[tuple[int, int]] = []
    remaining = matches
    per = width if passages == 1 else width // 2 + 20
    for _ in range(passages):
        if not remaining:
            break
        i, j = _best_window(remaining, per)
        window = remaining[i:j]
        span = window[-1][1] - window[0][0]
        pad = max(0, (per - span) // 2)
        lo, hi = _word_bounds(text, window[0][0] - pad, window[-1][1] + pad)
        lo = min(lo, _run_start(text, window[0][0]))
        hi = max(hi, _run_end(text, window[-1][1]))
        chosen.append((lo, hi))
        if spans is not None:
            spans.append((window[0][0], window[-1][1]))
        seen = {m[2] for m in window}
        remaining = [m for m in remaining if (m[1] <= lo or m[0] >= hi) and m[2] not in seen]
        if not remaining:
            break
    chosen.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in chosen:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    out = []
    for k, (lo, hi) in enumerate(merged):
        if lo > 0 and (k == 0 or lo > merged[k - 1][1]):
            out.append(ELLIPSIS)
        out.append(render(text, lo, hi, matches))
    if merged[-1][1] < len(text):
        out.append(ELLIPSIS)
    return " ".join(out).replace(f"{ELLIPSIS} {ELLIPSIS}", ELLIPSIS)


def highlight_segments(text: str, segments: list, memo: MatchMemo | None) -> list[tuple[str, str]]:
    """The whole text as ``(lang, html)`` parts, one per segment, matches marked."""
    segs = [tuple(s) for s in segments] or [(0, len(text), "other")]
    out: list[tuple[str, str]] = []
    pos = 0
    for start, end, lang in segs:
        start, end = int(start), int(end)
        if start > pos:  # text between segments (blank lines): keep it with the next part
            start = pos
        matches = find_matches(text, segments, memo, start, end) if memo and memo.forms else []
        out.append((str(lang), render(text, start, end, matches)))
        pos = end
    if pos < len(text):
        matches = find_matches(text, segments, memo, pos, len(text)) if memo and memo.forms else []
        out.append((str(segs[-1][2]), render(text, pos, len(text), matches)))
    return out
