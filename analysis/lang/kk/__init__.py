"""Kazakh: normalization (Latin and look-alike letters), Muragat's own lemmatizer, fold key.

* ``normalize(word)``: Roman numerals typed with Cyrillic look-alikes -> Latin (ХІХ -> xix,
  ``roman.py``); Latin Kazakh -> Cyrillic before lowercasing (``latin.py``), Kazakh
  look-alikes repaired (ə -> ә, ӊ -> ң, ҡ -> қ ...), then the generic ``normalize_word``.
* ``terms(word)``: index terms of a normalized word, best guess first (``lemmatizer.py``);
  a word typed with Russian-letter substitutes (казакстандагы) reaches the real stem through
  the folded lexicon.
* ``fold_keys(word)``: the Russian-letter fold key (ә->а, ғ->г, қ->к, ң->н, ө->о, ұ/ү->у, һ->х,
  і->и), indexed in a secondary field searched at lower weight (``folding.py``).
* letters (``letters.py``): which texts Kazakh's letters allow, confirm or prove;
* query words (``query.py``, ``stopwords.py``): spelling variants (kitaphana, -ов = -ұлы),
  fold keys, stem prefixes, function words.
"""

from __future__ import annotations

from functools import lru_cache

from muragat.analysis.alphabets import KAZAKH_LETTERS
from muragat.analysis.lang.kk.closed_classes import closed_forms
from muragat.analysis.lang.kk.folding import fold, substitute_lemmas
from muragat.analysis.lang.kk.keyboard import KEYBOARD as keyboard
from muragat.analysis.lang.kk.latin import latin_to_cyrillic
from muragat.analysis.lang.kk.lemmatizer import lemmas
from muragat.analysis.lang.kk.letters import (
    letters_agree,
    letters_allow,
    letters_prove,
    neighbours,
    own_letters,
    proves_neighbour,
    scripts,
)
from muragat.analysis.lang.kk.lexicon import add_attested_words
from muragat.analysis.lang.kk.query import query_fold_keys, query_variants, stem_prefixes
from muragat.analysis.lang.kk.roman import roman_numeral, roman_range
from muragat.analysis.lang.kk.stopwords import FUNCTION_LEMMAS as function_lemmas
from muragat.analysis.lang.kk.stopwords import STOPWORDS as stopwords
from muragat.analysis.normalize import is_plain_cyrillic, normalize_word

code = "kk"
query_operators = {"or": ("НЕМЕСЕ",), "and": ("ЖӘНЕ",), "not": ("ЕМЕС",)}
mistyped_on = ("en", "ru")  # typed with the English or Russian layout active

# Look-alike letters of other alphabets used for Kazakh ones (only inside Kazakh text).
_CONFUSABLES = str.maketrans({"ə": "ә", "Ə": "Ә", "ɵ": "ө", "Ɵ": "Ө", "ӊ": "ң", "Ӊ": "Ң",
                              "ҥ": "ң", "Ҥ": "Ң", "ҡ": "қ", "Ҡ": "Қ", "ӄ": "қ", "Ӄ": "Қ",
                              "ќ": "қ", "Ќ": "Қ", "ӷ": "ғ", "Ӷ": "Ғ", "ґ": "ғ", "Ґ": "Ғ"})

__all__ = ["add_attested_words", "code", "fold", "fold_keys", "function_lemmas", "keyboard",
           "letters_agree", "letters_allow", "letters_prove", "mistyped_on", "neighbours", "normalize", "own_letters",
           "proves_neighbour", "query_fold_keys", "query_operators", "query_variants", "scripts", "stem_prefixes",
           "stopwords", "terms"]


_KAZAKH_LETTERS_BUT_I = KAZAKH_LETTERS - {"і"}
_ROMAN_START = frozenset("ХІXIVLC")


def _no_kazakh_letter_but_i(word: str) -> bool:
    return _KAZAKH_LETTERS_BUT_I.isdisjoint(word)


@lru_cache(maxsize=200_000)
def normalize(word: str) -> str:
    """Raw word -> normalized Kazakh word (Cyrillic, lowercase, look-alikes repaired)."""
    if not word:
        return ""
    if word[0] in _ROMAN_START:
        # ХІХ typed with Cyrillic letters is the numeral XIX; ХV-ХІХ, XIV–XV are ranges.
        roman = roman_range(word) if "-" in word or "–" in word else roman_numeral(word)
        if roman is not None:
            return roman
    if is_plain_cyrillic(word):  # nothing Latin or look-alike to convert
        return normalize_word(word)
    word = latin_to_cyrillic(word).translate(_CONFUSABLES)
    return normalize_word(word)


def terms(word: str) -> list[str]:
    """Index terms of a normalized Kazakh word, best guess first (at most two)."""
    if not word:
        return []
    found = lemmas(word)
    if found and _no_kazakh_letter_but_i(word) and word not in closed_forms():
        # Maybe typed with Russian letters for Kazakh ones (казакстан; онiмдер: only the і,
        # often typed as a Latin i, is Kazakh).
        alt = substitute_lemmas(word, found)
        if alt:
            return alt
    return found


def fold_keys(word: str) -> tuple[str, ...]:
    """The fold key of a normalized word (қазақ -> казак), for the ``fold`` field."""
    return (fold(word),) if word else ()
