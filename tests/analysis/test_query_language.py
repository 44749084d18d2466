"""The language of a query from its words' letters (analysis.query_language)."""

from __future__ import annotations

import pytest
from muragat.analysis import query_language


@pytest.mark.parametrize("text, lang", [
    ("сколько мёда дают пчёлы", "ru"),
    ("Абай қай жылы туған", "kk"),  # қ and ғ claim the Cyrillic words without them
    ("кітапхана жұмысы", "kk"),
    ("who makes dombra instruments", "en"),
    ("Qazaqstannyń astanasy", "kk"),  # ń: Latin Kazakh
    ("Пушкин", "ru"),
])
def test_language_of_a_query(text, lang):
    assert query_language(text) == lang


@pytest.mark.parametrize("text", ["", "2024 1917", "library библиотека", "Pushkin Пушкин"])
def test_no_language_without_a_majority_or_letters(text):
    assert query_language(text) is None
