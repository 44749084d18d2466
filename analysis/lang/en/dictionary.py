"""simplemma, with its dictionaries read through ``analysis.model_cache``.

simplemma decodes its LZMA front-coded English dictionary (181,000 entries) on first
use: ~0.2 s in every process, before the indexer's workers can start. The decoded
``bytes -> bytes`` dict is kept in the model cache and handed to simplemma's default
dictionary factory (the one ``simplemma.lemmatize`` and ``simplemma.is_known`` use), so
the lemmas are exactly simplemma's. The language detector reads the Ukrainian dictionary
the same way (``analysis.langid.lexicon.is_ukrainian_word``). Written against simplemma
2.0.0 (pinned); should its internals differ, simplemma is used as it is.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def simplemma() -> ModuleType:
    """The ``simplemma`` module, its dictionaries served from the model cache."""
    import simplemma as module

    try:
        from simplemma.strategies.dictionaries import dictionary_factory as df

        factory = df.DEFAULT_DICTIONARY_FACTORY
        original = factory._get_dictionary
        folder = df.DATA_FOLDER
        load = df._load_dictionary_from_disk
        wrap = df.MappingStrToByteString
    except (ImportError, AttributeError):
        return module

    from muragat.analysis.model_cache import cached

    version = getattr(module, "__version__", "")

    @lru_cache(maxsize=8)
    def get_dictionary(lang: str):
        path = folder / f"{lang}.plzma"
        if lang.isalpha() and path.is_file():
            return wrap(cached(f"simplemma-{lang}-{version}", [path], lambda: load(lang)))
        return original(lang)

    factory._get_dictionary = get_dictionary
    return module
