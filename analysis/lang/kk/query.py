"""Kazakh query words: the other spellings a query word may stand for.

* ``query_variants``: plain-ASCII Kazakh (``kitaphana``) read in the fold alphabet and
  analyzed as Kazakh, and the other official spelling of a surname (-ов/-ев = -ұлы);
* ``query_fold_keys``: the fold-field keys of a word typed without the Kazakh letters;
* ``stem_prefixes``: a short stem prefix of each lemma (back-off for forms the lemmatizer
  does not know).
"""

from __future__ import annotations

import re
from functools import lru_cache

from muragat.analysis.lang import word_terms
from muragat.analysis.lang.kk.folding import fold
from muragat.analysis.lang.kk.harmony import BACK_VOWELS, FRONT_VOWELS
from muragat.analysis.normalize import normalize_word

STEM_LETTERS = 5  # stem back-off: this many first letters of a lemma longer than that

# Plain ASCII -> the fold key's alphabet (the Russian letters ``fold`` maps Kazakh ones to).
# Digraphs first; "kh" is ambiguous (х in kitaphana-style spelling, к in Kazakhstan).
_DIGRAPHS = [("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("ng", "н"), ("ts", "ц"),
             ("yu", "ю"), ("ya", "я"), ("iy", "ий")]
_LETTERS = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "j": "ж", "z": "з",
            "i": "и", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
            "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "с", "q": "к", "w": "у",
            "y": "ы", "x": "кс"}
_ASCII_WORD = re.compile(r"^[a-z]+$")

_SURNAME_MIN_BASE = 3
_AFTER_ULY = frozenset(("", "ның", "на", "ны", "нан", "нда", "мен", "ндағы"))  # case endings
_VOWELS = BACK_VOWELS | FRONT_VOWELS | {"у"}  # before -ев: Жұмабаев = Жұмабайұлы (not и: Алиев)


@lru_cache(maxsize=20_000)
def ascii_fold_keys(word: str) -> tuple[str, ...]:
    """Candidate fold keys of a plain-ASCII word (``kitaphana`` -> ``китапхана``); empty if
    the word is not plain ASCII letters.

    Kazakh typed in plain ASCII carries no marker letters, so ``normalize`` cannot safely
    transliterate it; but its letters map onto the fold key's alphabet. Cached (bounded).
    """
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


def surname_variants(term: str) -> tuple[str, ...]:
    """The other official spelling of a Kazakh surname: Russian-style -ов/-ев and the
    patronymic -ұлы name the same person (Байтұрсынов = Байтұрсынұлы, Жұмабаев = Жұмабайұлы,
    Құнанбайұлы = Құнанбаев); a case ending left after -ұлы is dropped (Байтұрсынұлының)."""
    out: list[str] = []
    at = term.find("ұлы")
    if at >= _SURNAME_MIN_BASE and term[at + 3:] in _AFTER_ULY:
        base = term[:at]
        out += [base + "ұлы", base + "ов", base + "ев"]
        if base.endswith("й"):
            out.append(base[:-1] + "ев")
    elif term.endswith(("ов", "ев")) and len(term) - 2 >= _SURNAME_MIN_BASE + 1:
        base = term[:-2]
        out.append(base + "ұлы")
        if term.endswith("ев") and base[-1] in _VOWELS:
            out.append(base + "йұлы")
    return tuple(v for v in dict.fromkeys(out) if v != term)


def query_variants(form: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """Kazakh terms a query word may stand for beyond its own ``terms``: the analysis of its
    plain-ASCII reading (``kitaphana``), then the other spelling of each surname term."""
    found = tuple(dict.fromkeys(
        t for key in ascii_fold_keys(form) for t in word_terms(key, "kk") if t not in terms))
    return found + tuple(v for t in terms for v in surname_variants(t)
                         if v not in terms and v not in found)


def query_fold_keys(word: str) -> tuple[str, ...]:
    """Fold-field keys of a raw query word typed without the Kazakh letters (китапхана,
    kitaphana); none for a word with them (``exact`` and the lemmas match it already)."""
    from muragat.analysis.lang.kk import normalize

    form = normalize_word(word)
    if not form or fold(form) != form:
        return ()
    return tuple(dict.fromkeys(
        f for f in (form, fold(normalize(word)), *ascii_fold_keys(form)) if f))


def stem_prefixes(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The first ``STEM_LETTERS`` letters of each lemma longer than that."""
    return tuple(dict.fromkeys(t[:STEM_LETTERS] for t in terms if len(t) > STEM_LETTERS))
