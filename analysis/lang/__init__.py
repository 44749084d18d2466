"""Language registry: one module per language, one cached entry point.

``word_terms(word, lang)`` is the hot path (once per token at index time) and is
cached per process (``functools.lru_cache``, an explicit, bounded cache).
Adding a language (Kyrgyz, Uzbek) means adding ``analysis/lang/<code>/`` and a
line in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from functools import cache, lru_cache
from types import ModuleType

# Languages with their own index field; every other detected language maps to "other".
INDEX_LANGS: tuple[str, ...] = ("kk", "ru", "en", "other")

_MODULES = {"kk": "muragat.analysis.lang.kk", "ru": "muragat.analysis.lang.ru", "en": "muragat.analysis.lang.en",
            "other": "muragat.analysis.lang.other"}


def field_lang(code: str) -> str:
    """Map a detected language code to the index language that holds it."""
    return code if code in _MODULES else "other"


@cache
def get_language(lang: str) -> ModuleType:
    """Return the module implementing ``lang`` (imported lazily, once)."""
    return importlib.import_module(_MODULES[field_lang(lang)])


def normalized_terms(word: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """The language-normalized form of a raw word and its index terms (uncached)."""
    module = get_language(lang)
    normalized = module.normalize(word)
    if not normalized:
        return normalized, ()
    return normalized, tuple(module.terms(normalized))


@lru_cache(maxsize=500_000)
def word_terms(word: str, lang: str) -> tuple[str, ...]:
    """Index terms of a raw word in ``lang``, best guess first (cached)."""
    return normalized_terms(word, lang)[1]
