"""Vowel harmony and the final-sound classes that choose suffix allomorphs."""

from muragat.analysis.lang.kk.harmony import final_class, harmony, has_vowel, last_consonant


def test_back_vowel_stem_takes_back_suffixes():
    assert harmony("бала") == {"b"}
    assert harmony("қазақ") == {"b"}


def test_front_vowel_stem_takes_front_suffixes():
    assert harmony("үй") == {"f"}
    assert harmony("мектеп") == {"f"}


def test_last_vowel_decides_harmony():
    assert harmony("кітап") == {"b"}  # і then а: the last one counts
    assert harmony("ақпен") == {"f"}


def test_loanword_vowel_never_vetoes():
    assert harmony("министр") == {"b", "f"}  # only и: undecided
    assert harmony("назарбаев") == {"b", "f"}  # Russian letters: never veto


def test_final_class_of_vowels_sonorants_nasals_voiced():
    assert final_class("бала") == "V"
    assert final_class("үй") == "R" and final_class("жаз") == "Z"
    assert final_class("жыл") == "L" and final_class("адам") == "N"


def test_final_b_v_g_d_count_as_voiceless():
    assert final_class("клуб") == "T" and final_class("кітап") == "T"


def test_soft_sign_looks_through_to_the_consonant():
    assert final_class("медаль") == "L"


def test_vowel_and_last_consonant_helpers():
    assert has_vowel("кітап") and not has_vowel("ққ")
    assert last_consonant("жоспарла") == "л"
