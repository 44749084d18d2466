"""The pieces of evidence detect() adds up: letters, Latin Kazakh, words, the model."""

from __future__ import annotations

import pytest
from muragat.analysis import alphabets
from muragat.analysis.langid import kazakh_latin, lexicon, model

# --- alphabets -------------------------------------------------------------------------


def test_script_counts() -> None:
    assert alphabets.script_counts("Қала city 2024!") == (4, 4, 0)
    assert alphabets.script_counts("図書館 and") == (0, 3, 3)


def test_kazakh_only_letter_rules_out_every_other_language() -> None:
    lacking = set(alphabets.lacking_languages("ұлт"))
    assert lacking == set(alphabets.CYRILLIC_ALPHABETS) - {"kk"}


def test_tatar_letter_rules_kazakh_out() -> None:
    lacking = alphabets.lacking_languages("җыр")
    assert "kk" in lacking and "ru" in lacking and "tt" not in lacking


def test_kyrgyz_letters_fit_kazakh_but_not_russian() -> None:
    lacking = alphabets.lacking_languages("көңүл")
    assert "ru" in lacking
    assert "kk" not in lacking and "ky" not in lacking


def test_russian_only_letters_rule_out_ukrainian() -> None:
    # ы and э are not Ukrainian; щ not Belarusian
    assert "uk" in alphabets.lacking_languages("этажы")
    assert "be" in alphabets.lacking_languages("щука")
    assert "ru" not in alphabets.lacking_languages("щука")


# --- Latin Kazakh ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("Jaña kıtap", "2021"),
        ("Şahar", "2021"),
        ("Jańa kitap", "2018"),
        ("Kóp rahmet", "2018"),
        ("jan'a kitap, ko'p", "2017"),
        ("Qazaqstan", "2021"),
        ("quality report", None),  # q followed by u: English
        ("The teachers' room isn't open", None),  # English apostrophes
        ("Kütüphane açıldı", None),  # ç: Turkish, no Kazakh alphabet has it
        ("Kitoblar ko'rgazmasi xonada", None),  # x: Uzbek
        ("library", None),
    ],
)
def test_variant(text: str, which: str | None) -> None:
    assert kazakh_latin.variant(text) == which


def test_to_cyrillic_2021_dotless_and_dotted_i() -> None:
    # 2021: ı/I is і, i/İ is и
    assert kazakh_latin.to_cyrillic("Bız kıtaphanağa bardyq", "2021") == "біз кітапханаға бардық"
    assert kazakh_latin.to_cyrillic("Ilım İnstitut", "2021") == "ілім институт"


def test_to_cyrillic_2018_acute() -> None:
    # 2018: i is і, ı is и, u is ұ, ý is у
    assert kazakh_latin.to_cyrillic("Búgin ushaq", "2018") == "бүгін ұшақ"
    assert kazakh_latin.to_cyrillic("Ońtústik", "2018") == "оңтүстік"


def test_to_cyrillic_2017_apostrophes() -> None:
    assert kazakh_latin.to_cyrillic("jan'a ko'rme", "2017") == "жаңа көрме"
    assert kazakh_latin.to_cyrillic("g'ylym", "2017") == "ғылым"


# --- words -------------------------------------------------------------------------------


def test_fold_kazakh_letters_to_their_russian_substitutes() -> None:
    assert lexicon.fold_kazakh("әңгіме") == "ангиме"
    assert lexicon.fold_kazakh("құрылғы") == "курылгы"
    assert lexicon.fold_kazakh("шаһар") == "шахар"


def test_kazakh_evidence_comes_from_the_kazakh_lexicon() -> None:
    known, loan, folded, none = (lexicon.KAZAKH_KNOWN, lexicon.KAZAKH_LOAN,
                                 lexicon.KAZAKH_FOLDED, lexicon.KAZAKH_NONE)
    # a closed-class form, a listed stem with endings
    assert lexicon.kazakh_evidence("және") == known
    assert lexicon.kazakh_evidence("кітаптарымызда") == known
    # a Russian stem with a Kazakh ending of two letters or more
    assert lexicon.kazakh_evidence("компаниясы") == loan
    # Kazakh typed with Russian letters reaches its stems through the fold
    assert lexicon.kazakh_evidence("ушин") == folded
    assert lexicon.kazakh_evidence("казакстандагы") == folded
    # Russian words with look-alike endings, and plain Russian words, are no evidence
    assert lexicon.kazakh_evidence("когда") == none
    assert lexicon.kazakh_evidence("книга") == none
    assert lexicon.kazakh_evidence("к") == none


def test_ukrainian_dictionary() -> None:
    assert lexicon.is_ukrainian_word("архів")
    assert not lexicon.is_ukrainian_word("кітапхана")


def test_russian_and_english_dictionaries() -> None:
    assert lexicon.is_russian_word("библиотека")
    assert not lexicon.is_russian_word("кітапхана")
    assert lexicon.is_english_word("library")
    assert not lexicon.is_english_word("kitaphana")


def test_neighbour_votes() -> None:
    assert lexicon.neighbour_vote("це") == "uk"
    assert lexicon.neighbour_vote("трэба") == "be"
    assert lexicon.neighbour_vote("тууралуу") == "ky"  # doubled vowel
    assert lexicon.neighbour_vote("ачылды") == "ky"  # ч: Kazakh has ш
    assert lexicon.neighbour_vote("дип") == "tt"
    assert lexicon.neighbour_vote("улуттук") == "ky"  # о ө ү ұ after the first syllable
    assert lexicon.neighbour_vote("книга") is None
    # a word the Kazakh lexicon or the Ukrainian dictionary knows casts no Kyrgyz vote
    assert lexicon.neighbour_vote("экономика") is None
    assert lexicon.neighbour_vote("домовились") is None
    assert lexicon.neighbour_vote("кітап") is None


def test_tatar_vowel_shift_reads_the_first_vowel_back() -> None:
    # Tatar forms Kazakh does not know, Kazakh ones with the first vowel shifted back
    assert lexicon.tatar_vowel_shift("булмады")  # Kazakh болмады
    assert lexicon.tatar_vowel_shift("туктап")  # Kazakh тоқтап, typed токтап
    # a word Kazakh knows as it is casts no vote, whatever its shifted form
    assert lexicon.kazakh_evidence("болмады") != lexicon.KAZAKH_NONE
    assert not lexicon.tatar_vowel_shift("болмады")
    # unknown to Kazakh either way, or no vowel the shift touched first
    assert not lexicon.tatar_vowel_shift("книга")
    assert not lexicon.tatar_vowel_shift("эшли")
    assert not lexicon.tatar_vowel_shift("у")


# --- the statistical model ------------------------------------------------------------------


def test_model_scores_are_restricted_to_the_script() -> None:
    scores = model.scores("бүгін кітапхана жабық", model.CYRILLIC_LANGS)
    assert set(scores) == set(model.CYRILLIC_LANGS)
    assert max(scores, key=scores.__getitem__) == "kk"


def test_model_without_features_gives_no_evidence() -> None:
    scores = model.scores("", model.LATIN_LANGS)
    assert set(scores.values()) == {0.0}
