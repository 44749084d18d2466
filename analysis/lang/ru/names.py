"""Which Russian words the lemmatizer knows (the others get name keys, ``analysis.translit``)."""

from __future__ import annotations

from muragat.analysis.lang.ru.exceptions import CLOSED_CLASS
from muragat.analysis.lang.ru.lemmatizer import morph


def knows(word: str, terms: tuple[str, ...]) -> bool:
    """True when pymorphy3's dictionary (or the closed-class table) has ``word``."""
    if word in CLOSED_CLASS:
        return True
    try:
        return bool(morph().word_is_known(word))
    except ValueError:  # a letter without a Unicode name (see ``lemmatizer``)
        return False
