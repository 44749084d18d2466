"""A listed word that is a listed noun + -лы/-ды/-ты is also that noun's accusative: the
listed word first, the noun second, so a search for the noun finds the accusative."""

from __future__ import annotations

import pytest
from muragat.analysis.lang import word_terms
from muragat.analysis.lang.kk.wordlist import lexicon


@pytest.mark.parametrize("word, noun", [("кітапты", "кітап"), ("құжатты", "құжат"),
                                        ("үйді", "үй")])
def test_listed_adjective_or_accusative_keeps_both_readings(word, noun):
    if word not in lexicon().nouns or noun not in lexicon().nouns:
        pytest.skip(f"{word} / {noun} not in this word list")
    assert word_terms(word, "kk")[:2] == (word, noun)


def test_a_listed_noun_of_another_shape_is_its_own_only_lemma():
    assert word_terms("кітап", "kk") == ("кітап",)
