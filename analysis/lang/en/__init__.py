"""English: the simplemma lemma dictionary with an exception table (see ``lemmatizer``).

Interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``, its
letters (Latin, ASCII only) and the function words of ``stopwords.py``.
"""

from __future__ import annotations

from muragat.analysis.alphabets import ascii_latin_only
from muragat.analysis.lang.en.lemmatizer import lemmatize
from muragat.analysis.lang.en.names import knows
from muragat.analysis.lang.en.stopwords import STOPWORDS as stopwords
from muragat.analysis.normalize import normalize_word, strip_edge_punctuation

code = "en"
query_operators = {"or": ("OR",), "and": ("AND",), "not": ("NOT",)}
mistyped_on = ("ru",)  # typed with the Russian layout active (руддщ for hello); its layout is US
scripts = ("latin",)
# English text is in ASCII Latin letters: any other letter rules it out.
letters_allow = letters_agree = ascii_latin_only
__all__ = ["cased_terms", "knows", "code", "letters_agree", "letters_allow", "mistyped_on",
           "normalize", "query_operators", "scripts", "stopwords", "terms"]


def normalize(word: str) -> str:
    """Generic normalization; no quotes, brackets or final dot around the word."""
    return normalize_word(strip_edge_punctuation(word))


def terms(word: str) -> list[str]:
    """Lemmas of a normalized English word, best guess first."""
    return lemmatize(word)


def cased_terms(word: str, form: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """An all-capital word of two or more letters (US, KM, CA, NATO) is an abbreviation or
    a name more often than a shouted word: its written form comes first (US is the country,
    not "we"), its lemmas after it. A shouted word (REDUCED) keeps its lemma as a second
    term, so it is still found by every form."""
    if len(form) < 2 or not word.isupper() or form in terms[:1]:
        return terms
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or not all(ch.isupper() for ch in letters):
        return terms
    return (form, *(t for t in terms if t != form))
