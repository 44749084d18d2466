"""The Kazakh lexicon: which stems are real words (nominal or verbal), loaded lazily.

Sources, merged at first use and cached for the process:

1. ``data/core_words.tsv`` — a small hand-written list (numerals, frequent roots, loanwords),
   ``word<TAB>n|v``; verbs as bare stems.
2. ``data/hunspell_kk.tsv.gz`` — the word list of Debian's ``hunspell-kk`` 1.1-3, shipped under its
   MPL-1.1 option (notice and licence beside it; made by ``tools/build_kk_wordlist.py``: affix
   flags reduced to a verb bit, lowercased). Its verbs are in the -у form (``жасау``) and are
   turned into stems (``жаса``); entries that are themselves inflected forms of another entry
   (``кітабы`` beside ``кітап``) are filtered out by the lemmatizer's own analysis.
3. The system's ``kk_KZ.dic`` when installed (a newer hunspell-kk adds its words), unless
   ``MURAGAT_KK_HUNSPELL`` is set: empty means "read no system word list" (the packaged list
   alone); a ``.dic`` path means that list instead of the packaged and system ones.
4. Words attested in the indexed collection, fed in with ``add_attested_words`` (optional).
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from muragat.analysis.lang.kk.harmony import BACK, harmony

DATA_DIR = Path(__file__).resolve().parent / "data"
# hunspell-kk's word list, shipped under MPL-1.1 (``tools/build_kk_wordlist.py``).
PACKAGED_WORDLIST = DATA_DIR / "hunspell_kk.tsv.gz"
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
    """The system word list to read besides the packaged one (or instead of it), or None.

    ``MURAGAT_KK_HUNSPELL`` unset: Debian's ``kk_KZ.dic`` when installed; empty: none; a path:
    that file (which then replaces the packaged list, see ``uses_packaged_list``).
    """
    env = os.environ.get("MURAGAT_KK_HUNSPELL")
    if env is not None:
        return Path(env) if env and Path(env).is_file() else None
    for candidate in HUNSPELL_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def uses_packaged_list() -> bool:
    """False only when ``MURAGAT_KK_HUNSPELL`` names a word list to use instead of it."""
    return not os.environ.get("MURAGAT_KK_HUNSPELL")


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


def parse_dic_entries(path: Path) -> list[tuple[str, bool]]:
    """A hunspell ``.dic`` file as ``(lowercase word, has a verb flag)`` pairs (ё spelled е;
    entries with a space skipped)."""
    out: list[tuple[str, bool]] = []
    with open(path, encoding="utf-8-sig") as fh:
        next(fh, None)  # the entry count
        for line in fh:
            word, _, flags = line.strip().partition("/")
            word = word.lower().replace("ё", "е")
            if word and " " not in word:
                out.append((word, _VERB_FLAG in flags))
    return out


def read_packaged(path: Path = PACKAGED_WORDLIST) -> list[tuple[str, bool]]:
    """The packaged word list (gzipped ``word<TAB>n|v``, ``#`` comments) as ``(word, is verb)``."""
    out: list[tuple[str, bool]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            word, _, pos = line.rstrip("\n").partition("\t")
            out.append((word, pos == "v"))
    return out


def classify_entries(entries: list[tuple[str, bool]]) -> tuple[set[str], set[str], set[str]]:
    """Word-list entries as (nominal words, verb stems, -ы/-і verb stem guesses)."""
    nouns: set[str] = set()
    verbs: set[str] = set()
    verbs_y: set[str] = set()
    for word, is_verb in entries:
        if is_verb:
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


def read_hunspell(path: Path) -> tuple[set[str], set[str], set[str]]:
    """hunspell-kk entries: (nominal words, verb stems, -ы/-і verb stem guesses)."""
    return classify_entries(parse_dic_entries(path))


def word_list_files() -> list[Path]:
    """The word lists the lexicon reads, besides the hand-written core words."""
    files = [PACKAGED_WORDLIST] if uses_packaged_list() else []
    system = hunspell_path()
    return files + ([system] if system is not None else [])


@lru_cache(maxsize=1)
def raw_lexicon() -> Lexicon:
    """Hand-written words plus the packaged and system word lists (unfiltered)."""
    nouns, verbs, verbs_y = read_core_words()
    lex = Lexicon(nouns=set(nouns), verbs=set(verbs), verbs_y=set(verbs_y),
                  core=frozenset(nouns | verbs))
    sources = ["core"]
    for path in word_list_files():
        entries = read_packaged(path) if path == PACKAGED_WORDLIST else parse_dic_entries(path)
        h_nouns, h_verbs, h_verbs_y = classify_entries(entries)
        lex.nouns |= h_nouns
        lex.verbs |= h_verbs
        lex.verbs_y |= h_verbs_y - verbs
        sources.append("packaged" if path == PACKAGED_WORDLIST else f"hunspell ({path.name})")
    lex.source = "+".join(sources)
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
