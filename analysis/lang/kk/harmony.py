"""Kazakh sound classes: vowel harmony and the class of a stem's final sound.

Suffix allomorphs are chosen by two facts about what precedes them:

* harmony — the last vowel: back (а о ұ ы) takes а/ы suffixes (бала-лар), front (ә е ө ү і)
  takes е/і (үй-лер). Loanword vowels и у ю я ё э do not decide: the vowel before them does,
  and when none does, both are allowed (never a veto); у between consonants (пленум, форум)
  allows both.
* the final sound — vowel, sonorant р й у, л, nasal м н ң, voiced ж з, or voiceless
  (к қ п с т ш ф х ц ч щ, and б в г д at the end of a stem): кітап-тар, жыл-дар, күн-дер.
"""

from __future__ import annotations

BACK_VOWELS = frozenset("аоұы")
FRONT_VOWELS = frozenset("әеөүі")
NEUTRAL_VOWELS = frozenset("иуюяёэ")  # loanword or ambiguous: never decide harmony alone
VOWELS = BACK_VOWELS | FRONT_VOWELS | NEUTRAL_VOWELS

BACK, FRONT = "b", "f"

# Final-sound classes (the letters of ``FINAL_CLASS`` values).
VOWEL, SONORANT, LATERAL, NASAL, VOICED, VOICELESS = "V", "R", "L", "N", "Z", "T"
FINAL_CLASSES = (VOWEL, SONORANT, LATERAL, NASAL, VOICED, VOICELESS)

_FINAL_CLASS: dict[str, str] = {}
for _ch in VOWELS:
    _FINAL_CLASS[_ch] = VOWEL
for _chars, _cls in (("рйу", SONORANT), ("л", LATERAL), ("мнң", NASAL), ("жз", VOICED),
                     ("кқпстшфхцчщбвгдғһ", VOICELESS)):
    for _ch in _chars:
        _FINAL_CLASS[_ch] = _cls
# "у" after a vowel is a consonant (тау-лар, су-лар); after a consonant it is a vowel (ту).
_SOFT_SIGNS = frozenset("ьъ")


def harmony(stem: str) -> frozenset[str]:
    """The harmony classes a suffix after ``stem`` may take: {b}, {f}, or both when undecided.

    >>> sorted(harmony("бала")), sorted(harmony("үй")), sorted(harmony("университет"))
    (['b'], ['f'], ['f'])
    """
    if not _RUSSIAN_ONLY.isdisjoint(stem):
        return _BOTH  # a Russian loan or name (Назарбаев-тың, Медведев-тің): never veto
    last = len(stem) - 1
    for i in range(last, -1, -1):
        ch = stem[i]
        if ch == "у" and 0 < i < last and stem[i - 1] not in VOWELS:
            return _BOTH  # у between consonants is a loan vowel: пленум-ы, институт-тың
        if ch in BACK_VOWELS:
            return _B
        if ch in FRONT_VOWELS:
            return _F
        if ch == "я" or ch == "ё":  # Russian loans: таблица, самолёт -> back
            return _B
    return _BOTH


_RUSSIAN_ONLY = frozenset("вфцчщьъэюяё")
_B, _F, _BOTH = frozenset(BACK), frozenset(FRONT), frozenset((BACK, FRONT))


def final_class(stem: str) -> str:
    """Class of the sound a suffix attaches to (soft/hard signs look through: медаль -> л).

    >>> final_class("бала"), final_class("кітап"), final_class("жыл"), final_class("медаль")
    ('V', 'T', 'L', 'L')
    """
    i = len(stem) - 1
    while i > 0 and stem[i] in _SOFT_SIGNS:
        i -= 1
    ch = stem[i] if stem else ""
    if ch == "у" and i > 0 and stem[i - 1] in VOWELS:
        return SONORANT
    return _FINAL_CLASS.get(ch, VOICELESS)


def has_vowel(text: str) -> bool:
    """True when ``text`` contains a vowel letter."""
    return any(ch in VOWELS for ch in text)


def last_consonant(stem: str) -> str:
    """The last non-vowel letter of ``stem`` ('' when none): жоспарла -> л."""
    for ch in reversed(stem):
        if ch not in VOWELS:
            return ch
    return ""
