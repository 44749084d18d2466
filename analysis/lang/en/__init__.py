"""English: the simplemma lemma dictionary with an exception table (see ``lemmatizer``).

Interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``,
``stopwords``.
"""

from __future__ import annotations

from muragat.analysis.lang.en.lemmatizer import lemmatize
from muragat.analysis.lang.en.stopwords import STOPWORDS
from muragat.analysis.normalize import normalize_word, strip_edge_punctuation

code = "en"
stopwords: frozenset[str] = STOPWORDS


def normalize(word: str) -> str:
    """Generic normalization; no quotes, brackets or final dot around the word."""
    return normalize_word(strip_edge_punctuation(word))


def terms(word: str) -> list[str]:
    """Lemmas of a normalized English word, best guess first."""
    return lemmatize(word)
