"""Russian index terms from pymorphy3, with a few grammar-based additions.

pymorphy3 gives the normal forms of a word, most probable parse first. On top of
that, this module adds the forms a searcher (and the UD treebanks) also expect:

* participles also index their adjective form (предусмотренные -> предусмотреть,
  предусмотренный);
* superlative adjectives keep their own lemma (лучшие -> хороший, лучший);
* comparatives also index the comparative itself and the adverb (чаще -> частый,
  чаще, часто);
* reflexive verbs also index the verb without -ся (проводится -> проводиться, проводить);
* words pymorphy3 does not know (names, foreign words) also index themselves;
* a woman's surname or patronymic (Ахматовой, Петровна) indexes its feminine form first
  (ахматова, петровна), then pymorphy3's masculine one, as UD's Russian treebanks do;
* closed-class words and abbreviations come from ``exceptions``.

The pymorphy3 analyzer is loaded lazily, once per process.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from muragat.analysis.alphabets import has_cyrillic, has_latin
from muragat.analysis.lang.ru.exceptions import ABBREVIATIONS, CLOSED_CLASS, PRONOUN_ALTERNATES

MAX_TERMS = 3

# Adjective endings, longest first, for "the masculine nominative of this adjective form".
_ADJ_ENDINGS = ("ыми", "ими", "ого", "его", "ому", "ему", "ая", "яя", "ое", "ее", "ые", "ие",
                "ый", "ий", "ой", "ую", "юю", "ых", "их", "ым", "им", "ом", "ем", "ей")
# After these letters the masculine ending is -ий (лучш-ий, высок-ий), else -ый.
_SOFT_STEM_END = frozenset("гкхжшчщ")


@lru_cache(maxsize=1)
def morph():
    """The shared pymorphy3 analyzer (heavy: built on first use)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _e(word: str) -> str:
    return word.replace("ё", "е")


def adjective_base(form: str) -> str | None:
    """Masculine nominative singular of an adjective form by its ending (лучших -> лучший).

    Works for participles too (занимающихся -> занимающийся).
    """
    if form.endswith(("ся", "сь")) and len(form) > 5:
        base = adjective_base(form[:-2])
        return base + "ся" if base else None
    for ending in _ADJ_ENDINGS:
        if form.endswith(ending) and len(form) > len(ending) + 1:
            stem = form[: -len(ending)]
            return stem + ("ий" if stem[-1] in _SOFT_STEM_END else "ый")
    return None


def _adverb_of(adjective: str) -> str | None:
    """The -о adverb of a qualitative adjective lemma (частый -> часто, яркий -> ярко)."""
    for ending in ("ый", "ий", "ой"):
        if adjective.endswith(ending) and len(adjective) > 4:
            return adjective[:-2] + "о"
    return None


def _extras(word: str, parse) -> list[str]:
    """Additional terms suggested by one parse (see the module docstring)."""
    tag = parse.tag
    pos = tag.POS
    lemma = _e(parse.normal_form)
    out: list[str] = []
    if pos == "PRTF" or (pos == "ADJF" and "Supr" in tag):
        base = adjective_base(word)
        if base:
            out.append(base)
    elif pos == "COMP":
        out.append(word)
        adverb = _adverb_of(lemma)
        if adverb:
            out.append(adverb)
    elif pos in ("VERB", "INFN", "GRND") and lemma.endswith(("ся", "сь")):
        plain = lemma[:-2]
        if morph().word_is_known(plain):
            out.append(plain)
    if lemma in PRONOUN_ALTERNATES and pos in ("ADJF", "NPRO", "ADVB", "CONJ", "PRCL"):
        out.append(PRONOUN_ALTERNATES[lemma])
    return out


def _has_unnamed_letter(word: str) -> bool:
    """True when a letter of ``word`` has no Unicode name in this Python's tables.

    pymorphy3 looks up the name of every letter (``shapes.is_latin_char``) and raises
    ``ValueError`` for such letters (Tangut and Khitan ideographs in Python 3.11).
    """
    return any(ch.isalpha() and not unicodedata.name(ch, "") for ch in word)


def _feminine_name(parses) -> str | None:
    """The feminine nominative of a woman's surname or patronymic (Ахматовой -> ахматова).

    Only when the best parse is one and no parse reads the word as a man's name or an
    adjective (Лебедева is also Лебедев's genitive, казанской an adjective).
    """
    top = parses[0].tag
    if not (("Surn" in top or "Patr" in top) and top.gender == "femn"):
        return None
    for parse in parses:
        tag = parse.tag
        if tag.POS == "ADJF" or (("Surn" in tag or "Patr" in tag) and tag.gender == "masc"):
            return None
    form = parses[0].inflect({"nomn", "sing", "femn"})
    return _e(form.word) if form is not None else None


def _name_as_written(word: str, parses) -> str | None:
    """A name, surname or patronymic in the nominative singular is its own lemma, even where
    pymorphy3 files it under another spelling (Михайлович under михаилович); not when another
    parse reads it as a man's surname in another case (Новикова: Новиков's genitive)."""
    tag = parses[0].tag
    if not (("Name" in tag or "Surn" in tag or "Patr" in tag) and "nomn" in tag
            and "sing" in tag and _e(parses[0].normal_form) != _e(word)):
        return None
    if any(p.tag.gender == "masc" and "nomn" not in p.tag for p in parses[1:]):
        return None
    return _e(word)


def lemmatize(word: str) -> list[str]:
    """Index terms of a normalized Russian word, best guess first (at most ``MAX_TERMS``).

    ``word`` may contain ё (a better parse); the terms never do. A word in Latin letters
    without a Cyrillic one (a name or a term inside Russian text) is its own term, as
    pymorphy3 would make it (it tags such words LATN, their own normal form;
    tests/analysis/test_ru.py compares) without its 40-250 µs a word.
    """
    if has_latin(word) and not has_cyrillic(word):
        return [word]
    return [_e(t) for t in _lemmatize(word)]


def _lemmatize(word: str) -> list[str]:
    fixed = CLOSED_CLASS.get(_e(word))
    if fixed is not None:
        return list(fixed)
    try:
        parses = morph().parse(word)
    except ValueError:
        if not _has_unnamed_letter(word):
            raise
        return [word]  # a letter pymorphy3 cannot handle: the word indexes itself
    out: list[str] = []
    extras: list[str] = []
    known = False
    seen: set[tuple[str, str]] = set()
    for parse in parses:
        lemma = _e(parse.normal_form)
        if lemma not in out:
            out.append(lemma)
        known = known or parse.is_known
        key = (parse.tag.POS, lemma)
        if key not in seen:  # the extras depend on part of speech and lemma only
            seen.add(key)
            extras.extend(_extras(word, parse))
    if not known and _e(word) not in out:
        out.insert(1, _e(word))
    for term in extras:
        if term not in out:
            out.append(term)
    if (feminine := _feminine_name(parses)) is not None:
        out = [feminine] + [t for t in out if t != feminine]
    elif (own := _name_as_written(word, parses)) is not None:
        out = [own] + [t for t in out if t != own]
    abbreviation = ABBREVIATIONS.get(word)
    if abbreviation and abbreviation not in out:
        out.insert(0, abbreviation)
    return out[:MAX_TERMS] or [word]
