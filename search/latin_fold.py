"""Plain-ASCII Latin Kazakh (``kitaphana``, ``qazaqstan``) -> the Russian-letter fold key.

Kazakh typed in plain ASCII carries no marker letters, so ``analysis`` cannot safely
transliterate it; but its letters map onto the fold key's alphabet (the Russian
letters that ``analysis.lang.kk.fold`` folds Kazakh letters to), which is enough to
look it up in the ``fold`` field at a low weight. Query side only.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Digraphs first; "kh" is ambiguous (х in kitaphana-style spelling, к in Kazakhstan).
_DIGRAPHS = [("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("ng", "н"), ("ts", "ц"),
             ("yu", "ю"), ("ya", "я"), ("iy", "ий")]
_LETTERS = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "j": "ж", "z": "з",
            "i": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
            "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "с", "q": "к", "w": "у",
            "y": "ы", "x": "кс"}
_ASCII_WORD = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=20_000)
def ascii_fold_keys(word: str) -> tuple[str, ...]:
    """Candidate fold keys of a plain-ASCII word (empty if the word is not plain ASCII letters)."""
    word = word.lower()
    if not _ASCII_WORD.match(word):
        return ()
    out = []
    for kh in ("х", "к"):
        rest, res = word, []
        while rest:
            if rest.startswith("kh"):
                res.append(kh)
                rest = rest[2:]
                continue
            for lat, cyr in _DIGRAPHS:
                if rest.startswith(lat):
                    res.append(cyr)
                    rest = rest[len(lat):]
                    break
            else:
                res.append(_LETTERS.get(rest[0], ""))
                rest = rest[1:]
        key = "".join(res)
        if key not in out:
            out.append(key)
        if "kh" not in word:
            break
    return tuple(out)
