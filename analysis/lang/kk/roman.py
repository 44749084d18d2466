"""Roman numerals in Kazakh text, often typed with Cyrillic look-alikes: ХІХ, ХVІІ, ХШ.

Century numbers (ХІХ ғасыр) are written with the Cyrillic capitals Х and І as often as with the
Latin X and I, and Ш stands for III after an X (ХШ = XIII). ``roman_numeral`` spells such a
word in lowercase Latin (хіх -> xix) so that both typings meet; anything that does not read as
a well-formed numeral is left alone (the initial Ш., the word ХІ... of a name).
"""

from __future__ import annotations

import re

_LOOKALIKES = str.maketrans({"Х": "X", "І": "I", "Ⅰ": "I", "Ⅴ": "V", "Ⅹ": "X"})
_CANDIDATE = re.compile(r"[XIVLCХІ]+(?:Ш)?|[XХ]Ш")
_WELL_FORMED = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def roman_numeral(word: str) -> str | None:
    """Lowercase Latin spelling of a capitalized Roman numeral with Cyrillic look-alikes, or None.

    >>> roman_numeral("ХІХ"), roman_numeral("ХШ"), roman_numeral("ХVІІ"), roman_numeral("Ш")
    ('xix', 'xiii', 'xvii', None)
    """
    if len(word) < 2 or not _CANDIDATE.fullmatch(word) or word.isascii():
        return None
    latin = word.translate(_LOOKALIKES).replace("Ш", "III")
    if not _WELL_FORMED.fullmatch(latin):
        return None
    return latin.lower()


def roman_range(word: str) -> str | None:
    """A range of capitalized Roman numerals, in lowercase Latin with a hyphen, or None.

    >>> roman_range("ХV-ХІХ"), roman_range("XIV–XV"), roman_range("Х-ray")
    ('xv-xix', 'xiv-xv', None)
    """
    parts = _RANGE_SPLIT.split(word)
    if len(parts) != 2:
        return None
    out = []
    for part in parts:
        latin = roman_numeral(part) or (part.lower() if part.isupper() and is_roman(part.lower())
                                        else None)
        if latin is None:
            return None
        out.append(latin)
    return "-".join(out)


_RANGE_SPLIT = re.compile(r"[-–]")


def is_roman(word: str) -> bool:
    """True for a lowercase Latin Roman numeral (xiv, xv): the head of a range like xiv-xv."""
    return bool(word) and word.isascii() and bool(_WELL_FORMED.fullmatch(word.upper()))
