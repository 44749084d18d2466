"""Roman numerals typed with Cyrillic look-alikes meet the Latin spelling."""

from muragat.analysis.lang.kk import normalize, terms
from muragat.analysis.lang.kk.roman import is_roman, roman_numeral, roman_range


def kk_terms(word: str) -> list[str]:
    return terms(normalize(word))


def test_cyrillic_lookalike_numerals_read_as_latin():
    assert roman_numeral("ХІХ") == "xix" and roman_numeral("ХVІІ") == "xvii"
    assert roman_numeral("ІІ") == "ii" and roman_numeral("ХХ") == "xx"


def test_sha_after_x_stands_for_three_ones():
    assert roman_numeral("ХШ") == "xiii" and roman_numeral("XШ") == "xiii"


def test_words_and_initials_are_not_numerals():
    for word in ("Ш", "Х", "Хан", "ХІЛ", "ІХІХ", "XIX", "хіх"):
        assert roman_numeral(word) is None, word  # pure Latin is left to the generic path
    assert roman_range("Х-ray") is None and roman_range("ХІ-ХІ-ХІ") is None


def test_ranges_with_hyphen_or_dash():
    assert roman_range("ХV-ХІХ") == "xv-xix" and roman_range("XIV–XV") == "xiv-xv"
    assert is_roman("xiv") and not is_roman("xiiii") and not is_roman("")


def test_terms_meet_across_typings():
    assert kk_terms("ХІХ") == kk_terms("XIX") == ["xix"]
    assert kk_terms("ХШ") == kk_terms("XIII") == ["xiii"]
    assert kk_terms("XIV-XV") == ["xiv", "xv"] and kk_terms("ХV–ХІХ") == ["xv", "xix"]
    assert kk_terms("Хан") == ["хан"]
