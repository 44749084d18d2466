"""Language identification of a text: ``kk``, ``ru``, ``en`` or another code.

First version: script and letter evidence only. (The language-ID work replaces
the internals; the signature ``detect(text) -> str`` is the contract.)
"""

from __future__ import annotations

_KK_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def detect(text: str) -> str:
    """Return the language code of ``text`` (``"other"`` when undecidable)."""
    cyr = lat = kk = 0
    for ch in text:
        if ch in _KK_ONLY:
            kk += 1
            cyr += 1
        elif "\u0400" <= ch <= "\u04ff":
            cyr += 1
        elif ch.isascii() and ch.isalpha():
            lat += 1
    if not cyr and not lat:
        return "other"
    if cyr >= lat:
        return "kk" if kk else "ru"
    return "en"
