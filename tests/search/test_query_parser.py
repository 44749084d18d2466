"""The tolerant query parser: each syntax element, repairs, and never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from muragat.search.query_parser import (
    And,
    Filter,
    Not,
    Or,
    Phrase,
    Word,
    parse,
    parse_year_range,
    positive_words,
)


def test_plain_words_are_and():
    assert parse("кітапхана library").node == And((Word("кітапхана"), Word("library")))


def test_phrase_and_single_quoted_word():
    assert parse('"Pushkin library"').node == Phrase(("Pushkin", "library"))
    assert parse('"библиотеками"').node == Word("библиотеками", quoted=True)


def test_or_binds_looser_than_and():
    node = parse("a b OR c").node
    assert node == Or((And((Word("a"), Word("b"))), Word("c")))


def test_not_and_minus():
    assert parse("кітап NOT газет").node == And((Word("кітап"), Not(Word("газет"))))
    assert parse("кітап -газет").node == And((Word("кітап"), Not(Word("газет"))))


def test_parentheses_group():
    node = parse("(конференция OR conference) 2021").node
    assert node == And((Or((Word("конференция"), Word("conference"))), Word("2021")))


def test_prefix():
    assert parse("библиот*").node == Word("библиот", prefix=True)


def test_fields():
    assert parse("title:конференция").node == Word("конференция", field="title")
    assert parse('title:"Pushkin library"').node == Phrase(("Pushkin", "library"), "title")
    assert parse("lang:KK").node == Filter("lang", "kk")
    assert parse("source:ertis").node == Filter("source", "ertis")
    assert parse("year:2019..2021").node == Filter("year", (2019, 2021))


def test_year_ranges():
    assert parse_year_range("2021") == (2021, 2021)
    assert parse_year_range("2021..2019") == (2019, 2021)
    assert parse_year_range("..2010") == (None, 2010)
    assert parse_year_range("2015..") == (2015, None)
    assert parse_year_range("abc") is None


def test_bad_year_is_ignored_with_a_note():
    parsed = parse("кітап year:soon")
    assert parsed.node == Word("кітап")
    assert any("year:soon" in n for n in parsed.notes)


def test_unknown_field_is_a_word():
    assert parse("author:Abai").node == And((Word("author"), Word("Abai")))


def test_unbalanced_parenthesis_and_quote_repaired():
    parsed = parse("(кітап OR газет")
    assert parsed.node == Or((Word("кітап"), Word("газет")))
    assert parsed.notes
    parsed = parse('"Pushkin library')
    assert parsed.node == Phrase(("Pushkin", "library"))
    assert "closed an unbalanced quote" in parsed.notes
    assert parse("кітап)").node == Word("кітап")


def test_dangling_operators_ignored():
    assert parse("OR кітап").node == Word("кітап")
    assert parse("кітап NOT").node == Word("кітап")


def test_nothing_searchable_is_an_error():
    for q in ("((", '""', "OR", "!!!", "- -"):
        parsed = parse(q)
        assert parsed.node is None and parsed.error, q
    assert parse("").error is None


def test_positive_words_skip_not():
    words = positive_words(parse('кітап -газет "Pushkin library"').node)
    assert [w.text for w in words] == ["кітап", "Pushkin", "library"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab кі()"-*:OR NOTtitle:year:2019..|')), max_size=40))
def test_never_raises(q):
    parsed = parse(q)  # must not raise
    assert parsed.node is not None or (parsed.error is not None) == bool(q.strip())


@pytest.mark.parametrize("q, plain", [
    ("Кто написал «Абай жолы»?", True),
    ('"exact phrase" and words.', True),
    ("кітап OR газет", False),
    ("кітап -газет", False),
    ("lang:kk кітап", False),
    ("кітап*", False),
    ("(кітап газет)", False),
    ("кітап AND газет", True),  # AND changes nothing
    ("cats or dogs?", False),
])
def test_plain_queries_are_words_and_phrases_only(q, plain):
    assert parse(q).plain is plain
