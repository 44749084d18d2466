"""The whole analysis of one document or one query word.

``analyze_document`` is what the indexer calls (in worker processes): it
segments the text, detects the language of each segment and produces the
pre-analyzed terms of every index language, with positions and offsets into the
(normalized) text. Any backend can index these terms as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from analysis.detect import detect
from analysis.lang import INDEX_LANGS, field_lang, word_terms
from analysis.normalize import normalize_word
from analysis.segment import Segment, segment
from analysis.tokenize import tokenize


class Term(NamedTuple):
    """One index term: ``text`` at word position ``pos``, from characters ``[start, end)``."""

    text: str
    pos: int
    start: int
    end: int


@dataclass
class DocumentAnalysis:
    """Languages and pre-analyzed terms of one text."""

    segments: list[Segment]
    langs: list[str]  # detected codes, largest share first
    primary: str  # the language of the largest share of letters ("other" if none)
    terms: dict[str, list[Term]] = field(default_factory=dict)  # index lang -> lemma terms
    exact: list[Term] = field(default_factory=list)  # normalized surface forms


def analyze_document(text: str, lang_hint: str | None = None) -> DocumentAnalysis:
    """Segment, detect and analyze ``text``.

    ``lang_hint`` (from metadata) is used for segments whose language cannot be
    decided from their own text.
    """
    segments = []
    share: Counter[str] = Counter()
    terms: dict[str, list[Term]] = {lang: [] for lang in INDEX_LANGS}
    exact: list[Term] = []
    pos = 0
    for seg in segment(text):
        chunk = text[seg.start : seg.end]
        lang = detect(chunk)
        if lang == "other" and lang_hint:
            lang = lang_hint
        seg = Segment(seg.start, seg.end, seg.kind, lang)
        segments.append(seg)
        share[lang] += seg.end - seg.start
        bucket = terms[field_lang(lang)]
        for tok in tokenize(chunk, seg.start):
            form = normalize_word(tok.text)
            exact.append(Term(form, pos, tok.start, tok.end))
            for t in word_terms(tok.text, lang):
                bucket.append(Term(t, pos, tok.start, tok.end))
            pos += 1
        pos += 10  # no phrase matches across segments
    langs = [lang for lang, _ in share.most_common()]
    primary = langs[0] if langs else (lang_hint or "other")
    return DocumentAnalysis(segments, langs, primary, terms, exact)


def exact_terms(text: str) -> list[Term]:
    """Normalized surface forms of ``text`` (the exact-form field, and quoted query words)."""
    return [Term(normalize_word(t.text), i, t.start, t.end) for i, t in enumerate(tokenize(text))]


def plausible_languages(word: str) -> list[str]:
    """Index languages a query word may belong to, judged from its letters."""
    cyr = any("\u0400" <= ch <= "\u04ff" for ch in word)
    lat = any(ch.isascii() and ch.isalpha() for ch in word)
    langs = []
    if cyr:
        langs += ["kk", "ru"]
    if lat:
        langs += ["en", "kk"] if "kk" not in langs else ["en"]
    return langs + ["other"]


def query_word_analyses(word: str) -> dict[str, tuple[str, ...]]:
    """Terms of a query word under every plausible language: ``{lang: terms}``."""
    return {lang: word_terms(word, lang) for lang in plausible_languages(word)}
