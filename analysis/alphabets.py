"""Scripts and alphabets: the letter sets every package reads, each defined here once.

* Scripts: Cyrillic is the Cyrillic and Cyrillic Supplement blocks (U+0400-U+052F);
  Latin letters are ASCII plus Latin-1 and Latin Extended letters (``script_counts``).
* ``CYRILLIC_ALPHABETS``: the lowercase letters of each Cyrillic alphabet the detector can
  name. A letter outside a language's alphabet is strong evidence against it: ``ұ`` is
  Kazakh only, ``җ`` rules Kazakh out (Tatar), ``ї є ґ`` mean Ukrainian, ``ў``
  Belarusian (or Uzbek), and a Kyrgyz text has ``ң ө ү`` but never ``ә ғ қ ұ һ і``.
* Kazakh: Russian plus ``KAZAKH_LETTERS``; the letters of its Latin alphabets beyond ASCII
  (2021 and 2018, see ``analysis.lang.kk.latin``); the Russian letter typed in place of
  each Kazakh one (``KAZAKH_TO_RUSSIAN``, the fold key of ``analysis.lang.kk``).
* Look-alike letters of the two scripts (Latin ``p`` in a Cyrillic word).

Language folders (``analysis.lang.<code>``) build their letter rules from these sets; the
normalizer, the detector (``analysis.langid``) and the indexer read them from here.
"""

from __future__ import annotations

import re

RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# Letters of the Kazakh alphabet beyond Russian; ``ұ`` is the one no other language has.
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
KAZAKH = RUSSIAN | KAZAKH_LETTERS

# Cyrillic alphabets of the languages the detector can name (lowercase letters only).
CYRILLIC_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": RUSSIAN,
    "kk": KAZAKH,
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

# The Russian letter typed in place of each Kazakh one (к for қ, н for ң, у for ұ and ү).
KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")

# Latin Kazakh letters beyond ASCII, both cases. 2021: ä ğ ñ (ŋ) ö ū ü ş ı, with İ the
# capital of i (= и); its ı (= і) has the ASCII capital I, which proves nothing.
# 2018: the acute letters á ǵ ń ó ú ý.
KAZAKH_LATIN_2021 = frozenset("äğñŋöūüşıÄĞÑŊÖŪÜŞİ")
KAZAKH_LATIN_2018 = frozenset("áǵńóúýÁǴŃÓÚÝ")
KAZAKH_LATIN = KAZAKH_LATIN_2021 | KAZAKH_LATIN_2018

# Latin letters that look like Cyrillic ones, and their Cyrillic twins, pair by pair
# (Latin i is the Kazakh і).
LATIN_LOOKALIKES = "aeopcxyiAEOPCXYKMTBHI"
CYRILLIC_LOOKALIKES = "аеорсхуіАЕОРСХУКМТВНІ"

CYRILLIC_RANGE = "\u0400-\u052f"  # for regex classes: Cyrillic and Cyrillic Supplement
_LATIN_RANGE = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LETTER_RE = re.compile(r"[^\W\d_]")
_CYRILLIC_RE = re.compile(f"[{CYRILLIC_RANGE}]")
_LATIN_RE = re.compile(f"[{_LATIN_RANGE}]")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_NON_ASCII_LETTER_RE = re.compile(r"[^\W\d_A-Za-z]")


def both_cases(letters: frozenset[str] | str) -> frozenset[str]:
    """``letters`` with their capitals (for letters whose capital is one character)."""
    return frozenset(letters) | {ch.upper() for ch in letters if len(ch.upper()) == 1}


def letter_class(letters: frozenset[str] | str) -> str:
    """A regex character class of ``letters`` (sorted, escaped)."""
    return "[" + "".join(re.escape(ch) for ch in sorted(letters)) + "]"


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


def mostly_cyrillic(chunk: str) -> bool:
    """True when ``chunk`` has Cyrillic and fewer than a fifth of its letters are ASCII Latin
    (a Cyrillic-script text may quote a Latin name or two)."""
    if not _CYRILLIC_RE.search(chunk):
        return False
    return not _ASCII_LETTER_RE.search(chunk) or (
        len(_ASCII_LETTER_RE.findall(chunk)) * 4 <= len(_CYRILLIC_RE.findall(chunk)))


def ascii_latin_only(chunk: str) -> bool:
    """True when ``chunk`` has Latin letters and every letter of it is ASCII."""
    return _ASCII_LETTER_RE.search(chunk) is not None and not _NON_ASCII_LETTER_RE.search(chunk)


def is_latin(ch: str) -> bool:
    """True for a Latin letter (ASCII, Latin-1 and Latin Extended letters)."""
    return _LATIN_RE.match(ch) is not None
