"""The decision: script first, then statistical, letter and word evidence added up.

For a Cyrillic text each candidate language ``L`` gets::

    score(L) = naive Bayes log score                      (analysis.langid.model)
             - LETTER_PENALTY x words with a letter L lacks    (alphabets)
             + word votes: Russian dictionary, Kazakh function words and endings,
               neighbours' function words and spelling       (lexicon)
             + a small prior for ru and kk                  (archives are mostly ru/kk)

and the best score wins. Text in Russian letters only that looks Turkic but not
Kyrgyz or Tatar is Kazakh typed with Russian letters: the Turkic languages then share
the model's best score. Decisive letters or dictionary words skip the model. Latin
texts with Kazakh marks are read back into Cyrillic and decided there; other Latin
texts go to a Latin-script model with an English word vote. Other scripts get
py3langid's answer over all its languages; fewer than two letters give ``"other"``.
docs/LANGID.md explains each rule with examples and figures.
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis import alphabets
from muragat.analysis.langid import kazakh_latin, lexicon, model

# Evidence weights, in the naive Bayes model's log units. A word with a letter the
# language lacks outweighs a word vote; the priors only tip texts with almost no
# evidence (a single word).
LETTER_PENALTY = 12.0
RU_WORD_WEIGHT = 4.0
KK_WORD_WEIGHT = 4.0
NEIGHBOUR_WORD_WEIGHT = 4.0
# Kyrgyz, Tatar and Bashkir share Kazakh's endings; they get this share of its vote.
NEIGHBOUR_ENDING_SHARE = 0.5
EN_WORD_WEIGHT = 4.0
PRIORS_CYRILLIC = {"ru": 3.0, "kk": 2.0}
# A text in Russian letters only is Russian, Kazakh typed with Russian letters (к for
# қ, н for ң ...), or Bulgarian. Languages whose own letters are missing lose this
# much per letter of the text, up to a cap: short texts stay open, sentences do not.
MISSING_OWN_LETTERS_PER_LETTER = 0.5
MISSING_OWN_LETTERS_CAP = 12.0
_OWN_LETTERS_EXPECTED = ("ky", "tt", "ba", "mn", "tg", "sr", "mk")
_TURKIC_POOL = ("kk", "ky", "tt", "ba")
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
_LANG_INDEX = {lang: i for i, lang in enumerate(_CYRILLIC_LANGS)}


@lru_cache(maxsize=200_000)
def cyrillic_form(word: str) -> str | None:
    """``word`` lowercased with Latin look-alikes repaired if it is mostly Cyrillic, else None."""
    if not alphabets.has_latin(word):
        return word.lower() if alphabets.has_cyrillic(word) else None
    cyr, lat, _ = alphabets.script_counts(word)
    return word.translate(_HOMOGLYPHS).lower() if cyr > lat else None


@lru_cache(maxsize=200_000)
def word_votes(word: str) -> tuple[float, ...]:
    """Letter and word evidence of one lowercase Cyrillic word, per language of ``CYRILLIC_LANGS``."""
    votes = [0.0] * len(_CYRILLIC_LANGS)
    for lang in alphabets.lacking_languages(word):
        if lang in _LANG_INDEX:
            votes[_LANG_INDEX[lang]] -= LETTER_PENALTY
    if len(word) >= 2:
        if alphabets.RUSSIAN.issuperset(word) and lexicon.is_russian_word(word):
            votes[_LANG_INDEX["ru"]] += RU_WORD_WEIGHT
        if lexicon.is_kazakh_function_word(word):
            votes[_LANG_INDEX["kk"]] += 2 * KK_WORD_WEIGHT
        if ending := lexicon.turkic_ending_evidence(word):
            for lang in _TURKIC_POOL:
                share = 1.0 if lang == "kk" else NEIGHBOUR_ENDING_SHARE
                votes[_LANG_INDEX[lang]] += KK_WORD_WEIGHT * ending * share
        if (neighbour := lexicon.neighbour_vote(word)) is not None:
            votes[_LANG_INDEX[neighbour]] += NEIGHBOUR_WORD_WEIGHT
    return tuple(votes)


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
    model.identifier(_CYRILLIC_LANGS)
    model.identifier(model.LATIN_LANGS)
    lexicon.is_russian_word("архив")
    lexicon.is_english_word("archive")


def clear_caches(words: bool = True) -> None:
    """Empty the cache of short texts and (``words=True``) every per-word cache."""
    _detect_cached.cache_clear()
    if words:
        for cached in (
            word_votes, cyrillic_form, lexicon.is_russian_word, lexicon.is_english_word,
            lexicon.turkic_ending_evidence, lexicon.neighbour_vote,
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


def _looks_turkic_not_kyrgyz(words: list[str]) -> bool:
    turkic = False
    for w in words:
        if lexicon.neighbour_vote(w) in ("ky", "tt"):
            return False
        turkic = turkic or lexicon.is_kazakh_function_word(w) or bool(lexicon.turkic_ending_evidence(w))
    return turkic


def cyrillic_scores(text: str) -> dict[str, float]:
    """Evidence score of each Cyrillic-script language for ``text`` (higher is likelier)."""
    return _cyrillic_scores(_cyrillic_words(text))


def _cyrillic_scores(words: list[str]) -> dict[str, float]:
    clean = " ".join(words)
    nb = model.scores(clean, _CYRILLIC_LANGS)
    russian_letters_only = not _NON_RUSSIAN_RE.search(clean)
    if russian_letters_only and _looks_turkic_not_kyrgyz(words):
        # Russian letters only, Turkic words, no Kyrgyz or Tatar spelling: the model
        # cannot tell the Turkic languages apart (it never saw Kazakh typed with
        # Russian letters, which looks Kyrgyz to it), so they share the best score
        # and words, letters and priors decide among them.
        best = max(nb[lang] for lang in _TURKIC_POOL)
        nb.update(dict.fromkeys(_TURKIC_POOL, best))
    totals = [nb[lang] for lang in _CYRILLIC_LANGS]
    if words:  # add each language's column of the per-word votes
        columns = zip(*map(word_votes, words), strict=True)
        totals = [t + sum(column) for t, column in zip(totals, columns, strict=True)]
    scores = dict(zip(_CYRILLIC_LANGS, totals, strict=True))
    if russian_letters_only:
        missing = len(clean) - clean.count(" ")
        missing = min(MISSING_OWN_LETTERS_PER_LETTER * missing, MISSING_OWN_LETTERS_CAP)
        for lang in _OWN_LETTERS_EXPECTED:
            scores[lang] -= missing
    for lang, prior in PRIORS_CYRILLIC.items():
        scores[lang] += prior
    return scores


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
