"""simplemma, with its dictionaries read through ``analysis.model_cache``; lemminflect's
lemma table, asked where simplemma's lemma of a form in -ed / -ing / -es is in doubt or is the
form itself (``lemmatizer``).

simplemma decodes its LZMA front-coded English dictionary (181,000 entries) on first
use: ~0.2 s in every process, before the indexer's workers can start. The decoded
``bytes -> bytes`` dict is kept in the model cache and handed to simplemma's default
dictionary factory (the one ``simplemma.lemmatize`` and ``simplemma.is_known`` use), so
the lemmas are exactly simplemma's. The language detector reads the Ukrainian dictionary
the same way (``analysis.langid.lexicon.is_ukrainian_word``). Written against simplemma
2.0.0 (pinned); should its internals differ, simplemma is used as it is.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path
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


def lexicon_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas lemminflect's lexicon (the SPECIALIST lexicon's inflection tables) gives
    ``word`` (lower case), verb readings first; empty when it does not know the word."""
    found = _lexicon().get(word)
    return tuple(found.split("/")) if found else ()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, str]:
    """lemminflect's lemma table (69,000 forms -> "lemma/lemma"), read once per process
    through the model cache (keyed by the table's bytes and this file; ~30 ms, where importing
    lemminflect and its own loader take ~0.3 s). A missing table is an install that lacks a
    dependency: an error at start-up (``analysis.worker.load_analyzers`` asks for it), not
    English terms that differ from those of the index."""
    from importlib.util import find_spec

    from muragat.analysis.model_cache import cached

    spec = find_spec("lemminflect")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(folders[0]) / "resources" / "lemma_lu.csv.gz" if folders else None
    if path is None or not path.is_file():
        raise ImportError("lemminflect's lemma table is missing: a dependency of muragat is not "
                          "installed (pip install -e . in the repository)")
    return cached("lemminflect-lemmas", [path, Path(__file__)], lambda: _read_lexicon(path))


def _read_lexicon(path: Path) -> dict[str, str]:
    """``form -> "lemma/lemma"`` (verb readings first) from lemminflect's ``lemma_lu.csv.gz``
    (``form,category,a/b``); strings rather than tuples load in half the time."""
    verbs: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) != 3:
                continue
            form, category, lemmas = parts
            (verbs if category == "verb" else others).setdefault(form.lower(), []).extend(
                x.lower() for x in lemmas.split("/"))
    return {form: "/".join(dict.fromkeys(verbs.get(form, []) + others.get(form, [])))
            for form in verbs.keys() | others.keys()}
