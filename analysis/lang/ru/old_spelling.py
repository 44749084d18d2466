"""Pre-1918 Russian spelling mapped to modern spelling (мiръ -> мир, вѣра -> вера).

Used by the Russian module on every word. Outside Russian text the generic
normalizer calls ``looks_pre_reform`` first, because і is a normal Kazakh letter.
"""

from __future__ import annotations

import re

from muragat.analysis.alphabets import KAZAKH_LETTERS, both_cases, letter_class

# ѣ -> е, ѳ -> ф, ѵ -> и, і -> и (upper and lower case; і also as its Latin look-alike).
_OLD_LETTERS = str.maketrans("ѣѢѳѲѵѴіІ", "еЕфФиИиИ")
# Letters that only pre-1918 Russian uses are ѣ ѳ ѵ (і and ъ alone prove nothing:
# і is Kazakh, ъ is modern Russian too).
# A hard sign at the end of a word after a consonant: "домъ" -> "дом", "градъ-столица".
_FINAL_HARD_SIGN_RE = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])ъ(?![^\W\d_])", re.IGNORECASE)


def modernize(word: str) -> str:
    """Return ``word`` in modern Russian spelling."""
    if not _needs_work(word):
        return word
    return _FINAL_HARD_SIGN_RE.sub("", word.translate(_OLD_LETTERS))


_OLD_OR_AMBIGUOUS_RE = re.compile("[ѣѢѳѲѵѴіІъЪ]")
_PRE_REFORM_ONLY_RE = re.compile("[ѣѢѳѲѵѴ]")
# Kazakh letters but і (і is also a pre-1918 Russian letter).
_KAZAKH_LETTER_RE = re.compile(letter_class(both_cases(KAZAKH_LETTERS - {"і"})))


def _needs_work(word: str) -> bool:
    return _OLD_OR_AMBIGUOUS_RE.search(word) is not None


def looks_pre_reform(word: str) -> bool:
    """True when ``word`` is clearly old Russian spelling and has no Kazakh letters.

    Clear markers: ѣ, ѳ, ѵ, or a word-final ъ after a consonant together with і.
    """
    if not _needs_work(word) or _KAZAKH_LETTER_RE.search(word):
        return False
    if _PRE_REFORM_ONLY_RE.search(word):
        return True
    return bool(_FINAL_HARD_SIGN_RE.search(word)) and ("і" in word or "І" in word)
