"""Russian: pymorphy3 normal forms (first version)."""

from __future__ import annotations

from functools import lru_cache

from analysis.normalize import normalize_word

code = "ru"
stopwords: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # heavy: loaded lazily, once per process

    return pymorphy3.MorphAnalyzer()


def normalize(word: str) -> str:
    """Generic normalization (ё is folded after lemmatization, in ``terms``)."""
    return normalize_word(word)


def terms(word: str) -> list[str]:
    """Distinct normal forms of ``word``, most probable first."""
    out: list[str] = []
    for p in _morph().parse(word):
        lemma = p.normal_form.replace("ё", "е")
        if lemma not in out:
            out.append(lemma)
    return out[:2] or [word]
