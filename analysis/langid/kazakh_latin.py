"""Kazakh written in Latin script: recognise the variant and spell it back in Cyrillic.

Three official Latin alphabets are in use (see docs/LANGID.md):

* 2021: ``ä ğ ñ ö ū ü ş ı`` plus ``q``; ``ı`` is і, ``i``/``İ`` are и/й, ``u`` is у;
* 2018 (acute accents): ``á ǵ ń ó ú ý``; ``ı`` is и/й, ``i`` is і, ``u`` is ұ;
* 2017 (apostrophes): ``a' g' n' o' u' y' i' s' c'`` after the letter.

Detection transliterates a Latin text that carries Kazakh marks into Cyrillic and
lets the Cyrillic evidence decide: Turkish, German or English text with an ``ö``
or a ``q`` does not turn into Kazakh by that alone. This is a detector's reading,
not the normalizer's (``analysis.lang.kk`` owns that for indexing).
"""

from __future__ import annotations

import re

from muragat.analysis.alphabets import KAZAKH_LATIN_2018, KAZAKH_LATIN_2021

# 2017: a letter followed by an apostrophe, inside a word ("o'z", "bolg'an", "kitaptyn'").
_APOSTROPHE_RE = re.compile(r"(?<=\w)([aeginoucsyAGINOUCSY])['’ʼ](?=\w|\b)")
_ENGLISH_APOSTROPHE_RE = re.compile(r"(n['’]t|['’](s|d|ll|re|ve|m)\b|s['’](?!\w))", re.IGNORECASE)

_COMMON = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "j": "ж", "z": "з",
    "k": "к", "q": "қ", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "t": "т", "f": "ф", "h": "х", "y": "ы", "c": "ц", "w": "у", "x": "х",
}  # fmt: skip
_DIGRAPHS = {"sh": "ш", "ch": "ч", "zh": "ж", "ts": "ц"}
_MAP_2021 = _COMMON | {
    "ä": "ә", "ğ": "ғ", "ñ": "ң", "ŋ": "ң", "ö": "ө", "ū": "ұ", "ü": "ү", "ş": "ш",
    "ı": "і", "i": "и", "u": "у",
}  # fmt: skip
_MAP_2018 = _COMMON | {
    "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у", "ı": "и", "i": "і", "u": "ұ",
}  # fmt: skip
_MAP_2017 = _COMMON | {
    "a'": "ә", "g'": "ғ", "n'": "ң", "o'": "ө", "u'": "ү", "y'": "у", "i'": "и",
    "s'": "ш", "c'": "ч", "i": "і", "u": "ұ",
}  # fmt: skip


# Letters no Kazakh Latin alphabet has, frequent in its neighbours: Turkish ç and c,
# Azerbaijani ə, Uzbek x, Romance and German accents. One of them rules a Kazakh reading out.
_FOREIGN_MARKS = frozenset("çəxâîûãõéèêàßœøåÇƏXÂÎÛÉÈÊÀ")
_C_RE = re.compile(r"[cC](?![hH'’ʼ])")
# A q not followed by u: Kazakh (Qazaqstan, aqparat), hardly English (quality, Quentin).
_BARE_Q_RE = re.compile(r"[qQ](?![uU])")


def could_be_kazakh(text: str) -> bool:
    """False when ``text`` has a Latin letter no Kazakh alphabet uses (``ç``, ``ə``, ``x``, bare ``c`` ...)."""
    return not (_FOREIGN_MARKS.intersection(text) or _C_RE.search(text))


def variant(text: str) -> str | None:
    """The Latin Kazakh variant whose marks ``text`` carries: "2021", "2018", "2017" or None.

    Plain ASCII with a ``q`` not followed by ``u`` counts as 2021 (the letter is in
    every Kazakh Latin alphabet; English has it almost only in "qu"). None also when a letter rules Kazakh out.
    """
    if not could_be_kazakh(text):
        return None
    chars = set(text)
    if chars & KAZAKH_LATIN_2018:
        return "2018"
    if chars & KAZAKH_LATIN_2021:
        return "2021"
    if len(_APOSTROPHE_RE.findall(text)) > len(_ENGLISH_APOSTROPHE_RE.findall(text)):
        return "2017"
    if _BARE_Q_RE.search(text):
        return "2021"
    return None


def _translit(text: str, table: dict[str, str]) -> str:
    out = []
    i, n = 0, len(text)
    lower = text.lower().replace("’", "'").replace("ʼ", "'")
    while i < n:
        pair = lower[i : i + 2]
        ch = lower[i]
        if pair in table:
            out.append(table[pair])
            i += 2
            continue
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(table.get(ch, ch))
        i += 1
    return "".join(out)


def to_cyrillic(text: str, which: str) -> str:
    """Transliterate Latin Kazakh ``text`` of variant ``which`` to (lowercase) Cyrillic."""
    table = {"2021": _MAP_2021, "2018": _MAP_2018, "2017": _MAP_2017}[which]
    if which == "2021":  # case by hand: 2021 pairs I/ı (і) and İ/i (и); Python lowers I to i
        text = text.replace("İ", "i").replace("I", "ı")
    return _translit(text, table)
