"""Loading the analyzers once per process: indexer workers (before they fork), the search
engine (before its first query)."""

from __future__ import annotations

import gc

from muragat.analysis.detect import detect
from muragat.analysis.lang import INDEX_LANGS, word_terms
from muragat.analysis.langid.decide import load_models

# One word per script, analyzed in every index language: loads each language's dictionaries
# ("playing": an English form whose simplemma lemma is in doubt, so lemminflect's table too).
_SAMPLE_WORDS = ("архивтер", "архивы", "archives", "playing")


def load_analyzers() -> None:
    """Load every index language's analyzer (dictionaries, lexicons) now."""
    for lang in INDEX_LANGS:
        for word in _SAMPLE_WORDS:
            word_terms(word, lang)


def prepare_worker() -> None:
    """Load every analyzer now and exempt the loaded data from garbage collection.

    For indexer worker processes and benchmarks: call once at start-up (before
    forking, if the workers fork). Dictionaries and lexicons are then loaded once,
    and the collector no longer walks them (``gc.freeze``): about a quarter of the
    cold analysis time otherwise.
    """
    load_analyzers()
    load_models()
    detect("Архив библиотеки. Кітапхана мұрағаты. The library archive.")
    gc.collect()
    gc.freeze()
