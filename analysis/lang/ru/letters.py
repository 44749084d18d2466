"""Russian by its letters: Cyrillic without a letter Russian lacks.

The letter sets themselves are ``analysis.alphabets``'.
"""

from __future__ import annotations

import re

from muragat.analysis.alphabets import KAZAKH_LETTERS, both_cases, letter_class, mostly_cyrillic

scripts = ("cyrillic",)
# Latin names and terms inside Russian text (Lindisfarne, IBM) are indexed with it.
hosted_scripts = ("latin",)

# Letters that rule Russian out: Kazakh's, Ukrainian ї є ґ (and і), Belarusian ў, Tatar җ,
# Serbian and Macedonian ј љ њ ћ ђ џ ѓ ќ ѕ.
FOREIGN_LETTERS = both_cases(KAZAKH_LETTERS | frozenset("їєґўҗјљњћђџѓќѕ"))
# Detected codes that are often Russian (Ukrainian, Belarusian), and the letters that prove them.
neighbours = frozenset({"uk", "be"})
NEIGHBOUR_LETTERS = both_cases("іїєґў")

_FOREIGN_RE = re.compile(letter_class(FOREIGN_LETTERS))
_NEIGHBOUR_RE = re.compile(letter_class(NEIGHBOUR_LETTERS))


def letters_allow(chunk: str) -> bool:
    """Cyrillic (at most a fifth Latin letters) without any letter Russian lacks."""
    return mostly_cyrillic(chunk) and not _FOREIGN_RE.search(chunk)


letters_agree = letters_allow  # Russian letters alone confirm Russian


def proves_neighbour(chunk: str) -> bool:
    """A letter of Ukrainian or Belarusian (і ї є ґ ў) is in ``chunk``."""
    return _NEIGHBOUR_RE.search(chunk) is not None
