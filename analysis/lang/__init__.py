"""Language registry: every folder of ``analysis/lang`` is a language, found on disk.

Adding a language (Kyrgyz, Uzbek) means adding ``analysis/lang/<code>/`` with ``code``,
``normalize`` and ``terms`` (and whatever else of ``base.Language`` it has): the folder
becomes an index language with its own fields, and the query side asks it for its
letters, stop words and variants (search/ names no language; the detector,
``analysis.langid``, knows many more languages than have folders).

Caches (per process): ``word_terms(word, lang)`` is the hot path (once per token at index
time), an explicit ``lru_cache`` bounded at 500,000 words; ``get_language`` keeps one
``Language`` per code asked (the detector's few dozen codes at most).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache, lru_cache

from muragat.analysis.lang.base import Language

# Languages without their own analyzer (uk, be, ky, ...) share this one: the normalized word.
OTHER = "other"
# The order of the index languages: fields, per-language term lists and query clauses follow
# it (the archives' main languages first). A folder not named here comes after these,
# alphabetically; OTHER is always last.
_FIRST = ("kk", "ru", "en")


def _found_on_disk() -> tuple[str, ...]:
    found = {m.name for m in pkgutil.iter_modules(__path__) if m.ispkg}
    return (*[c for c in _FIRST if c in found], *sorted(found - {*_FIRST, OTHER}), OTHER)


# Languages with their own index field; every other detected language maps to OTHER.
INDEX_LANGS: tuple[str, ...] = _found_on_disk()
# The index languages with an analyzer of their own.
ANALYZED_LANGS: tuple[str, ...] = INDEX_LANGS[:-1]
_INDEX_LANG_SET = frozenset(INDEX_LANGS)


def field_lang(code: str) -> str:
    """Map a detected language code to the index language that holds it."""
    return code if code in _INDEX_LANG_SET else OTHER


@cache
def get_language(lang: str) -> Language:
    """The language of ``lang``'s index field (imported lazily, once; unknown codes: OTHER)."""
    return Language.from_module(importlib.import_module(f"{__name__}.{field_lang(lang)}"))


def normalized_terms(word: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """The language-normalized form of a raw word and its index terms (uncached)."""
    language = get_language(lang)
    normalized = language.normalize(word)
    if not normalized:
        return normalized, ()
    return normalized, language.cased_terms(word, normalized, tuple(language.terms(normalized)))


@lru_cache(maxsize=500_000)
def word_terms(word: str, lang: str) -> tuple[str, ...]:
    """Index terms of a raw word in ``lang``, best guess first (cached)."""
    return normalized_terms(word, lang)[1]
