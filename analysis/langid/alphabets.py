"""Letter evidence: which script a text is in, and which letters each language can use.

A letter outside a language's alphabet is strong evidence against it: ``ұ`` is
Kazakh only, ``җ`` rules Kazakh out (Tatar), ``ї є ґ`` mean Ukrainian, ``ў``
Belarusian (or Uzbek), and a Kyrgyz text has ``ң ө ү`` but never ``ә ғ қ ұ һ і``.
The inventories below are the standard modern alphabets (lowercase).
"""

from __future__ import annotations

from collections import Counter

RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

# Cyrillic alphabets of the languages the detector can name (lowercase letters only).
CYRILLIC_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": RUSSIAN,
    "kk": RUSSIAN | frozenset("әғқңөұүһі"),
    "ky": RUSSIAN | frozenset("ңөү"),
    "tt": RUSSIAN | frozenset("әөүҗңһ"),
    "ba": RUSSIAN | frozenset("әөүғҡңҙҫһ"),
    "mn": RUSSIAN | frozenset("өү"),
    "tg": (RUSSIAN - frozenset("щыь")) | frozenset("ғӣқӯҳҷ"),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюя"),
    "sr": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
}

# Letters of the Kazakh alphabet beyond Russian; ``ұ`` is the one no other language has.
KAZAKH_LETTERS = frozenset("әғқңөұүһі")


def is_cyrillic(ch: str) -> bool:
    """True for a letter of the Cyrillic blocks (U+0400-U+052F)."""
    return "\u0400" <= ch <= "\u052f"


def is_latin(ch: str) -> bool:
    """True for a Latin letter (ASCII or the Latin-1/Extended-A/B/Additional blocks)."""
    if ch.isascii():
        return ch.isalpha()
    return ("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff") and ch.isalpha()


def script_counts(text: str) -> tuple[int, int, int]:
    """Return ``(cyrillic, latin, other)`` letter counts of ``text``."""
    cyr = lat = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if is_cyrillic(ch):
            cyr += 1
        elif is_latin(ch):
            lat += 1
        else:
            other += 1
    return cyr, lat, other


def cyrillic_letters(text: str) -> Counter[str]:
    """Counts of the lowercase Cyrillic letters of ``text``."""
    return Counter(ch for ch in text.lower() if is_cyrillic(ch) and ch.isalpha())


def foreign_words(lang: str, words: list[str]) -> int:
    """How many of the lowercase Cyrillic ``words`` have a letter the alphabet of ``lang`` lacks.

    Counted per word, not per letter: a Kazakh name in a Russian sentence is one
    piece of evidence however many Kazakh letters it has.
    """
    alphabet = CYRILLIC_ALPHABETS[lang]
    return sum(1 for w in words if any(ch not in alphabet for ch in w if ch.isalpha()))
