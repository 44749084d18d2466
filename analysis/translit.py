"""Name keys: one spelling-independent key for a name in Cyrillic or Latin letters.

A name is written many ways: Пушкин, Pushkin, Puškin (ISO 9); Қабанбай, Kabanbai, Kabanbay,
Qabanbai (the Kazakh Latin alphabets of 2017, 2018 and 2021 and the English spellings);
Ельцин, Yeltsin, Yel'tsin (BGN/PCGN), El'tsin (Library of Congress), El'cin (ISO 9). Every
spelling reduces to one key (``name_key``) in a small alphabet of Latin letters:

1. Cyrillic letters are romanized the English way (``alphabets.NAME_CYRILLIC_TO_LATIN``:
   ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ы y, я ya; қ k, ғ g, ң n, ө o, ұ ү u, і i);
   Latin letters with diacritics lose them (``alphabets.NAME_LATIN_LETTERS``: š sh, č ch,
   ž zh, ä a, ö o, ū ü u, ı i, ş sh, ğ ǵ g, ñ ń n); Kazakh Latin 2017's s' c' y' are ш ч у;
   apostrophes, primes (the soft sign), hyphens and other marks drop out;
2. the sounds every system writes differently become one letter: sh/ш -> w, ch/ч -> q,
   zh/ж/dzh/j -> j, kh/x(х)/h -> h, ts/c(ц) -> c, q/k/ck -> k, gh -> g, y/i/ы/й/і -> i,
   w/у -> u, x -> ks; j after a vowel and before a consonant is й (Tolstoj) -> i;
3. an i before e drops (Yeltsin = Ельцин, Andreyev = Андреев), and a doubled letter is
   one (Seifullin = Сейфуллин, Evgeniy = Евгений).

So -ov/-ev/-yev, zh/kh/sh/ch, y/i and u/ū fall together; the key is lossy on purpose (it is
looked up at a low weight, below exact forms). ``index_keys`` decides which words of a text
get keys (names and words the language's lemmatizer does not know); ``query_keys`` gives the
keys of a query word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from muragat.analysis.alphabets import (
    NAME_APOSTROPHE_2017,
    NAME_APOSTROPHES,
    NAME_CYRILLIC_TO_LATIN,
    NAME_LATIN_LETTERS,
    has_cyrillic,
    has_latin,
)

MIN_KEY = 2  # a one-letter key (an initial) matches too much to be worth a lookup

_APOSTROPHE_2017_RE = re.compile(
    f"([{''.join(NAME_APOSTROPHE_2017)}])[{re.escape(NAME_APOSTROPHES)}]")
_ROMAN = str.maketrans({**NAME_CYRILLIC_TO_LATIN, **NAME_LATIN_LETTERS})
_VOWELS = frozenset("aeiou")
# Digraphs and letters -> the key's alphabet, longest first.
_SPELLINGS = (("shch", "w"), ("dzh", "j"), ("sch", "w"), ("sh", "w"), ("ch", "q"), ("zh", "j"),
              ("kh", "h"), ("ts", "c"), ("tz", "c"), ("gh", "g"), ("dj", "j"), ("ph", "f"),
              ("ck", "k"))
# The same, by first letter (in the same order): most letters start no digraph.
_SPELLINGS_BY_FIRST: dict[str, tuple[tuple[str, str], ...]] = {
    first: tuple(sp for sp in _SPELLINGS if sp[0][0] == first)
    for first in {spelled[0] for spelled, _key in _SPELLINGS}}
_LETTERS = {"q": "k", "x": "ks", "y": "i", "w": "u"}
_SOFT_C = frozenset("eiy")  # c before these is ц (Cyrillic ц romanized as c: ISO 9, 2021); else k


def _romanized(form: str) -> str:
    """Lowercase ASCII letters of ``form`` spelled the English way (step 1)."""
    text = _APOSTROPHE_2017_RE.sub(lambda m: NAME_APOSTROPHE_2017[m.group(1)], form.lower())
    text = text.translate(_ROMAN)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text if "a" <= ch <= "z")


def _reduced(text: str) -> str:
    """Step 2 and 3 on romanized letters."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for spelled, key in _SPELLINGS_BY_FIRST.get(text[i], ()):
            if text.startswith(spelled, i):
                out.append(key)
                i += len(spelled)
                break
        else:
            ch = text[i]
            nxt = text[i + 1] if i + 1 < n else ""
            if ch == "c":
                out.append("c" if nxt in _SOFT_C else "k")
            elif ch == "j":
                # й after a vowel before a consonant or at the end (Tolstoj, Kajrat); else ж
                out.append("i" if out and out[-1] in _VOWELS and nxt not in _VOWELS else "j")
            else:
                out.append(_LETTERS.get(ch, ch))
            i += 1
    key = "".join(out).replace("ie", "e")
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=200_000)
def name_key(form: str) -> str:
    """The key of a word in Cyrillic or Latin letters ("" for other scripts, or when the
    key is shorter than ``MIN_KEY``). Cached (bounded)."""
    if not (has_cyrillic(form) or has_latin(form)):
        return ""
    key = _reduced(_romanized(form))
    return key if len(key) >= MIN_KEY else ""


@lru_cache(maxsize=1)
def _starting_letters() -> dict[str, frozenset[str]]:
    """Key letter -> the lowercase letters a word whose key starts with it may start with
    (w: ш щ s š ş; k: к қ k q c ...), for highlighting (cached)."""
    letters = {*NAME_CYRILLIC_TO_LATIN, *NAME_LATIN_LETTERS, *"abcdefghijklmnopqrstuvwxyz"}
    out: dict[str, set[str]] = {}
    for ch in letters:
        for after in ("a", "e", "h", "s", "z", "j", "k", "zh"):
            key = _reduced(_romanized(ch + after))
            if key:
                out.setdefault(key[0], set()).add(ch)
    return {k: frozenset(v) for k, v in out.items()}


def starting_letters(keys: Iterable[str]) -> frozenset[str]:
    """The lowercase first letters of the words whose key may be one of ``keys``."""
    table = _starting_letters()
    return frozenset().union(*(table.get(k[:1], frozenset()) for k in keys))


def keys_of(forms: Iterable[str]) -> tuple[str, ...]:
    """The distinct non-empty keys of ``forms``, in order."""
    return tuple(dict.fromkeys(k for k in map(name_key, forms) if k))


def looks_like_name(word: str) -> bool:
    """A raw word written with a capital first letter and a lowercase letter (Пушкин,
    McDonald): a name, or a sentence's first word. All-capital words (headings, acronyms)
    are not taken for names."""
    return word[:1].isupper() and any(ch.islower() for ch in word[1:])


def index_keys(word: str, form: str, terms: tuple[str, ...], known: bool,
               stop: bool) -> tuple[str, ...]:
    """Keys a text word indexes: for a name (``looks_like_name``) or a word the language's
    lemmatizer does not know (``known`` False), the keys of its form and of its terms
    (Пушкина -> пушкин, Қабанбайдың -> қабанбай); nothing for function words (``stop``)."""
    if stop or not form or (known and not looks_like_name(word)):
        return ()
    return keys_of((form, *terms))
