"""Russian: pymorphy3 normal forms plus grammar-based additions (see ``lemmatizer``).

Interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``, the
letter rules of ``letters.py`` and the function words of ``stopwords.py``. Normalization adds pre-1918 spelling repair (мiръ -> мир) and
strips the dot of abbreviations (г. -> г) before lemmatization. ё is kept for
pymorphy3 (свёрток is not свёртка) and folded to е in every term.
"""

from __future__ import annotations

from muragat.analysis.lang.ru.keyboard import KEYBOARD as keyboard
from muragat.analysis.lang.ru.lemmatizer import lemmatize
from muragat.analysis.lang.ru.letters import (
    hosted_scripts,
    letters_agree,
    letters_allow,
    neighbours,
    proves_neighbour,
    scripts,
)
from muragat.analysis.lang.ru.old_spelling import modernize
from muragat.analysis.lang.ru.stopwords import STOPWORDS as stopwords
from muragat.analysis.normalize import normalize_word_keeping_yo, strip_edge_punctuation

code = "ru"
query_operators = {"or": ("ИЛИ",), "and": ("И",), "not": ("НЕ",)}
mistyped_on = ("en",)  # typed with the English layout active (ghbdtn for привет)
__all__ = ["code", "hosted_scripts", "keyboard", "letters_agree", "letters_allow", "mistyped_on",
           "neighbours", "normalize",
           "proves_neighbour", "query_operators", "scripts", "stopwords", "terms"]


def normalize(word: str) -> str:
    """Generic normalization (ё kept), modern spelling, no quotes or final dot."""
    return normalize_word_keeping_yo(modernize(strip_edge_punctuation(word)))


def terms(word: str) -> list[str]:
    """Distinct normal forms of a normalized word, most probable first (see ``lemmatizer``)."""
    return lemmatize(word)
