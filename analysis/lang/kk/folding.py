"""Russian-letter fold key and the way back from it through the lexicon.

Kazakh is often typed with Russian letters (к for қ, н for ң, у for ұ/ү ...). ``fold`` maps a
word to that spelling; the pipeline indexes it in a secondary field searched at lower weight.
``substitute_lemmas`` re-analyzes a word written without Kazakh letters against the lexicon
folded the same way, so ``казакстандагы`` reaches ``қазақстан``.
"""

from __future__ import annotations

from functools import lru_cache

from muragat.analysis.alphabets import KAZAKH_TO_RUSSIAN


def fold(word: str) -> str:
    """The Russian-letter fold key of a normalized word (қазақстан -> казакстан)."""
    return word.translate(KAZAKH_TO_RUSSIAN)


@lru_cache(maxsize=1)
def folded_closed_forms() -> dict[str, str]:
    """Folded pronoun, copula and particle forms -> their lemma (озінін -> өз)."""
    from muragat.analysis.lang.kk.closed_classes import closed_forms

    out: dict[str, str] = {}
    for form, lemma in sorted(closed_forms().items()):
        out.setdefault(fold(form), lemma)
    return out


@lru_cache(maxsize=1)
def folded_lexicon() -> dict[str, str]:
    """Folded stem -> the real stem (the first in sorted order when several fold together)."""
    from muragat.analysis.lang.kk.lemmatizer import lexicon

    lex = lexicon()
    out: dict[str, str] = {}
    words = lex.nouns | lex.verbs | lex.voice_nouns
    for word in sorted(words):
        key = fold(word)
        if key != word and key not in words:  # аудан is a word: not a folded аудаң
            out.setdefault(key, word)
    return out


def substitute_lemmas(word: str, found: list[str]) -> list[str] | None:
    """Lemmas of a word whose analysis found no known stem, when its folded form reaches one.

    Covers words typed with Russian letters for Kazakh ones, wholly (казакстандагы) or partly
    (онiмдер, with і but о for ө).
    """
    from muragat.analysis.lang.kk.lemmatizer import folded_candidates, lexicon

    lex = lexicon()
    if lex.known(found[0]) or lex.known(word) or found[0] in lex.core:
        return None  # already analyzed to a known stem
    closed = folded_closed_forms().get(fold(word))
    if closed is not None:
        return [closed]  # озінін -> өз
    alt = folded_candidates(fold(word))
    if alt and "і" in word and fold(alt[0]) == alt[0].replace("і", "и"):
        return None  # the word had its і: only і in the stem is no substitution (білім)
    return alt
