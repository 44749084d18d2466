"""The whole analysis of one document or one query word.

``analyze_document`` is what the indexer calls (in worker processes): it
segments the text, detects the language of each segment and produces the
pre-analyzed terms of every index language, with positions and offsets into the
(normalized) text. Any backend can index these terms as they are.

Speed comes from not repeating work: a word is analyzed once per process and
index language (``analyze_word``, an explicit bounded cache), so a document
costs a regex pass and one cache lookup per token once the vocabulary is warm.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from muragat.analysis.detect import detect
from muragat.analysis.lang import (
    INDEX_LANGS,
    field_lang,
    get_language,
    normalized_terms,
    word_terms,
)
from muragat.analysis.langid.alphabets import script_counts
from muragat.analysis.langid.decide import clear_caches as clear_detection_caches
from muragat.analysis.langid.decide import load_models
from muragat.analysis.langid.model import CYRILLIC_LANGS
from muragat.analysis.normalize import normalize_word
from muragat.analysis.segment import Segment, segment
from muragat.analysis.tokenize import WORD_RE as _WORD_RE
from muragat.analysis.tokenize import tokenize

# Positions skipped between segments, so no phrase query matches across them.
SEGMENT_GAP = 10


class Term(NamedTuple):
    """One index term: ``text`` at word position ``pos``, from characters ``[start, end)``."""

    text: str
    pos: int
    start: int
    end: int


# A field's postings for one document: term -> its word positions (ascending).
TermPositions = dict[str, list[int]]


class WordRun(NamedTuple):
    """The words of one segment ``text[start:end]``, at word positions from ``pos``."""

    pos: int
    start: int
    end: int
    lang: str  # the segment's detected language
    analyses: Sequence[WordAnalysis]  # one per word, in order


@dataclass
class DocumentAnalysis:
    """Languages and pre-analyzed terms of one text.

    The analyzed words are kept once (``runs``); the term lists (``terms``, ``exact``,
    ``fold``) and the per-term positions (``positions``, what an index writer needs)
    are both derived from them on demand. Character offsets are found again only
    for the term lists (the index needs positions, not offsets).
    """

    segments: list[Segment]
    langs: list[str]  # detected codes, largest share first
    primary: str  # the language of the largest share of letters ("other" if none)
    runs: list[WordRun] = field(default_factory=list, repr=False)
    text: str = field(default="", repr=False)  # the analyzed text (for offsets)

    def _words(self, run: WordRun) -> Iterator[tuple[int, int, int, WordAnalysis]]:
        """``(position, start, end, analysis)`` of each word of ``run``."""
        spans = _WORD_RE.finditer(self.text, run.start, run.end)
        for p, (m, a) in enumerate(zip(spans, run.analyses, strict=True), run.pos):
            yield p, m.start(), m.end(), a

    @cached_property
    def terms(self) -> dict[str, list[Term]]:
        """Index language -> lemma terms (the language of each segment decides)."""
        out: dict[str, list[Term]] = {lang: [] for lang in INDEX_LANGS}
        for run in self.runs:
            out[field_lang(run.lang)] += [Term(t, p, s, e)
                                          for p, s, e, a in self._words(run) for t in a[1]]
        return out

    @cached_property
    def exact(self) -> list[Term]:
        """Normalized surface forms."""
        return [Term(a[0], p, s, e) for run in self.runs for p, s, e, a in self._words(run)]

    @cached_property
    def fold(self) -> list[Term]:
        """Kazakh words (normalized) folded by ``analysis.lang.kk.fold``: matches text typed
        with Russian letters for Kazakh ones (қазақ -> казак); only Kazakh segments."""
        return [Term(t, p, s, e) for run in self.runs if run.lang == "kk"
                for p, s, e, a in self._words(run) for t in a[2]]

    @property
    def last_pos(self) -> int:
        """The position of the last word (-1 without words)."""
        for run in reversed(self.runs):
            if run.analyses:
                return run.pos + len(run.analyses) - 1
        return -1

    def positions(self) -> dict[str, TermPositions]:
        """Per-term word positions: ``{"exact": ..., "fold": ..., <index lang>: ...}``.

        The same terms as ``exact``, ``fold`` and ``terms`` without building a tuple per
        term (the indexer's hot path: a fresh dict each call, free to modify).
        """
        exact: TermPositions = {}
        fold: TermPositions = {}
        out: dict[str, TermPositions] = {lang: {} for lang in INDEX_LANGS}
        out["exact"] = exact
        out["fold"] = fold
        get_exact = exact.get
        for pos, _, _, lang, analyses in self.runs:
            lemmas = out[field_lang(lang)]
            get_lemma = lemmas.get
            kk = lang == "kk"
            for p, a in enumerate(analyses, pos):
                found = get_exact(a[0])
                if found is None:
                    exact[a[0]] = [p]
                else:
                    found.append(p)
                for t in a[1]:  # distinct terms (``WordAnalysis``): one position each
                    found = get_lemma(t)
                    if found is None:
                        lemmas[t] = [p]
                    else:
                        found.append(p)
                if kk:
                    for t in a[2]:
                        found = fold.get(t)
                        if found is None:
                            fold[t] = [p]
                        else:
                            found.append(p)
        return out


class WordAnalysis(NamedTuple):
    """Everything the index needs from one word in one index language."""

    exact: str  # the normalized surface form
    terms: tuple[str, ...]  # lemma terms, best guess first
    fold: tuple[str, ...]  # folded Kazakh forms (Kazakh only)


@lru_cache(maxsize=1)
def _kk_fold():
    """``analysis.lang.kk.fold`` if the Kazakh module has it, else None."""
    return getattr(get_language("kk"), "fold", None)


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(dict.fromkeys(v for v in value if v))


# The per-word caches: index language -> {word: WordAnalysis}. Plain dicts rather
# than lru_cache: their entries hold only strings and tuples, which the garbage
# collector stops tracking, so a large warm cache costs no collector time. Bounded:
# a language's cache is emptied when it reaches WORD_CACHE_SIZE entries.
WORD_CACHE_SIZE = 500_000
_word_caches: dict[str, dict[str, WordAnalysis]] = {lang: {} for lang in INDEX_LANGS}


def _analyze_word_uncached(word: str, lang: str) -> WordAnalysis:
    normalized, terms = normalized_terms(word, lang)
    fold: tuple[str, ...] = ()
    if lang == "kk" and normalized:
        fold_fn = _kk_fold()
        if fold_fn is not None:  # the fold key of the normalized word (қазақ -> казак)
            fold = _as_tuple(fold_fn(normalized))
    return WordAnalysis(normalize_word(word), terms, fold)


def analyze_word(word: str, lang: str) -> WordAnalysis:
    """Analyze a raw word in index language ``lang`` (cached per process).

    A detected code without its own index language (``uk``) counts as ``other``.
    """
    cache = _word_caches.get(lang)
    if cache is None:
        lang = field_lang(lang)
        cache = _word_caches[lang]
    found = cache.get(word)
    if found is None:
        if len(cache) >= WORD_CACHE_SIZE:
            cache.clear()
        found = cache[word] = _analyze_word_uncached(word, lang)
    return found


def prepare_worker() -> None:
    """Load every analyzer now and exempt the loaded data from garbage collection.

    For indexer worker processes and benchmarks: call once at start-up (before
    forking, if the workers fork). Dictionaries and lexicons are then loaded once,
    and the collector no longer walks them (``gc.freeze``): about a quarter of the
    cold analysis time otherwise.
    """
    for lang in INDEX_LANGS:
        for word in ("архивтер", "архивы", "archives"):
            word_terms(word, lang)
    load_models()
    detect("Архив библиотеки. Кітапхана мұрағаты. The library archive.")
    gc.collect()
    gc.freeze()


def clear_caches(detection: bool = False) -> None:
    """Empty the per-word and per-segment caches of the pipeline (benchmarks; tests);
    with ``detection`` also every cache of the language detector."""
    for cache in _word_caches.values():
        cache.clear()
    _analyze_short_segment.cache_clear()
    if detection:
        clear_detection_caches()


def cache_stats() -> dict[str, float | int]:
    """Size of the word cache; hits and hit rate of the short-segment cache."""
    segs = _analyze_short_segment.cache_info()
    total = segs.hits + segs.misses
    return {"words_cached": sum(map(len, _word_caches.values())), "segment_hits": segs.hits,
            "segment_hit_rate": round(segs.hits / total, 4) if total else 0.0}


# Short lines (menus, headings, footers: segments not of kind "paragraph") are cached whole:
# scraped pages repeat them on every page of a site. Paragraphs are not (they rarely
# repeat, and caching them costs more than it saves).
SHORT_SEGMENT = 200


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_LATIN_RE = re.compile("[A-Za-z]")
_NON_ASCII_LETTER_RE = re.compile(r"[^\W\d_A-Za-z]")
# Kazakh letters that Russian lacks; with Ukrainian, Belarusian, Tatar, Serbian and
# Macedonian ones: letters that are not Russian.
# Kazakh proof: қ ұ і ғ (Kyrgyz, Tatar and Mongolian share ә ң ө ү һ but have none of
# these), and no letter of a neighbour (Ukrainian ї є ґ, Belarusian/Uzbek ў, Tatar җ,
# Bashkir ҡ ҙ ҫ, Uzbek ҳ).
_KAZAKH_PROOF_RE = re.compile("[құіғҚҰІҒ]")
_NOT_KAZAKH_RE = re.compile("[їєґўҗҡҙҫҳЇЄҐЎҖҠҘҪҲ]")
_NOT_RUSSIAN_RE = re.compile("[әғқңөұүһіїєґўҗјљњћђџѓќѕӘҒҚҢӨҰҮҺІЇЄҐЎҖЈЉЊЋЂЏЃЌЅ]")


# A short line of at most this many words takes a preferred language its letters allow.
SHORT_LINE_WORDS = 4


def letters_allow(chunk: str, lang: str) -> bool:
    """True when no letter of ``chunk`` rules out ``lang`` (weaker than ``hint_agrees``).

    kk: Cyrillic, no letter of a neighbour (ї ў җ ҡ...), at most a fifth Latin letters
    (Kazakh writes every Russian letter); ru: Cyrillic without any letter Russian
    lacks; en: Latin ASCII letters only; other codes: never.
    """
    if lang == "en":
        return bool(_LATIN_RE.search(chunk)) and not _NON_ASCII_LETTER_RE.search(chunk)
    if lang not in ("kk", "ru") or not _CYRILLIC_RE.search(chunk):
        return False
    if _LATIN_RE.search(chunk) and (
            len(_LATIN_RE.findall(chunk)) * 4 > len(_CYRILLIC_RE.findall(chunk))):
        return False
    return not (_NOT_KAZAKH_RE if lang == "kk" else _NOT_RUSSIAN_RE).search(chunk)


def hint_agrees(chunk: str, hint: str) -> bool:
    """True when the letters of ``chunk`` confirm the language ``hint``.

    kk: Cyrillic with қ ұ і or ғ and no letter of a neighbour language (Kyrgyz and
    Tatar share ә ң ө ү but not these; ї ў җ ҡ are not Kazakh); ru: Cyrillic without any
    letter Russian lacks; en: Latin ASCII letters only. A paragraph that agrees
    with the document's language is not run through the detector.
    """
    if hint == "en":
        return bool(_LATIN_RE.search(chunk)) and not _NON_ASCII_LETTER_RE.search(chunk)
    if hint not in ("kk", "ru"):
        return False
    if not _CYRILLIC_RE.search(chunk):
        return False
    if _LATIN_RE.search(chunk) and (
            len(_LATIN_RE.findall(chunk)) * 4 > len(_CYRILLIC_RE.findall(chunk))):
        return False  # a fifth of the letters or more are Latin
    if hint == "kk":
        return bool(_KAZAKH_PROOF_RE.search(chunk)) and not _NOT_KAZAKH_RE.search(chunk)
    return not _NOT_RUSSIAN_RE.search(chunk)


# Close neighbours the detector cannot separate well from a metadata language, with the
# letters that prove the neighbour (without them, the metadata language is kept):
# Kazakh typed with Russian letters reads as Kyrgyz/Tatar/Bashkir; Russian as Ukrainian/Belarusian.
_NEIGHBOURS: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {
    "kk": (frozenset({"ky", "tt", "ba"}), _NOT_KAZAKH_RE),
    "ru": (frozenset({"uk", "be"}), re.compile("[іїєґўІЇЄҐЎ]")),
}


def _hint_overrides(chunk: str, detected: str, lang_hint: str) -> bool:
    """True when ``detected`` is a close neighbour of the metadata language ``lang_hint``
    and no letter of ``chunk`` proves the neighbour."""
    neighbours = _NEIGHBOURS.get(lang_hint)
    return (neighbours is not None and detected in neighbours[0]
            and not neighbours[1].search(chunk))


def _segment_lang(chunk: str, lang_hint: str | None, trusted: str | None = None) -> str:
    """The language of a segment: ``trusted`` if its letters agree, else the detector's.

    ``lang_hint`` (from metadata) is taken when the detector cannot decide, and when it
    finds a close neighbour of the hint that no letter proves (ky for kk, uk for ru).
    """
    if trusted and hint_agrees(chunk, trusted):
        return trusted
    lang = detect(chunk)
    if lang_hint and (lang == "other" or _hint_overrides(chunk, lang, lang_hint)):
        return lang_hint
    return lang


# A short line that mixes Cyrillic and Latin words (a breadcrumb "Вы здесь: Главная › Архив ›
# Seminar on library marketing", "Электрондық каталог / E-catalogue") takes its document's
# language unless the evidence for the detected one is strong: that language's script
# holds at least STRONG_SCRIPT_SHARE of the line's letters, or (Kazakh) letters only
# Kazakh has. The statistical models judge such lines poorly (a Latin-script model read the
# breadcrumb above as Uzbek).
MIXED_LINE_CHARS = SHORT_SEGMENT
STRONG_SCRIPT_SHARE = 0.75
_ADDRESS_RE = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+")
_CYRILLIC_SCRIPT_LANGS = frozenset(CYRILLIC_LANGS)


def mixed_line_lang(chunk: str, detected: str, doc_lang: str) -> str:
    """The language of the segment ``chunk`` detected as ``detected`` in a document in
    ``doc_lang``: ``doc_lang`` for a short mixed-script line without strong evidence."""
    if detected == doc_lang or doc_lang == "other" or len(chunk) > MIXED_LINE_CHARS:
        return detected
    letters = _ADDRESS_RE.sub(" ", chunk) if "@" in chunk or "/" in chunk else chunk
    cyr, lat, _ = script_counts(letters)
    if cyr < 2 or lat < 2:  # one script: not a mixed line
        return detected
    own = cyr if detected in _CYRILLIC_SCRIPT_LANGS else lat
    if own >= STRONG_SCRIPT_SHARE * (cyr + lat):
        return detected
    if detected == "kk" and _KAZAKH_PROOF_RE.search(letters) and not _NOT_KAZAKH_RE.search(letters):
        return detected
    return doc_lang


def _analyze_segment(chunk: str, lang_hint: str | None,
                     lang: str | None = None) -> tuple[str, tuple[WordAnalysis, ...]]:
    """Language of a short segment (``lang`` if given, else detected) and its words' analyses.

    Short lines are detected (letters prove little in three words), and
    cached whole: scraped pages repeat their menus.
    """
    lang = lang or _segment_lang(chunk, lang_hint)
    index_lang = field_lang(lang)
    return lang, tuple([analyze_word(word, index_lang) for word in _WORD_RE.findall(chunk)])


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
        trusted = detect(text)
    for seg in segs:
        start, end = seg.start, seg.end
        if seg.kind != "paragraph" and end - start <= SHORT_SEGMENT:
            chunk = text[start:end]
            if prefer and letters_allow(chunk, prefer) and \
                    len(_WORD_RE.findall(chunk)) <= SHORT_LINE_WORDS:
                lang, analyses = _analyze_short_segment(chunk, prefer, prefer)
            else:
                lang, analyses = _analyze_short_segment(chunk, lang_hint)
        else:
            lang = _segment_lang(text[start:end], lang_hint, trusted)
            index_lang = field_lang(lang)
            cached = _word_caches[index_lang].get
            # Matched in place (the segment is trimmed: no word is cut at its edges).
            analyses = [cached(w) or analyze_word(w, index_lang)
                        for w in _WORD_RE.findall(text, start, end)]
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
                    analyze_word(w, index_lang) for w in _WORD_RE.findall(text, run.start, run.end)])
                segments[i] = Segment(run.start, run.end, segments[i].kind, lang)
                share[run.lang] -= run.end - run.start
                share[lang] += run.end - run.start
    langs = [lang for lang, n in share.most_common() if n > 0]
    primary = langs[0] if langs else (lang_hint or "other")
    return DocumentAnalysis(segments, langs, primary, runs, text)


def exact_terms(text: str) -> list[Term]:
    """Normalized surface forms of ``text`` (the exact-form field, and quoted query words)."""
    return [Term(normalize_word(t.text), i, t.start, t.end) for i, t in enumerate(tokenize(text))]


_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Latin letters of Kazakh Latin (2021 alphabet) and the 2017/2018 acute variants.
# (q is English too, so it proves nothing.)
_KAZAKH_LATIN_LETTERS = frozenset("äğñöūüıáóúýǵńİÄĞÑÖŪÜÁÓÚÝǴŃ")


def plausible_languages(word: str) -> list[str]:
    """Index languages a query word may belong to, judged from its letters.

    Cyrillic: Kazakh and Russian (only Kazakh with a Kazakh-only letter such as
    қ; ё ъ э prove nothing, Kazakh writes Russian loanwords as they are). Latin:
    English and Latin Kazakh (only Kazakh with a Kazakh Latin letter such as ä or
    ǵ). Always ``other`` last.
    """
    cyr = lat = False
    for ch in word:
        if "\u0400" <= ch <= "\u04ff":
            cyr = True
        elif ch.isalpha() and ch.isascii() or ch in _KAZAKH_LATIN_LETTERS:
            lat = True
    langs: list[str] = []
    if cyr:
        if any(ch in _KAZAKH_LETTERS for ch in word):
            langs.append("kk")
        else:
            langs += ["kk", "ru"]
    if lat:
        if any(ch in _KAZAKH_LATIN_LETTERS for ch in word):
            langs.append("kk")
        else:
            langs.append("en")
            if "kk" not in langs:
                langs.append("kk")
    return langs + ["other"]


def query_word_analyses(word: str) -> dict[str, tuple[str, ...]]:
    """Terms of a query word under every plausible language: ``{lang: terms}``."""
    return {lang: word_terms(word, lang) for lang in plausible_languages(word)}
