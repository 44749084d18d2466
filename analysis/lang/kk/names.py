"""Which Kazakh words the lemmatizer knows (the others get name keys, ``analysis.translit``)."""

from __future__ import annotations

from muragat.analysis.lang.kk.closed_classes import closed_forms
from muragat.analysis.lang.kk.lemmatizer import lexicon


def knows(word: str, terms: tuple[str, ...]) -> bool:
    """True when the word is a closed-class form or its best lemma is a known stem."""
    if word in closed_forms():
        return True
    lex = lexicon()
    return any(lex.known(t) for t in terms[:1]) or lex.known(word)
