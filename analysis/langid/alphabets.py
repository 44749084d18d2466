"""Letter evidence: which script a text is in, and which letters each language can use.

A letter outside a language's alphabet is strong evidence against it: ``ұ`` is
Kazakh only, ``җ`` rules Kazakh out (Tatar), ``ї є ґ`` mean Ukrainian, ``ў``
Belarusian (or Uzbek), and a Kyrgyz text has ``ң ө ү`` but never ``ә ғ қ ұ һ і``.
The inventories below are the standard modern alphabets (lowercase).
"""

from __future__ import annotations

import re

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


_LETTER_RE = re.compile(r"[^\W\d_]")
_CYRILLIC_RE = re.compile("[\u0400-\u052f]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


def is_cyrillic(ch: str) -> bool:
    """True for a character of the Cyrillic blocks (U+0400-U+052F)."""
    return "\u0400" <= ch <= "\u052f"


def has_cyrillic(text: str) -> bool:
    """True when ``text`` has a Cyrillic character."""
    return _CYRILLIC_RE.search(text) is not None


def has_latin(text: str) -> bool:
    """True when ``text`` has a Latin letter."""
    return _LATIN_RE.search(text) is not None


def script_counts(text: str) -> tuple[int, int, int]:
    """Return ``(cyrillic, latin, other)`` letter counts of ``text``."""
    letters = len(_LETTER_RE.findall(text))
    cyr = len(_CYRILLIC_RE.findall(text))
    lat = len(_LATIN_RE.findall(text))
    return cyr, lat, max(letters - cyr - lat, 0)


def lacking_languages(word: str) -> tuple[str, ...]:
    """The Cyrillic-script languages whose alphabet lacks a letter of the lowercase ``word``.

    Evidence is counted per word, not per letter: a Kazakh name in a Russian
    sentence is one piece of evidence however many Kazakh letters it has.
    """
    letters = {ch for ch in word if ch.isalpha()}
    return tuple(lang for lang, alphabet in CYRILLIC_ALPHABETS.items() if not letters <= alphabet)
