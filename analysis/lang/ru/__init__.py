"""Russian: pymorphy3 normal forms plus grammar-based additions (see ``lemmatizer``).

Interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``,
``stopwords``. Normalization adds pre-1918 spelling repair (мiръ -> мир) and
strips the dot of abbreviations (г. -> г) before lemmatization. ё is kept for
pymorphy3 (свёрток is not свёртка) and folded to е in every term.
"""

from __future__ import annotations

from muragat.analysis.lang.ru.lemmatizer import lemmatize
from muragat.analysis.lang.ru.old_spelling import modernize
from muragat.analysis.lang.ru.stopwords import STOPWORDS
from muragat.analysis.normalize import normalize_word_keeping_yo, strip_edge_punctuation

code = "ru"
stopwords: frozenset[str] = STOPWORDS


def normalize(word: str) -> str:
    """Generic normalization (ё kept), modern spelling, no quotes or final dot."""
    return normalize_word_keeping_yo(modernize(strip_edge_punctuation(word)))


def terms(word: str) -> list[str]:
    """Distinct normal forms of a normalized word, most probable first (see ``lemmatizer``)."""
    return lemmatize(word)
