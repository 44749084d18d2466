"""English: the simplemma lemma dictionary with an exception table (see ``lemmatizer``).

Interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``, its
letters (Latin, ASCII only) and the function words of ``stopwords.py``.
"""

from __future__ import annotations

from muragat.analysis.alphabets import ascii_latin_only
from muragat.analysis.lang.en.lemmatizer import lemmatize
from muragat.analysis.lang.en.stopwords import STOPWORDS as stopwords
from muragat.analysis.normalize import normalize_word, strip_edge_punctuation

code = "en"
query_operators = {"or": ("OR",), "and": ("AND",), "not": ("NOT",)}
mistyped_on = ("ru",)  # typed with the Russian layout active (руддщ for hello); its layout is US
scripts = ("latin",)
# English text is in ASCII Latin letters: any other letter rules it out.
letters_allow = letters_agree = ascii_latin_only
__all__ = ["code", "letters_agree", "letters_allow", "mistyped_on", "normalize",
           "query_operators", "scripts", "stopwords", "terms"]


def normalize(word: str) -> str:
    """Generic normalization; no quotes, brackets or final dot around the word."""
    return normalize_word(strip_edge_punctuation(word))


def terms(word: str) -> list[str]:
    """Lemmas of a normalized English word, best guess first."""
    return lemmatize(word)
