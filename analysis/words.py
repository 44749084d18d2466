"""One word in one index language -> its ``WordAnalysis``, cached per process.

The per-word caches: index language -> {word: WordAnalysis}. Plain dicts rather than
``lru_cache``: their entries hold only strings and tuples, which the garbage collector
stops tracking, so a large warm cache costs no collector time. Bounded: a language's
cache is emptied when it reaches ``WORD_CACHE_SIZE`` entries.
"""

from __future__ import annotations

from muragat.analysis.document import WordAnalysis
from muragat.analysis.lang import INDEX_LANGS, field_lang, get_language, normalized_terms
from muragat.analysis.normalize import normalize_word

WORD_CACHE_SIZE = 500_000
word_caches: dict[str, dict[str, WordAnalysis]] = {lang: {} for lang in INDEX_LANGS}


def _analyze_word_uncached(word: str, lang: str) -> WordAnalysis:
    normalized, terms = normalized_terms(word, lang)
    fold = get_language(lang).fold_keys(normalized) if normalized else ()
    return WordAnalysis(normalize_word(word), terms, fold)


def analyze_word(word: str, lang: str) -> WordAnalysis:
    """Analyze a raw word in index language ``lang`` (cached per process).

    A detected code without its own index language (``uk``) counts as ``other``.
    """
    cache = word_caches.get(lang)
    if cache is None:
        lang = field_lang(lang)
        cache = word_caches[lang]
    found = cache.get(word)
    if found is None:
        if len(cache) >= WORD_CACHE_SIZE:
            cache.clear()
        found = cache[word] = _analyze_word_uncached(word, lang)
    return found


def clear_word_caches() -> None:
    """Empty the per-word caches."""
    for cache in word_caches.values():
        cache.clear()


def words_cached() -> int:
    """How many word analyses the caches hold."""
    return sum(map(len, word_caches.values()))
