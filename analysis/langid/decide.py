"""The decision: script first, then statistical, letter and word evidence added up.

For a Cyrillic text each candidate language ``L`` gets a weighted sum of evidence
(``FEATURES``, weighed by ``WEIGHTS``)::

    score(L) = naive Bayes log score                             (analysis.langid.model)
               (kk: the better of py3langid's Kazakh and Muragat's Kazakh typed with
               Russian letters, for a text in Russian letters only with a word that
               Kazakh knows and Russian does not)
             - words with a letter L lacks                        (alphabets)
             + word votes: the Russian, Ukrainian and Kazakh dictionaries (for and, for
               Kazakh, against), neighbours' function words and spelling     (lexicon)
             + a small prior for ru and kk                   (archives are mostly ru/kk)

and the best score wins. The weights are chosen by cross-validation on the shared
language-ID dev file (``muragat eval langid --folds K`` re-chooses them on each fold's
complement and reports the held-out figures). Decisive letters or dictionary words skip
the model. Latin texts with Kazakh marks are read back into Cyrillic and decided there;
other Latin texts go to a Latin-script model with an English word vote. Other scripts get
py3langid's answer over all its languages; fewer than two letters give ``"other"``.
docs/LANGID.md explains each rule with examples and figures.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis import alphabets
from muragat.analysis.langid import kazakh_latin, lexicon, model

# The evidence a Cyrillic text is scored by, per candidate language, in the naive Bayes
# model's log units once weighed (``WEIGHTS``):
FEATURES = (
    "model",           # py3langid's log score (kk: also typed with Russian letters, above)
    "lacks_letter",    # words with a letter the language's alphabet lacks
    "ru_word",         # ru: words in pymorphy3's Russian dictionary
    "uk_word",         # uk: words in simplemma's Ukrainian dictionary
    "uk_only",         # uk: of those, the words pymorphy3's Russian dictionary does not know
    "kk_word",         # kk: words the Kazakh lexicon analyses (listed stem + endings)
    "kk_loan",         # kk: a Russian dictionary stem with a Kazakh ending (компания-сы)
    "kk_folded",       # kk: words it reaches through the Russian-letter fold only
    "kk_unknown",      # kk: words of two letters or more it cannot analyse
    "turkic_word",     # ky tt ba: the words of the two kk counts (shared Turkic vocabulary)
    "neighbour_word",  # uk be ky tt: their function words and (ky) spelling
    "vowel_shift",     # tt ba: words Kazakh knows only with the first vowel shifted back
    "missing_own",     # ky tt ba mn tg sr mk: letters of a text in Russian letters only
    "prior_ru",        # ru: 1
    "prior_kk",        # kk: 1
)
# Tuned on the shared dev file plus guard items from multilingual_docs, starting from
# hand-set values (``muragat.evaluation.langid_tuning``; ``muragat eval langid FILE
# --folds K`` prints these beside the weights tuned without each fold, docs/LANGID.md): a
# word with a letter the language lacks outweighs any word vote; the priors only tip texts
# with almost no evidence (a single word shared by Russian and Kazakh).
WEIGHTS: dict[str, float] = {
    "model": 1.0,
    "lacks_letter": -16.0,
    "ru_word": 7.5,
    "uk_word": 6.0,
    "uk_only": 4.5,
    "kk_word": 2.5,
    "kk_loan": 4.5,
    "kk_folded": 1.0,
    "kk_unknown": -4.5,
    "turkic_word": 3.5,
    "neighbour_word": 2.0,
    "vowel_shift": 2.0,
    "missing_own": -0.25,
    "prior_ru": 2.0,
    "prior_kk": 6.5,
}
# A text in Russian letters only is Russian, Kazakh typed with Russian letters (к for
# қ, н for ң ...), or Bulgarian. Languages whose own letters are missing lose
# ``missing_own`` per letter of the text, up to this many letters: short texts stay
# open, sentences do not.
MISSING_OWN_LETTERS_CAP = 24
_OWN_LETTERS_EXPECTED = ("ky", "tt", "ba", "mn", "tg", "sr", "mk")
_TURKIC_NEIGHBOURS = ("ky", "tt", "ba")
_VOWEL_SHIFTED = ("tt", "ba")  # the languages of the Tatar and Bashkir vowel shift (lexicon)
EN_WORD_WEIGHT = 4.0
PRIOR_EN = 4.0
# Extra prior for English when a Latin text has no letters beyond ASCII: names and
# single words ("Lizzie", "sports") then stay English unless the model is clearly
# sure of another language (a German sentence outscores English by 20 or more).
PRIOR_EN_ASCII = 10.0
# Share of a Latin text's words that English must know before it outvotes a Kazakh reading.
MAX_ENGLISH_SHARE_FOR_KAZAKH = 0.5

# Only this many words (characters) of a long text are read: a segment is one
# language, and it keeps detection well under a millisecond per paragraph.
MAX_WORDS = 60
MAX_LATIN_CHARS = 400
MAX_CHARS = 2000
CACHED_CHARS = 200  # texts up to this long are cached whole (menus, headings, titles)
# Decisive evidence skips the statistical model (most paragraphs of the three index
# languages): at least this many words, and ...
DECISIVE_MIN_WORDS = 8
DECISIVE_DICTIONARY_SHARE = 0.8  # ... this share of them in the ru (en) dictionary, or
DECISIVE_KAZAKH_SHARE = 0.4  # ... this share with a Kazakh letter, two of them with қ or ұ
# ... or (Kazakh, letters only Kazakh's alphabet has all of) at least this many words and
# this share with a Kazakh letter, or more such words than Russian dictionary words.
DECISIVE_MIN_WORDS_SHORT = 2
DECISIVE_KAZAKH_SHARE_SHORT = 1 / 3
# Words of a space-joined word list with a Kazakh letter, and with қ or ұ (among the
# candidates only Kazakh and Tajik have them), counted in one regex pass each (one match
# per word: from the word's start up to its first such letter).
_KAZAKH_LETTERS = "".join(sorted(alphabets.KAZAKH_LETTERS))
_KAZAKH_LETTER_WORD_RE = re.compile(f"(?<![^ ])[^ {_KAZAKH_LETTERS}]*[{_KAZAKH_LETTERS}]")
_KAZAKH_ONLY_WORD_RE = re.compile("(?<![^ ])[^ құ]*[құ]")

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_NON_RUSSIAN_RE = re.compile(f"[^ {''.join(sorted(alphabets.RUSSIAN))}]")
# Latin letters that stand for Cyrillic ones inside a Cyrillic word (i is Kazakh і).
_HOMOGLYPHS = str.maketrans(alphabets.LATIN_LOOKALIKES, alphabets.CYRILLIC_LOOKALIKES)
_CYRILLIC_LANGS = model.CYRILLIC_LANGS
# The languages the model scores a Cyrillic text in: those, and Kazakh typed with Russian letters.
_SCORED_LANGS = (*_CYRILLIC_LANGS, model.KAZAKH_RUSSIAN_LETTERS)
_LANG_INDEX = {lang: i for i, lang in enumerate(_CYRILLIC_LANGS)}


@lru_cache(maxsize=200_000)
def cyrillic_form(word: str) -> str | None:
    """``word`` lowercased with Latin look-alikes repaired if it is mostly Cyrillic, else None."""
    if not alphabets.has_latin(word):
        return word.lower() if alphabets.has_cyrillic(word) else None
    cyr, lat, _ = alphabets.script_counts(word)
    return word.translate(_HOMOGLYPHS).lower() if cyr > lat else None


_FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}
_KK, _RU, _UK = _LANG_INDEX["kk"], _LANG_INDEX["ru"], _LANG_INDEX["uk"]
_KAZAKH_FEATURE = {lexicon.KAZAKH_KNOWN: "kk_word", lexicon.KAZAKH_LOAN: "kk_loan",
                   lexicon.KAZAKH_FOLDED: "kk_folded"}


@lru_cache(maxsize=200_000)
def word_evidence(word: str) -> tuple[tuple[int, int, float], ...]:
    """The evidence one lowercase Cyrillic word gives: ``(language index, feature index,
    value)`` triples (languages of ``CYRILLIC_LANGS``, features of ``FEATURES``)."""
    f = _FEATURE_INDEX
    out: list[tuple[int, int, float]] = []
    for lang in alphabets.lacking_languages(word):
        if lang in _LANG_INDEX:
            out.append((_LANG_INDEX[lang], f["lacks_letter"], 1.0))
    if len(word) < 2:
        return tuple(out)
    if alphabets.RUSSIAN.issuperset(word) and lexicon.is_russian_word(word):
        out.append((_RU, f["ru_word"], 1.0))
    if lexicon.is_ukrainian_word(word):
        out.append((_UK, f["uk_word"], 1.0))
        if not lexicon.is_russian_word(word):
            out.append((_UK, f["uk_only"], 1.0))
    kazakh = lexicon.kazakh_evidence(word)
    if kazakh == lexicon.KAZAKH_NONE:
        out.append((_KK, f["kk_unknown"], 1.0))
    else:
        out.append((_KK, f[_KAZAKH_FEATURE[kazakh]], 1.0))
        out.extend((_LANG_INDEX[lang], f["turkic_word"], 1.0) for lang in _TURKIC_NEIGHBOURS)
    if (neighbour := lexicon.neighbour_vote(word)) is not None:
        out.append((_LANG_INDEX[neighbour], f["neighbour_word"], 1.0))
    if lexicon.tatar_vowel_shift(word):
        out.extend((_LANG_INDEX[lang], f["vowel_shift"], 1.0) for lang in _VOWEL_SHIFTED)
    return tuple(out)


@lru_cache(maxsize=200_000)
def word_votes(word: str) -> tuple[float, ...]:
    """The weighed evidence of one lowercase Cyrillic word, per language of ``CYRILLIC_LANGS``."""
    votes = [0.0] * len(_CYRILLIC_LANGS)
    weights = _weight_vector()
    for lang, feature, value in word_evidence(word):
        votes[lang] += weights[feature] * value
    return tuple(votes)


@lru_cache(maxsize=1)
def _weight_vector() -> tuple[float, ...]:
    return tuple(WEIGHTS[name] for name in FEATURES)


def set_weights(weights: dict[str, float]) -> None:
    """Replace (some of) ``WEIGHTS`` and forget every result that depends on them (tuning)."""
    unknown = set(weights) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown evidence: {', '.join(sorted(unknown))}")
    WEIGHTS.update(weights)
    _weight_vector.cache_clear()
    word_votes.cache_clear()
    _detect_cached.cache_clear()


def detect(text: str) -> str:
    """Return the language code of ``text``: ``kk``, ``ru``, ``en``, another ISO code or ``other``.

    Deterministic. Reads the first ``MAX_CHARS`` characters (a segment is one
    language). Short texts are cached: menus and headings recur on every page.
    """
    text = text[:MAX_CHARS]
    if len(text) <= CACHED_CHARS:
        return _detect_cached(text)
    return _detect(text)


@lru_cache(maxsize=16_384)
def _detect_cached(text: str) -> str:
    return _detect(text)


def load_models() -> None:
    """Load the statistical models and the word dictionaries now (worker start-up)."""
    model.identifier(_SCORED_LANGS)
    model.identifier(model.LATIN_LANGS)
    lexicon.is_russian_word("архив")
    lexicon.is_english_word("archive")
    lexicon.is_ukrainian_word("архів")
    lexicon.kazakh_evidence("мұрағат")


def clear_caches(words: bool = True) -> None:
    """Empty the cache of short texts and (``words=True``) every per-word cache."""
    _detect_cached.cache_clear()
    if words:
        for cached in (
            word_votes, word_evidence, cyrillic_form, lexicon.is_russian_word,
            lexicon.is_english_word, lexicon.is_ukrainian_word, lexicon.kazakh_evidence,
            lexicon.neighbour_vote, lexicon.tatar_vowel_shift,
        ):  # fmt: skip
            cached.cache_clear()


# Quoted titles («...», “...”, "...") are often in another language than the text
# around them: «Уа, Қабанбай»: республиканский конкурс is a Russian heading. They are
# set aside when at least two lowercase words (not names) remain outside them.
_QUOTED_RE = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"")
_CAPITALS = "A-Z" + "".join(sorted(ch.upper() for ch in alphabets.KAZAKH))
_LOWERCASE_WORD_RE = re.compile(rf"(?<![^\W\d_])[^\W\d_{_CAPITALS}][^\W\d_]+")
MIN_UNQUOTED_WORDS = 2
# Not language: markup, web and mail addresses, @handles.
_NOISE_RE = re.compile(r"</?[A-Za-z][^<>]{0,200}>|\b(?:https?://|www\.)\S+|\S+@\S+|@\w+")


def _without_noise(text: str) -> str:
    """``text`` without markup and addresses, unless nothing but them is there."""
    if "<" not in text and "@" not in text and "/" not in text:
        return text
    rest = _NOISE_RE.sub(" ", text)
    return rest if len(_WORD_RE.findall(rest)) >= 1 else text


def _unquoted(text: str) -> str:
    """``text`` without its quoted spans, when enough words are left outside them."""
    if not _QUOTED_RE.search(text):
        return text
    rest = _QUOTED_RE.sub(" ", text)
    return rest if len(_LOWERCASE_WORD_RE.findall(rest)) >= MIN_UNQUOTED_WORDS else text


# A letter outside the Russian and Kazakh alphabets (any case).
_NOT_KK_RU_LETTER_RE = re.compile(
    rf"[^\W\d_{''.join(sorted(alphabets.both_cases(alphabets.KAZAKH)))}]")


def _detect(text: str) -> str:
    text = _unquoted(_without_noise(text))
    if not _NOT_KK_RU_LETTER_RE.search(text):
        # The common case, Russian or Kazakh letters only: no script counts, no Latin
        # look-alikes to repair, the words are the lowercase text's words.
        words = _WORD_RE.findall(text.lower())[:MAX_WORDS]
        if len(words) >= DECISIVE_MIN_WORDS_SHORT:
            lang = _decisive_cyrillic(words, " ".join(words))
            return lang if lang is not None else _best_cyrillic(words)
    cyr, lat, other = alphabets.script_counts(text)
    if cyr + lat + other < 2:
        return "other"
    if other > cyr + lat:
        return model.best_any(text)
    if cyr >= lat:
        return detect_cyrillic(text)
    return detect_latin(text)


# Kazakh letters some other Cyrillic alphabet lacks: only they can rule a language out.
_KAZAKH_DISTINCTIVE = alphabets.CYRILLIC_ALPHABETS["kk"] - frozenset.intersection(
    *alphabets.CYRILLIC_ALPHABETS.values())


def _only_kazakh_spells(letters: set[str]) -> bool:
    """True when Kazakh is the one Cyrillic alphabet of the detector with all of ``letters``
    (which are Kazakh letters)."""
    return _only_kazakh_has(frozenset(letters & _KAZAKH_DISTINCTIVE))


@lru_cache(maxsize=4096)
def _only_kazakh_has(letters: frozenset[str]) -> bool:
    return all(lang == "kk" or not alphabet.issuperset(letters)
               for lang, alphabet in alphabets.CYRILLIC_ALPHABETS.items())


def _decisive_cyrillic(words: list[str], clean: str) -> str | None:
    """``ru`` or ``kk`` when the letters and words alone settle it, else None."""
    n = len(words)
    if n < DECISIVE_MIN_WORDS_SHORT:
        return None
    if not _NON_RUSSIAN_RE.search(clean):
        if n < DECISIVE_MIN_WORDS:
            return None
        known = sum(lexicon.is_russian_word(w) for w in words)
        return "ru" if known >= DECISIVE_DICTIONARY_SHARE * n else None
    letters = set(clean)
    letters.discard(" ")
    if not alphabets.CYRILLIC_ALPHABETS["kk"].issuperset(letters):
        return None
    kazakh = len(_KAZAKH_LETTER_WORD_RE.findall(clean))
    if not kazakh:
        return None
    if (n >= DECISIVE_MIN_WORDS and kazakh >= DECISIVE_KAZAKH_SHARE * n
            and len(_KAZAKH_ONLY_WORD_RE.findall(clean)) >= 2):
        return "kk"
    if not _only_kazakh_spells(letters):
        return None
    if kazakh >= DECISIVE_KAZAKH_SHARE_SHORT * n:
        return "kk"
    # Fewer: still Kazakh when Kazakh letters are in more words than the Russian dictionary
    # knows (a Russian sentence with a Kazakh name has more Russian words than names).
    russian = sum(1 for w in words if alphabets.RUSSIAN.issuperset(w) and lexicon.is_russian_word(w))
    return "kk" if kazakh > russian else None


def _cyrillic_words(text: str) -> list[str]:
    words = []
    for match in _WORD_RE.finditer(text):
        if (form := cyrillic_form(match.group())) is not None:
            words.append(form)
            if len(words) == MAX_WORDS:
                break
    return words


def cyrillic_scores(text: str) -> dict[str, float]:
    """Evidence score of each Cyrillic-script language for ``text`` (higher is likelier)."""
    return _cyrillic_scores(_cyrillic_words(text))


def _has_kazakh_not_russian_word(words: list[str]) -> bool:
    """Some word is Kazakh to the lexicon and unknown to the Russian dictionary."""
    return any(lexicon.kazakh_evidence(w) != lexicon.KAZAKH_NONE
               and not lexicon.is_russian_word(w) for w in words)


def _text_evidence(words: list[str]) -> tuple[dict[str, float], float]:
    """The text-level evidence: the model's scores, and the letter count that
    ``missing_own`` weighs (0 unless the text has Russian letters only)."""
    clean = " ".join(words)
    nb = model.scores(clean, _SCORED_LANGS)
    retyped = nb.pop(model.KAZAKH_RUSSIAN_LETTERS, None)
    if _NON_RUSSIAN_RE.search(clean):
        return nb, 0.0
    if retyped is not None and retyped > nb["kk"] and _has_kazakh_not_russian_word(words):
        # Russian letters only, and a word Kazakh knows but Russian does not: Kazakh may be
        # typed with them (к for қ ...), which py3langid's Kazakh never saw and takes for
        # Kyrgyz or Tatar.
        nb["kk"] = retyped
    return nb, float(min(len(clean) - clean.count(" "), MISSING_OWN_LETTERS_CAP))


def _cyrillic_scores(words: list[str]) -> dict[str, float]:
    nb, missing = _text_evidence(words)
    w_model = WEIGHTS["model"]
    totals = [w_model * nb[lang] for lang in _CYRILLIC_LANGS]
    if words:  # add each language's column of the per-word votes
        columns = zip(*map(word_votes, words), strict=True)
        totals = [t + sum(column) for t, column in zip(totals, columns, strict=True)]
    scores = dict(zip(_CYRILLIC_LANGS, totals, strict=True))
    if missing:
        for lang in _OWN_LETTERS_EXPECTED:
            scores[lang] += WEIGHTS["missing_own"] * missing
    scores["ru"] += WEIGHTS["prior_ru"]
    scores["kk"] += WEIGHTS["prior_kk"]
    return scores


def cyrillic_evidence(words: list[str]) -> list[list[float]]:
    """The unweighed evidence of a Cyrillic text's words: one row per language of
    ``CYRILLIC_LANGS``, one column per feature of ``FEATURES`` (for tuning the weights;
    the row times the weights is ``_cyrillic_scores``)."""
    nb, missing = _text_evidence(words)
    f = _FEATURE_INDEX
    rows = [[0.0] * len(FEATURES) for _ in _CYRILLIC_LANGS]
    for i, lang in enumerate(_CYRILLIC_LANGS):
        rows[i][f["model"]] = nb[lang]
        if lang in _OWN_LETTERS_EXPECTED:
            rows[i][f["missing_own"]] = missing
    rows[_RU][f["prior_ru"]] = 1.0
    rows[_KK][f["prior_kk"]] = 1.0
    for word in words:
        for lang, feature, value in word_evidence(word):
            rows[lang][feature] += value
    return rows


def explain(text: str) -> tuple[str | None, list[list[float]] | None]:
    """How ``detect`` decides ``text``: ``(answer, None)`` when no weighed Cyrillic
    evidence is involved (script, decisive letters or words, Latin), else
    ``(None, cyrillic_evidence(words))``. For tuning the weights."""
    text = _unquoted(_without_noise(text[:MAX_CHARS]))
    if not _NOT_KK_RU_LETTER_RE.search(text):
        words = _WORD_RE.findall(text.lower())[:MAX_WORDS]
        if len(words) >= DECISIVE_MIN_WORDS_SHORT:
            lang = _decisive_cyrillic(words, " ".join(words))
            return (lang, None) if lang is not None else (None, cyrillic_evidence(words))
    cyr, lat, other = alphabets.script_counts(text)
    if cyr + lat + other < 2 or other > cyr + lat or cyr < lat:
        return _detect(text), None
    words = _cyrillic_words(text)
    if (lang := _decisive_cyrillic(words, " ".join(words))) is not None:
        return lang, None
    return None, cyrillic_evidence(words)


def detect_cyrillic(text: str) -> str:
    """The language of a text written mostly in Cyrillic."""
    words = _cyrillic_words(text)
    if (lang := _decisive_cyrillic(words, " ".join(words))) is not None:
        return lang
    return _best_cyrillic(words)


def _best_cyrillic(words: list[str]) -> str:
    scores = _cyrillic_scores(words)
    return max(scores, key=scores.__getitem__)


def detect_latin(text: str) -> str:
    """The language of a text written mostly in Latin letters (English, Latin Kazakh, ...).

    A text with Kazakh Latin marks is Kazakh when its Cyrillic reading is; a plain
    one is read as Kazakh only when the Latin-script model would not call it English.
    """
    text = text[:MAX_LATIN_CHARS]
    if alphabets.has_cyrillic(text):
        # A mixed line ("Вы здесь: Главная › Архив › Seminar on library marketing"): the
        # Latin words are judged; Cyrillic letters would make the Latin-script model
        # read Uzbek (its one language with Cyrillic in its profile) and deny the ASCII prior.
        text = " ".join(w for w in _WORD_RE.findall(text) if not alphabets.has_cyrillic(w))
    words = [w.lower() for w in _WORD_RE.findall(text)]
    english = sum(lexicon.is_english_word(w) for w in words)
    mostly_english = english > MAX_ENGLISH_SHARE_FOR_KAZAKH * len(words)
    if (
        len(words) >= DECISIVE_MIN_WORDS
        and english >= DECISIVE_DICTIONARY_SHARE * len(words)
        and all(w.isascii() for w in words)
    ):
        return "en"
    which = kazakh_latin.variant(text)
    if which is not None and not mostly_english and _reads_as_kazakh(text, which):
        return "kk"
    scores = model.scores(text, model.LATIN_LANGS)
    scores["en"] += PRIOR_EN + EN_WORD_WEIGHT * english
    if all(ch.isascii() for ch in text if ch.isalpha()):
        scores["en"] += PRIOR_EN_ASCII
    best = max(scores, key=scores.__getitem__)
    if (
        best != "en"
        and which is None
        and not mostly_english
        and kazakh_latin.could_be_kazakh(text)
        and _reads_as_kazakh(text, "2021")
    ):
        return "kk"
    return best


def _reads_as_kazakh(text: str, which: str) -> bool:
    return detect_cyrillic(kazakh_latin.to_cyrillic(text, which)) == "kk"
