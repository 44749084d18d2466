"""Kazakh normalization: Latin alphabets, look-alike letters, Russian-letter substitutes, fold."""

from muragat.analysis.lang.kk import fold, normalize, terms
from muragat.analysis.lang.kk.latin import detect_variant, latin_to_cyrillic


def test_latin_2021_with_diacritics():
    assert normalize("Qazaqstandağy") == "қазақстандағы"
    assert normalize("kıtaphanağa") == "кітапханаға"


def test_latin_2021_i_after_vowel_is_y():
    assert normalize("üiıne") == "үйіне"


def test_latin_capitals_mapped_before_lowercasing():
    # Python lowercases I to i; 2021 Kazakh capital I is і.
    assert normalize("KITAPHANAĞA") == "кітапханаға"


def test_latin_2018_acute_letters_and_dotless_i():
    assert detect_variant("Qazaqstannyń") == "2018"
    assert normalize("Qazaqstannyń") == "қазақстанның"
    assert latin_to_cyrillic("kitap") == "kitap"  # no marker: unchanged
    assert normalize("sálem") == "сәлем"


def test_latin_2017_apostrophes():
    assert detect_variant("a'dilet") == "2017"
    assert normalize("A'dilet") == "әділет"
    assert normalize("qazaqstannyn'") == "қазақстанның"


def test_plain_ascii_latin_left_for_the_fold_key():
    assert normalize("qazaqstan") == "qazaqstan"


def test_kazakh_confusables_repaired():
    assert normalize("əке") == "әке"
    assert normalize("жаӊа") == "жаңа"
    assert normalize("ҡала") == "қала"


def test_fold_key_uses_russian_letters():
    assert fold("әғқңөұүһі") == "агкноуухи"
    assert fold("қазақстан") == "казакстан"


def test_russian_letter_substitutes_reach_the_lemma(kk_lexicon):
    assert terms(normalize("казакстандагы"))[0] == "қазақстан"
    assert terms(normalize("казакстан"))[0] == "қазақстан"


def test_latin_word_reaches_the_same_lemma(kk_lexicon):
    assert terms(normalize("Qazaqstandağy")) == terms(normalize("Қазақстандағы"))


def test_partly_substituted_word_reaches_the_lemma(kk_lexicon):
    # ү typed as у, і typed as a Latin i (repaired to і by normalization).
    assert terms(normalize("журегiнде"))[0] == "жүрек"


def test_substituted_pronoun_reaches_its_base(kk_lexicon):
    assert terms(normalize("маган")) == ["мен"]
