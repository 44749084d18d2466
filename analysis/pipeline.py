"""The whole analysis of one document: ``analyze_document``.

It segments the text, decides the language of each segment (``segment_langs``) and
analyzes every word in its segment's index language (``words``), with positions and
offsets into the (normalized) text. Any backend can index these terms as they are.
This is what the indexer calls, in worker processes (``worker.prepare_worker``).

Speed comes from not repeating work: a word is analyzed once per process and
index language (``words.analyze_word``, an explicit bounded cache), and short lines
once per process (``_analyze_short_segment``, bounded), so a document costs a regex
pass and one cache lookup per token once the vocabulary is warm.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from muragat.analysis.document import DocumentAnalysis, Term, WordAnalysis, WordRun
from muragat.analysis.lang import OTHER, field_lang
from muragat.analysis.langid.decide import clear_caches as clear_detection_caches
from muragat.analysis.normalize import normalize_word
from muragat.analysis.segment import Segment, segment
from muragat.analysis.segment_langs import (
    MIXED_LINE_CHARS,
    SHORT_LINE_WORDS,
    SHORT_SEGMENT,
    letters_allow,
    mixed_line_lang,
    segment_lang,
)
from muragat.analysis.tokenize import WORD_RE, tokenize
from muragat.analysis.words import analyze_word, clear_word_caches, word_caches, words_cached

# Positions skipped between segments, so no phrase query matches across them.
SEGMENT_GAP = 10


def _analyze_segment(chunk: str, lang_hint: str | None,
                     lang: str | None = None) -> tuple[str, tuple[WordAnalysis, ...]]:
    """Language of a short segment (``lang`` if given, else detected) and its words' analyses."""
    lang = lang or segment_lang(chunk, lang_hint)
    index_lang = field_lang(lang)
    return lang, tuple([analyze_word(word, index_lang) for word in WORD_RE.findall(chunk)])


# Short lines are cached whole: scraped pages repeat their menus, headings and footers on
# every page. Paragraphs are not (they rarely repeat, and caching them costs more than it saves).
_analyze_short_segment = lru_cache(maxsize=20_000)(_analyze_segment)


def analyze_document(text: str, lang_hint: str | None = None,
                     prefer: str | None = None) -> DocumentAnalysis:
    """Segment, detect and analyze ``text``.

    Each paragraph whose letters agree (``hint_agrees``) with the document's
    language — ``lang_hint`` from metadata, else the language detected for the
    whole text once there are several paragraphs — takes it without running the
    detector; other paragraphs and all short lines are detected. ``lang_hint`` is
    also taken for segments the detector cannot decide.

    ``prefer`` (a title's document language): a short line of at most
    ``SHORT_LINE_WORDS`` words takes it whenever its letters allow it
    (``letters_allow``) — two or three words prove little, and a Kazakh title
    such as "Антициклон" or "Диуани хикмет" has no letter Russian lacks.

    A short line mixing Cyrillic and Latin words takes the document's language
    (``lang_hint``, else the language of the largest share) unless the evidence for
    another is strong (``mixed_line_lang``).
    """
    segments = []
    share: Counter[str] = Counter()
    runs: list[WordRun] = []
    pos = 0
    segs = segment(text)
    trusted = lang_hint
    if not trusted and sum(1 for seg in segs if seg.kind == "paragraph") > 1:
        trusted = segment_lang(text, None)  # the detected language of the whole text
    for seg in segs:
        start, end = seg.start, seg.end
        if seg.kind != "paragraph" and end - start <= SHORT_SEGMENT:
            chunk = text[start:end]
            if prefer and letters_allow(chunk, prefer) and \
                    len(WORD_RE.findall(chunk)) <= SHORT_LINE_WORDS:
                lang, analyses = _analyze_short_segment(chunk, prefer, prefer)
            else:
                lang, analyses = _analyze_short_segment(chunk, lang_hint)
        else:
            lang = segment_lang(text[start:end], lang_hint, trusted)
            index_lang = field_lang(lang)
            cached = word_caches[index_lang].get
            # Matched in place (the segment is trimmed: no word is cut at its edges).
            analyses = [cached(w) or analyze_word(w, index_lang)
                        for w in WORD_RE.findall(text, start, end)]
        segments.append(Segment(start, end, seg.kind, lang))
        share[lang] += end - start
        runs.append(WordRun(pos, start, end, lang, analyses))
        pos += len(analyses) + SEGMENT_GAP
    if share:
        doc_lang = lang_hint or share.most_common(1)[0][0]
        for i, run in enumerate(runs):
            if run.lang == doc_lang or run.end - run.start > MIXED_LINE_CHARS:
                continue
            lang = mixed_line_lang(text[run.start:run.end], run.lang, doc_lang)
            if lang != run.lang:
                index_lang = field_lang(lang)
                runs[i] = run._replace(lang=lang, analyses=[
                    analyze_word(w, index_lang) for w in WORD_RE.findall(text, run.start, run.end)])
                segments[i] = Segment(run.start, run.end, segments[i].kind, lang)
                share[run.lang] -= run.end - run.start
                share[lang] += run.end - run.start
    langs = [lang for lang, n in share.most_common() if n > 0]
    primary = langs[0] if langs else (lang_hint or OTHER)
    return DocumentAnalysis(segments, langs, primary, runs, text)


def exact_terms(text: str) -> list[Term]:
    """Normalized surface forms of ``text`` (the exact-form field, and quoted query words)."""
    return [Term(normalize_word(t.text), i, t.start, t.end) for i, t in enumerate(tokenize(text))]


def clear_caches(detection: bool = False) -> None:
    """Empty the per-word and per-segment caches of the pipeline (benchmarks; tests);
    with ``detection`` also every cache of the language detector."""
    clear_word_caches()
    _analyze_short_segment.cache_clear()
    if detection:
        clear_detection_caches()


def cache_stats() -> dict[str, float | int]:
    """Size of the word cache; hits and hit rate of the short-segment cache."""
    segs = _analyze_short_segment.cache_info()
    total = segs.hits + segs.misses
    return {"words_cached": words_cached(), "segment_hits": segs.hits,
            "segment_hit_rate": round(segs.hits / total, 4) if total else 0.0}
