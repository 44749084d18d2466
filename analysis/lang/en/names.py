"""Which English words the lemmatizer knows (the others get name keys, ``analysis.translit``)."""

from __future__ import annotations

from muragat.analysis.lang.en.dictionary import simplemma
from muragat.analysis.lang.en.exceptions import CLOSED_CLASS


def knows(word: str, terms: tuple[str, ...]) -> bool:
    """True when simplemma's English dictionary (or the exception table) has ``word``."""
    return word in CLOSED_CLASS or bool(simplemma().is_known(word, lang="en"))
