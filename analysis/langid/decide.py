"""The decision: script first, then statistical, letter and word evidence added up.

For a Cyrillic text each candidate language ``L`` gets::

    score(L) = naive Bayes log score                 (analysis.langid.model)
             - LETTER_PENALTY x words with a letter L lacks  (alphabets)
             + WORD_WEIGHT x words that vote for L     (lexicon: ru, kk)
             + a small prior for ru and kk             (archives are mostly ru/kk)

and the best score wins. Latin texts that carry Kazakh marks (``ä ğ ñ ū``, acute
accents, apostrophes, ``q``) are read back into Cyrillic and decided there; other
Latin texts go to a Latin-script model with an English word vote. Texts in other
scripts get py3langid's answer over all its languages. Fewer than two letters:
``"other"``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.langid import alphabets, kazakh_latin, lexicon, model

# Evidence weights, in the naive Bayes model's log units. A word with a letter the
# language lacks outweighs a word vote; the priors only tip texts with almost no
# evidence (a single word).
LETTER_PENALTY = 12.0
RU_WORD_WEIGHT = 4.0
KK_WORD_WEIGHT = 4.0
NEIGHBOUR_WORD_WEIGHT = 4.0
EN_WORD_WEIGHT = 4.0
PRIORS_CYRILLIC = {"ru": 3.0, "kk": 2.0}
# A text in Russian letters only is Russian, Kazakh typed with Russian letters (к for
# қ, н for ң ...), or Bulgarian. Languages whose own letters are missing lose this
# much per letter of the text, up to a cap: short texts stay open, sentences do not.
MISSING_OWN_LETTERS_PER_LETTER = 0.5
MISSING_OWN_LETTERS_CAP = 12.0
_OWN_LETTERS_EXPECTED = ("ky", "tt", "ba", "mn", "tg")
PRIOR_EN = 4.0
# Extra prior for English when a Latin text has no letters beyond ASCII: names and
# single words ("Lizzie", "sports") then stay English unless the model is clearly
# sure of another language (a German sentence outscores English by 20 or more).
PRIOR_EN_ASCII = 10.0
# Share of a Latin text's words that English must know before it outvotes a Kazakh reading.
MAX_ENGLISH_SHARE_FOR_KAZAKH = 0.5

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
# Latin letters that stand for Cyrillic ones inside a Cyrillic word (i is Kazakh і).
_HOMOGLYPHS = str.maketrans("aeopcxyiAEOPCXYKMTBHI", "аеорсхуіАЕОРСХУКМТВНІ")


def _cyrillic_words(text: str) -> list[str]:
    """The lowercase words of ``text`` written mostly in Cyrillic, Latin look-alikes repaired."""
    out = []
    for word in _WORD_RE.findall(text):
        cyr, lat, _ = alphabets.script_counts(word)
        if cyr > lat:
            out.append((word.translate(_HOMOGLYPHS) if lat else word).lower())
    return out


@lru_cache(maxsize=8192)
def detect(text: str) -> str:
    """Return the language code of ``text``: ``kk``, ``ru``, ``en``, another ISO code or ``other``.

    Deterministic; cached for repeated texts (menus and headings recur across pages).
    """
    cyr, lat, other = alphabets.script_counts(text)
    if cyr + lat + other < 2:
        return "other"
    if other > cyr + lat:
        return model.best_any(text)
    if cyr >= lat:
        return detect_cyrillic(text)
    return detect_latin(text)


def cyrillic_scores(text: str) -> dict[str, float]:
    """Evidence score of each Cyrillic-script language for ``text`` (higher is likelier)."""
    words = _cyrillic_words(text)
    clean = " ".join(words)
    scores = model.scores(clean, model.CYRILLIC_LANGS)
    letters = alphabets.cyrillic_letters(clean)
    for lang in scores:
        scores[lang] -= LETTER_PENALTY * alphabets.foreign_words(lang, words)
    if alphabets.RUSSIAN.issuperset(letters):
        missing = min(MISSING_OWN_LETTERS_PER_LETTER * letters.total(), MISSING_OWN_LETTERS_CAP)
        for lang in _OWN_LETTERS_EXPECTED:
            scores[lang] -= missing
    for lang, prior in PRIORS_CYRILLIC.items():
        scores[lang] += prior
    for w in words:
        if len(w) < 2:
            continue
        if alphabets.RUSSIAN.issuperset(w) and lexicon.is_russian_word(w):
            scores["ru"] += RU_WORD_WEIGHT
        scores["kk"] += KK_WORD_WEIGHT * lexicon.kazakh_word_evidence(w)
        if (neighbour := lexicon.neighbour_vote(w)) is not None:
            scores[neighbour] += NEIGHBOUR_WORD_WEIGHT
    return scores


def detect_cyrillic(text: str) -> str:
    """The language of a text written mostly in Cyrillic."""
    scores = cyrillic_scores(text)
    return max(scores, key=scores.__getitem__)


def detect_latin(text: str) -> str:
    """The language of a text written mostly in Latin letters (English, Latin Kazakh, ...).

    A text with Kazakh Latin marks is Kazakh when its Cyrillic reading is; a plain
    one is read as Kazakh only when the Latin-script model would not call it English.
    """
    words = [w.lower() for w in _WORD_RE.findall(text)]
    english = sum(lexicon.is_english_word(w) for w in words)
    mostly_english = english > MAX_ENGLISH_SHARE_FOR_KAZAKH * len(words)
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
