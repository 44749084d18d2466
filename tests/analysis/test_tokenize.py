"""Tokenizer: words with offsets, hyphenated endings, apostrophes, numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from muragat.analysis.tokenize import tokenize, word_spans


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_number_with_hyphenated_ending_is_one_token():
    assert words("2021-жылы кітапхана ашылды") == ["2021-жылы", "кітапхана", "ашылды"]


def test_abbreviation_with_case_ending_is_one_token():
    assert words("ҚР-ның заңы") == ["ҚР-ның", "заңы"]


def test_percent_with_ending_is_one_token():
    assert words("оқырмандардың 36%-ы келді") == ["оқырмандардың", "36%-ы", "келді"]
    assert words("рост на 50% за год") == ["рост", "на", "50%", "за", "год"]


def test_hyphenated_compound_is_one_token():
    assert words("сондай-ақ, кітаптар") == ["сондай-ақ", "кітаптар"]
    assert words("a well-known author") == ["a", "well-known", "author"]


def test_non_breaking_hyphen_joins_too():
    assert words("сондай\u2011ақ") == ["сондай\u2011ақ"]


def test_dash_between_words_splits():
    assert words("Алматы - Астана — Павлодар") == ["Алматы", "Астана", "Павлодар"]


def test_latin_kazakh_apostrophes_inside_and_at_the_end():
    assert words("Qazaqstan'nyn' ekonomikasy") == ["Qazaqstan'nyn'", "ekonomikasy"]
    assert words("jan'a kitap") == ["jan'a", "kitap"]
    assert words("O’zbekstan men") == ["O’zbekstan", "men"]


def test_closing_quote_after_other_letters_is_not_part_of_the_word():
    assert words("the 'word' here") == ["the", "word", "here"]


def test_decimal_numbers_stay_whole():
    assert words("12,5 мың және 3.14") == ["12,5", "мың", "және", "3.14"]


def test_sentence_punctuation_is_not_a_token():
    assert words("Кітап, газет; журнал.") == ["Кітап", "газет", "журнал"]


def test_underscore_separates():
    assert words("file_name") == ["file", "name"]


def test_offsets_are_shifted_by_offset():
    toks = list(tokenize("ab cd", offset=10))
    assert [(t.start, t.end) for t in toks] == [(10, 12), (13, 15)]


@given(st.text(max_size=80))
def test_offsets_point_at_the_token_text(text):
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    assert word_spans(text) == [(t.text, t.start, t.end) for t in tokenize(text)]
