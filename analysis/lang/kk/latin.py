"""Latin Kazakh (the 2017, 2018 and 2021 alphabets) -> Cyrillic, done before lowercasing.

The variant is detected per word: an apostrophe after a letter -> 2017 (A' = Ә); acute letters
á ǵ ń ó ú ý (or the digraphs sh/ch with them) -> 2018; ä ğ ñ ŋ ö ū ü ş -> 2021. A dotless ı alone
points to 2021 (where it is і; in 2018 it is и). Plain-ASCII words (``qazaqstan``) carry no
marker and are left alone: they are matched only through the folded key.

Traps handled: 2018 ``ı`` = и/й but 2021 ``ı`` = і; ``u`` = ұ in 2017/2018 but у in 2021;
Python's ``"I".lower()`` is ``"i"`` and ``"İ".lower()`` two code points, so letters are mapped
with their case *before* any lowercasing. ``i`` after a vowel is й (2021 ``üiıne`` = үйіне).
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis.alphabets import KAZAKH_LATIN_2018, KAZAKH_LATIN_2021, letter_class
from muragat.analysis.lang.kk.harmony import VOWELS

_APOSTROPHES = "'’ʼ`´"
_V2017 = re.compile(f"[A-Za-z][{_APOSTROPHES}]")
_V2018 = re.compile(letter_class(KAZAKH_LATIN_2018))
_V2021 = re.compile(letter_class(KAZAKH_LATIN_2021))

# Letters shared by all three (lowercase; uppercase derived by ``_with_capitals``).
_COMMON = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "j": "ж", "z": "з",
           "k": "к", "q": "қ", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
           "s": "с", "t": "т", "f": "ф", "h": "х", "y": "ы"}

_TABLE_2021 = {**_COMMON, "ä": "ә", "ğ": "ғ", "ñ": "ң", "ŋ": "ң", "ö": "ө", "ū": "ұ",
               "ü": "ү", "u": "у", "ş": "ш", "ı": "і", "i": "и", "İ": "И", "I": "І",
               "c": "ц", "w": "у", "x": "х"}
_TABLE_2018 = {**_COMMON, "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у",
               "u": "ұ", "i": "і", "ı": "и", "I": "І", "c": "ц", "w": "у", "x": "х"}
# 2017: the letter before an apostrophe changes: a' -> ә, g' -> ғ, i' -> и/й, n' -> ң, ...
_TABLE_2017 = {**_COMMON, "u": "ұ", "i": "і", "c": "ц", "w": "у", "x": "х"}
_APOSTROPHE_2017 = {"a": "ә", "g": "ғ", "i": "и", "n": "ң", "o": "ө", "y": "у", "u": "ү",
                    "s": "ш", "c": "ч"}
_DIGRAPHS_2018 = {"sh": "ш", "ch": "ч"}



def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    out = dict(table)
    for lat, cyr in table.items():
        if lat.islower() and lat.upper() not in out and len(lat.upper()) == 1:
            out[lat.upper()] = cyr.upper()
    return out


_T2021, _T2018, _T2017 = (_with_capitals(t) for t in (_TABLE_2021, _TABLE_2018, _TABLE_2017))


def detect_variant(word: str) -> str | None:
    """'2017', '2018', '2021' for a Latin Kazakh word with a marker letter, else None."""
    if _V2017.search(word):
        return "2017"
    if _V2018.search(word):
        return "2018"
    if _V2021.search(word):
        return "2021"
    return None


def _fix_i(out: list[str], i_positions: list[int]) -> None:
    """и after a vowel is the consonant й (üiıne -> үйіне, syi -> сый)."""
    for pos in i_positions:
        if pos > 0 and out[pos - 1].lower() in VOWELS:
            out[pos] = "Й" if out[pos] == "И" else "й"


@lru_cache(maxsize=50_000)
def latin_to_cyrillic(word: str) -> str:
    """Transliterate a Latin Kazakh word to Cyrillic (unchanged when it carries no marker)."""
    variant = detect_variant(word)
    if variant is None:
        return word
    out: list[str] = []
    i_positions: list[int] = []
    n = len(word)
    k = 0
    while k < n:
        ch = word[k]
        nxt = word[k + 1] if k + 1 < n else ""
        if variant == "2017":
            if nxt and nxt in _APOSTROPHES and ch.lower() in _APOSTROPHE_2017:
                cyr = _APOSTROPHE_2017[ch.lower()]
                out.append(cyr.upper() if ch.isupper() else cyr)
                if ch.lower() == "i":
                    i_positions.append(len(out) - 1)
                k += 2
                continue
            table = _T2017
        elif variant == "2018":
            pair = (ch + nxt).lower()
            if pair in _DIGRAPHS_2018:
                cyr = _DIGRAPHS_2018[pair]
                out.append(cyr.upper() if ch.isupper() else cyr)
                k += 2
                continue
            table = _T2018
        else:
            table = _T2021
        cyr = table.get(ch)
        if cyr is None:
            out.append(ch)
        else:
            out.append(cyr)
            if cyr in ("и", "И"):
                i_positions.append(len(out) - 1)
        k += 1
    _fix_i(out, i_positions)
    return "".join(out)
