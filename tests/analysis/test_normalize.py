"""Normalization rules, each with words written for the test."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from muragat.analysis.normalize import (
    fold_case,
    normalize_text,
    normalize_word,
    repair_homoglyphs,
    strip_edge_punctuation,
)


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Ёлка и йогурт")
    assert normalize_text(decomposed) == "Ёлка и йогурт"


def test_soft_hyphen_and_zero_width_characters_removed():
    assert normalize_text("биб\u00adлио\u200bтека\u200d и\ufeff") == "библиотека и"


def test_invisible_characters_removed_from_a_word():
    assert normalize_word("биб\u00adлио\u200bтека") == "библиотека"


def test_word_hyphenated_across_line_break_is_rejoined():
    assert normalize_text("в област-\nной библиотеке") == "в областной библиотеке"
    assert normalize_text("the li-\n  brary opened") == "the library opened"


def test_hyphen_before_capitalized_line_is_kept():
    # A new line starting with a capital is a new item, not the rest of a word.
    assert normalize_text("Павлодар-\nАстана") == "Павлодар-\nАстана"


def test_yo_folds_to_ye_for_matching():
    assert normalize_word("Ёжик") == "ежик"
    assert normalize_word("всё") == "все"


def test_stress_marks_dropped():
    assert normalize_word("библиоте\u0301ка") == "библиотека"


def test_latin_letters_inside_cyrillic_word_repaired():
    assert repair_homoglyphs("пpивет") == "привет"  # Latin p
    assert normalize_word("KНИГА") == "книга"  # Latin K


def test_cyrillic_letters_inside_latin_word_repaired():
    assert repair_homoglyphs("librаry") == "library"  # Cyrillic а
    assert normalize_word("Bооk") == "book"


def test_latin_i_inside_kazakh_word_becomes_kazakh_i():
    assert normalize_word("бiлiм") == "білім"
    assert normalize_word("кiтапхана") == "кітапхана"


def test_mixed_script_compound_left_alone_when_not_a_look_alike():
    # "Visa" has V and s, which have no Cyrillic look-alikes: not a homoglyph error.
    assert repair_homoglyphs("Visa-карта") == "Visa-карта"
    assert repair_homoglyphs("iPhone-ды") == "iPhone-ды"


def test_each_hyphen_part_repaired_on_its_own():
    assert repair_homoglyphs("онлайн-кoнференция") == "онлайн-конференция"


def test_clear_pre_reform_spelling_modernized():
    assert normalize_word("вѣра") == "вера"
    assert normalize_word("Ѳеодоръ") == "феодор"
    assert normalize_word("мiръ") == "мир"  # Latin i and a final hard sign


def test_kazakh_i_is_not_treated_as_old_spelling():
    assert normalize_word("білім") == "білім"
    assert normalize_word("кітапхананың") == "кітапхананың"


def test_dotted_capital_i_folds_to_plain_i():
    assert fold_case("İnternet") == "internet"
    assert normalize_word("İLİM") == "ilim"


def test_edge_punctuation_stripped():
    assert strip_edge_punctuation("г.") == "г"
    assert strip_edge_punctuation("«Абай»") == "Абай"
    assert strip_edge_punctuation("(archive),") == "archive"


def test_edge_punctuation_kept_where_it_belongs():
    assert strip_edge_punctuation("'s") == "'s"
    assert strip_edge_punctuation("u.s.") == "u.s."
    assert strip_edge_punctuation("))") == "))"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@example("\u212aа")  # Kelvin sign + Cyrillic а: lowercases to a Latin k
def test_normalize_word_is_idempotent(word):
    once = normalize_word(word)
    assert normalize_word(once) == once


@pytest.mark.parametrize("word", ["Алматы", "Қазақстан", "Library", "2021-жылы"])
def test_normalized_word_is_lowercase(word):
    assert normalize_word(word) == normalize_word(word).lower()


@pytest.mark.parametrize("raw, clean", [
    ("кітап\x00хана", "кітап хана"),  # a control between two letters: a space (no words glued)
    ("сөз\x07 келді", "сөз келді"),  # next to a space: nothing
    ("\x1b[1mжаңа\x1b[0m кітап", "[1mжаңа [0m кітап"),
    ("абзац\r\n\tкелесі\x0bжол\x0cбет", "абзац\r\n\tкелесі\x0bжол\x0cбет"),  # whitespace kept
    ("C1\x85\x9bcontrols", "C1 controls"),
    ("non\uffffchar\ufdd0s\U0010fffe", "nonchars"),
    ("lone\ud800surrogate", "lone\ufffdsurrogate"),
    ("и\u200d\u0306", "й"),  # the joiner goes before NFC composes
    ("emoji 😀 and 𝔘 stay", "emoji 😀 and 𝔘 stay"),
])
def test_normalize_text_removes_stray_characters(raw, clean):
    assert normalize_text(raw) == clean
    assert normalize_text(clean) == clean
