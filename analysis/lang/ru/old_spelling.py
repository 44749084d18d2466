"""Pre-1918 Russian spelling mapped to modern spelling (мiръ -> мир, вѣра -> вера).

Used by the Russian module on every word. Outside Russian text the generic
normalizer calls ``looks_pre_reform`` first, because і is a normal Kazakh letter.
"""

from __future__ import annotations

import re

# ѣ -> е, ѳ -> ф, ѵ -> и, і -> и (upper and lower case; і also as its Latin look-alike).
_OLD_LETTERS = str.maketrans("ѣѢѳѲѵѴіІ", "еЕфФиИиИ")
# A hard sign at the end of a word after a consonant: "домъ" -> "дом", "градъ-столица".
_FINAL_HARD_SIGN_RE = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])ъ(?![^\W\d_])", re.IGNORECASE)
# Letters that only pre-1918 Russian uses (і and ъ alone prove nothing: Kazakh, modern ъ).
_PRE_REFORM_ONLY = frozenset("ѣѢѳѲѵѴ")
_KAZAKH_LETTERS = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")


def modernize(word: str) -> str:
    """Return ``word`` in modern Russian spelling."""
    if not _needs_work(word):
        return word
    return _FINAL_HARD_SIGN_RE.sub("", word.translate(_OLD_LETTERS))


def _needs_work(word: str) -> bool:
    return any(ch in "ѣѢѳѲѵѴіІъЪ" for ch in word)


def looks_pre_reform(word: str) -> bool:
    """True when ``word`` is clearly old Russian spelling and has no Kazakh letters.

    Clear markers: ѣ, ѳ, ѵ, or a word-final ъ after a consonant together with і.
    """
    if any(ch in _KAZAKH_LETTERS for ch in word):
        return False
    if any(ch in _PRE_REFORM_ONLY for ch in word):
        return True
    return bool(_FINAL_HARD_SIGN_RE.search(word)) and ("і" in word or "І" in word)
