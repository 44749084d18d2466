"""Kazakh by its letters: which texts and query words Kazakh's alphabets allow or prove.

Kazakh is written in Cyrillic (Russian letters plus ә ғ қ ң ө ұ ү һ і) and in three Latin
alphabets (``latin.py``); the letter sets themselves are ``analysis.alphabets``'.
"""

from __future__ import annotations

import re

from muragat.analysis.alphabets import (
    CYRILLIC_ALPHABETS,
    KAZAKH_LATIN,
    KAZAKH_LETTERS,
    both_cases,
    letter_class,
    mostly_cyrillic,
)

scripts = ("cyrillic", "latin")
# A query word with one of these is Kazakh: no other index language writes them.
own_letters: frozenset[str] = both_cases(KAZAKH_LETTERS) | KAZAKH_LATIN

# Letters that prove Kazakh: its letters that Kyrgyz, Tatar and Mongolian lack (қ ұ і ғ;
# those languages share ә ң ө ү һ).
PROOF_LETTERS = both_cases(KAZAKH_LETTERS - CYRILLIC_ALPHABETS["ky"] - CYRILLIC_ALPHABETS["tt"]
                           - CYRILLIC_ALPHABETS["mn"])
# Letters of a neighbour that rule Kazakh out: Ukrainian ї є ґ, Belarusian/Uzbek ў, Tatar җ,
# Bashkir ҡ ҙ ҫ, Uzbek ҳ.
NEIGHBOUR_LETTERS = both_cases("їєґўҗҡҙҫҳ")
# Detected codes that are often Kazakh: Kazakh typed with Russian letters reads as Kyrgyz,
# Tatar or Bashkir to the detector (a letter of theirs proves them).
neighbours = frozenset({"ky", "tt", "ba"})

_PROOF_RE = re.compile(letter_class(PROOF_LETTERS))
_NEIGHBOUR_RE = re.compile(letter_class(NEIGHBOUR_LETTERS))


def letters_allow(chunk: str) -> bool:
    """Cyrillic (at most a fifth Latin letters: Kazakh writes every Russian letter) without
    a letter of a neighbour."""
    return mostly_cyrillic(chunk) and not _NEIGHBOUR_RE.search(chunk)


def letters_agree(chunk: str) -> bool:
    """``letters_allow`` and a letter that proves Kazakh (қ ұ і ғ)."""
    return letters_allow(chunk) and _PROOF_RE.search(chunk) is not None


def letters_prove(chunk: str) -> bool:
    """A letter that proves Kazakh and none of a neighbour (whatever the Latin share)."""
    return _PROOF_RE.search(chunk) is not None and not _NEIGHBOUR_RE.search(chunk)


def proves_neighbour(chunk: str) -> bool:
    """A letter of Kyrgyz, Tatar or Bashkir (or another neighbour) is in ``chunk``."""
    return _NEIGHBOUR_RE.search(chunk) is not None
