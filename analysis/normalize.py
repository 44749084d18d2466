"""Language-independent normalization of texts and words.

Text level (``normalize_text``): Unicode NFC, soft hyphens and zero-width
characters removed, words hyphenated across line breaks rejoined. The result is
what gets stored and displayed, so offsets computed on it stay valid.

Word level (``normalize_word``): lowercase, ё -> е, look-alike letters from the
other script repaired inside a word. Language modules add their own steps
(Latin Kazakh -> Cyrillic happens in ``analysis.lang.kk`` *before* lowercasing).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# "библио-\nтека" -> "библиотека" (a lowercase letter continues the word on the next line).
_LINEBREAK_HYPHEN_RE = re.compile(r"([^\W\d_])-[ \t]*\r?\n[ \t]*([^\W\d_A-ZА-ЯЁ])")

# Latin letters that look like Cyrillic ones, repaired inside Cyrillic words.
_LATIN_TO_CYR = str.maketrans("aeopcxyiAEOPCXYKMTBHI", "аеорсхуіАЕОРСХУКМТВНІ")
# Cyrillic letters that look like Latin ones, repaired inside Latin words.
_CYR_TO_LAT = str.maketrans("аеорсхуіАЕОРСХУКМТВН", "aeopcxyiAEOPCXYKMTBH")


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC without invisible characters and line-break hyphenation."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    return _LINEBREAK_HYPHEN_RE.sub(r"\1\2", text)


def _script_counts(word: str) -> tuple[int, int]:
    cyr = lat = 0
    for ch in word:
        if "\u0400" <= ch <= "\u04ff":
            cyr += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
    return cyr, lat


def repair_homoglyphs(word: str) -> str:
    """Repair letters of the minority script inside a word (``пpивет`` -> ``привет``)."""
    cyr, lat = _script_counts(word)
    if cyr and lat:
        if cyr >= lat:
            return word.translate(_LATIN_TO_CYR)
        return word.translate(_CYR_TO_LAT)
    return word


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Normalize one word for matching: homoglyphs repaired, lowercased, ё -> е.

    Cached (an explicit per-process cache: the hot path runs once per token).
    """
    word = repair_homoglyphs(unicodedata.normalize("NFC", word))
    return word.lower().replace("ё", "е")
