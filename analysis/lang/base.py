"""The interface of a language (spaCy-style ``analysis/lang/<code>/``), with empty defaults.

A language folder is a package whose ``__init__`` exposes ``code``, ``normalize(word)`` and
``terms(word)``, and any of the optional names below. ``Language.from_module`` reads them,
giving each missing name its empty default (no letters, no stop words, no variants), so a
new folder needs only the three required names to index and search its words.

What the rest of Muragat asks a language:

* segment languages (``analysis.segment_langs``): ``letters_allow``, ``letters_agree``,
  ``letters_prove``, ``neighbours`` and ``proves_neighbour``;
* query words (``analysis.query``): ``scripts``, ``own_letters``, ``hosted_scripts``
  (which languages a word may be in), ``stopwords`` and ``function_lemmas`` (weighting),
  ``query_operators`` (its words for OR, AND, NOT), ``keyboard`` and ``mistyped_on`` (words
  typed with the wrong layout active);
* index and query terms: ``fold_keys`` (a secondary, letter-folded field),
  ``query_fold_keys``, ``query_variants`` and ``stem_prefixes`` (``search.query_builder``);
* name keys (``analysis.translit``): ``knows`` (whether its lemmatizer knows a word: names
  and unknown words get spelling-independent keys; a language without it knows no word).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import ModuleType


def _never(chunk: str) -> bool:
    return False


def _none(word: str) -> tuple[str, ...]:
    return ()


def _no_variants(form: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    return ()


def _as_written(word: str, form: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    return terms


def _no_stems(terms: tuple[str, ...]) -> tuple[str, ...]:
    return ()


def _knows_nothing(word: str, terms: tuple[str, ...]) -> bool:
    return False


@dataclass(frozen=True)
class Language:
    """What a language provides; built from its module by ``from_module``."""

    code: str
    normalize: Callable[[str], str]  # raw word -> normalized word (may be "")
    terms: Callable[[str], list[str]]  # normalized word -> index terms, best guess first
    # (raw word, normalized word, its terms) -> the terms in the order the way the word is
    # written suggests (English: an all-capital word is an abbreviation or a name first).
    cased_terms: Callable[[str, str, tuple[str, ...]], tuple[str, ...]] = _as_written

    # Letters. Scripts are named as in ``analysis.alphabets`` ("cyrillic", "latin").
    scripts: tuple[str, ...] = ()  # the scripts it is written in, its main one first
    own_letters: frozenset[str] = frozenset()  # letters no other index language writes
    hosted_scripts: tuple[str, ...] = ()  # scripts of foreign words its text holds (indexed with it)
    letters_allow: Callable[[str], bool] = _never  # no letter of a text rules it out
    letters_agree: Callable[[str], bool] = _never  # the letters confirm it (a metadata hint)
    letters_prove: Callable[[str], bool] = _never  # letters prove it even in a mixed line
    neighbours: frozenset[str] = frozenset()  # detector codes it is often mistaken for
    proves_neighbour: Callable[[str], bool] = _never  # a letter of the neighbours is there

    # Index terms beyond ``terms``: keys of the letter-folded field (normalized word).
    fold_keys: Callable[[str], tuple[str, ...]] = _none
    # (normalized word, its terms) -> whether the lemmatizer knows the word (unknown words
    # and names get name keys, ``analysis.translit``).
    knows: Callable[[str, tuple[str, ...]], bool] = _knows_nothing

    # Query side.
    stopwords: frozenset[str] = frozenset()  # normalized function words: weighed down
    function_lemmas: frozenset[str] = frozenset()  # lemmas of function words (inflected ones)
    query_fold_keys: Callable[[str], tuple[str, ...]] = _none  # raw word -> fold-field keys
    # (normalized form, its terms) -> other terms it may stand for (spelling variants)
    query_variants: Callable[[str, tuple[str, ...]], tuple[str, ...]] = _no_variants
    stem_prefixes: Callable[[tuple[str, ...]], tuple[str, ...]] = _no_stems  # back-off prefixes
    # Query syntax: "or", "and", "not" -> the language's words for them, in capitals.
    query_operators: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Its keyboard layout: key (the character it types on the US English layout) -> the
    # character it types here; unmapped keys type their US character (English: none).
    keyboard: Mapping[str, str] = field(default_factory=dict)
    mistyped_on: tuple[str, ...] = ()  # other languages' layouts its words get typed on

    def is_function_word(self, lemma: str) -> bool:
        """Whether ``lemma`` (a term of this language) is a function word's lemma."""
        return lemma in self.function_lemmas

    @classmethod
    def from_module(cls, module: ModuleType) -> Language:
        """The language a module implements; names it leaves out take their defaults."""
        missing = [name for name in ("code", "normalize", "terms") if not hasattr(module, name)]
        if missing:
            raise TypeError(f"{module.__name__} is not a language: it lacks {', '.join(missing)}")
        values = {f.name: getattr(module, f.name) for f in fields(cls) if hasattr(module, f.name)}
        return cls(**values)
