"""The Kazakh lexicon: which stems are real words (nominal or verbal), loaded lazily.

Sources, merged at first use and cached for the process:

1. ``data/core_words.tsv`` — a small hand-written list (numerals, frequent roots, loanwords),
   ``word<TAB>n|v``; verbs as bare stems.
2. Debian's ``hunspell-kk`` word list (``kk_KZ.dic``), read at run time from the system
   (never copied into the repository). Its verbs are in the -у form (``жасау``) and are turned
   into stems (``жаса``); entries that are themselves inflected forms of another entry
   (``кітабы`` beside ``кітап``) are filtered out by the lemmatizer's own analysis.
   Set ``MURAGAT_KK_HUNSPELL`` to another ``.dic`` path, or to an empty string to run without it.
3. Words attested in the indexed collection, fed in with ``add_attested_words`` (optional).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from muragat.analysis.lang.kk.harmony import BACK, harmony

DATA_DIR = Path(__file__).resolve().parent / "data"
HUNSPELL_CANDIDATES = ("/usr/share/hunspell/kk_KZ.dic", "/usr/share/myspell/dicts/kk_KZ.dic")
_VOWELS = frozenset("аеәоөұүыіиуюя")
_VERB_FLAG = "M"  # hunspell-kk puts verbs (in -у) under the flags M..Z


@dataclass
class Lexicon:
    """Known stems: nominal, verbal, and verbal stems in -ы/-і (оқы) guessed from the -у form."""

    nouns: set[str] = field(default_factory=set)
    verbs: set[str] = field(default_factory=set)
    verbs_y: set[str] = field(default_factory=set)
    attested: set[str] = field(default_factory=set)
    voice_nouns: set[str] = field(default_factory=set)  # қызыл = қыз + -ыл too (weaker stem)
    possessive_forms: set[str] = field(default_factory=set)  # жақын = жақ-ы-н too (weak word)
    core: frozenset[str] = frozenset()
    source: str = "core"

    def is_noun(self, stem: str) -> bool:
        """True for a known nominal stem (noun, adjective, proper name ...)."""
        return stem in self.nouns

    def is_verb(self, stem: str) -> bool:
        """True for a known verb stem."""
        return stem in self.verbs

    def known(self, word: str) -> bool:
        """True when ``word`` is a known stem of any class."""
        return word in self.nouns or word in self.verbs or word in self.voice_nouns


def hunspell_path() -> Path | None:
    """The hunspell-kk word list to use, or None (not installed, or disabled by the env var)."""
    env = os.environ.get("MURAGAT_KK_HUNSPELL")
    if env is not None:
        return Path(env) if env and Path(env).is_file() else None
    for candidate in HUNSPELL_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def verb_stem_from_infinitive(entry: str) -> list[str]:
    """Stems of a hunspell verb entry in -у/-ю: жасау -> [жаса], келу -> [кел, келі].

    A consonant before -у may hide a stem in -ы/-і (оқу is оқы + у), returned second.
    """
    if entry.endswith("ю") and len(entry) > 2:
        return [entry[:-1] + "й"]
    if not entry.endswith("у") or len(entry) < 3:
        return []
    stem = entry[:-1]
    if stem[-1] in "аеәоөұүыіиуюя":
        return [stem]
    vowel = "ы" if BACK in harmony(stem) and len(harmony(stem)) == 1 else "і"
    return [stem, stem + vowel]


def read_core_words(path: Path = DATA_DIR / "core_words.tsv") -> tuple[set[str], set[str], set[str]]:
    """The hand-written lexicon: (nouns, verbs, verbs with a stem in -ы/-і)."""
    nouns: set[str] = set()
    verbs: set[str] = set()
    verbs_y: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            word, _, pos = line.partition("\t")
            if pos == "v":
                verbs.add(word)
                if word[-1] in "ыі":
                    verbs_y.add(word)
            else:
                nouns.add(word)
    return nouns, verbs, verbs_y


def read_hunspell(path: Path) -> tuple[set[str], set[str], set[str]]:
    """hunspell-kk entries: (nominal words, verb stems, -ы/-і verb stem guesses)."""
    nouns: set[str] = set()
    verbs: set[str] = set()
    verbs_y: set[str] = set()
    with open(path, encoding="utf-8-sig") as fh:
        next(fh, None)  # the entry count
        for line in fh:
            word, _, flags = line.strip().partition("/")
            word = word.lower().replace("ё", "е")
            if not word or " " in word:
                continue
            if _VERB_FLAG in flags:
                if len(word) == 3 and word[1] in _VOWELS and word[2] == "у":
                    # тау, жау, дау: nouns (the verbs тау-ып, жау-ды have other stems)
                    nouns.add(word)
                    continue
                stems = verb_stem_from_infinitive(word)
                if stems:
                    verbs.add(stems[0])
                    verbs_y.update(stems[1:])
                    continue
            nouns.add(word)
    return nouns, verbs, verbs_y


@lru_cache(maxsize=1)
def raw_lexicon() -> Lexicon:
    """Hand-written words plus hunspell-kk when installed (unfiltered)."""
    nouns, verbs, verbs_y = read_core_words()
    lex = Lexicon(nouns=set(nouns), verbs=set(verbs), verbs_y=set(verbs_y),
                  core=frozenset(nouns | verbs))
    path = hunspell_path()
    if path is not None:
        h_nouns, h_verbs, h_verbs_y = read_hunspell(path)
        lex.nouns |= h_nouns
        lex.verbs |= h_verbs
        lex.verbs_y |= h_verbs_y - verbs
        lex.source = f"core+hunspell ({path.name})"
    lex.verbs_y.update(v for v in verbs if v[-1] in "ыі")
    # A hand-listed stem in -ы/-і (оқы) replaces the consonant stem read from оқу (оқ).
    lex.verbs -= {v[:-1] for v in verbs if v[-1] in "ыі"} - verbs
    return lex


@lru_cache(maxsize=1)
def core_nouns() -> frozenset[str]:
    """The hand-written nominal stems (protected from the inflected-entry filter)."""
    return frozenset(read_core_words()[0])


@lru_cache(maxsize=1)
def core_verbs() -> frozenset[str]:
    """The hand-written verb stems (short ones like де, ал are trusted only from here)."""
    return frozenset(read_core_words()[1])


def add_attested_words(words) -> int:
    """Add words seen in the indexed collection as evidence; returns how many were new.

    An unknown stem attested as a standalone word in the collection is a likelier lemma than
    one never seen (``Еуровидениенің`` -> ``еуровидение`` when ``Еуровидение`` occurs). The
    attested word itself is not made "known", so inflected forms keep being analyzed.
    Clears the lemmatizer's caches.
    """
    from muragat.analysis.lang import word_terms
    from muragat.analysis.lang.kk import lemmatizer

    lex = lemmatizer.lexicon()
    new = 0
    for w in words:
        w = w.lower().replace("ё", "е")
        if len(w) >= 3 and w not in lex.attested and not lex.known(w):
            lex.attested.add(w)
            new += 1
    lemmatizer.clear_caches(keep_lexicon=True)
    word_terms.cache_clear()  # the pipeline's per-word cache holds analyses made without them
    return new
