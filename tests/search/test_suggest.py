""""Did you mean": wrong keyboard layout (ru, kk, en) and misspellings, only with results."""

from __future__ import annotations

import pytest
from muragat.analysis import keyboard_conversions
from muragat.search.models import SearchRequest
from muragat.search.suggest import convert_layout, layout_candidates


def suggestion(engine, q, **kw):
    """Results and "did you mean" of ``q`` as typed (no automatic correction)."""
    resp = engine.search(SearchRequest(q=q, correct=False, **kw))
    return resp.total, resp.suggestion


def test_layout_tables():
    tables = keyboard_conversions()
    assert convert_layout("ghbdtn", tables["en->ru"]) == "привет"
    assert convert_layout("руддщ", tables["ru->en"]) == "hello"
    assert "кітапхана" in layout_candidates("r3nfg[fyf")  # English keys, Kazakh layout meant
    assert "кітапхана" in layout_candidates("к3тапхана")  # Russian layout, Kazakh meant


@pytest.mark.parametrize(("typed", "meant"), [
    ("ghbdtn", "привет"),  # Russian typed on the English layout
    ("r3nfg[fyf", "кітапхана"),  # Kazakh typed on the English layout
    ("к3тапхана", "кітапхана"),  # Kazakh letters typed on the Russian layout
    ("згырлшт", "pushkin"),  # English typed on the Russian layout
])
def test_wrong_layout(engine, typed, meant):
    total, sugg = suggestion(engine, typed)
    assert total == 0
    assert sugg == meant
    assert engine.search(SearchRequest(q=sugg)).total > 0


@pytest.mark.parametrize(("typed", "meant_lemma"), [
    ("librery", "library"),
    ("кнференция", "конференц"),
    ("кітпахана", "кітапхан"),
])
def test_misspelled_word_per_language(engine, typed, meant_lemma):
    total, sugg = suggestion(engine, typed)
    assert total == 0
    assert sugg is not None and sugg.startswith(meant_lemma)


def test_suggestion_keeps_the_other_words(engine):
    total, sugg = suggestion(engine, "Pushkin librery")
    assert sugg == "Pushkin library"


def test_no_suggestion_when_the_query_finds_results(engine):
    assert suggestion(engine, "library")[1] is None


def test_no_suggestion_without_results(engine):
    assert suggestion(engine, "qqqzzzxx")[1] is None
    # a correction that would still find nothing is not offered
    assert suggestion(engine, "librery museum")[1] is None
