"""Suffix templates spelled after stems (allomorphs by harmony and final sound)."""

from muragat.analysis.lang.kk.chains import chain_index
from muragat.analysis.lang.kk.harmony import final_class, harmony
from muragat.analysis.lang.kk.suffixes import realize


def spell(stem: str, template: str) -> str:
    (h,) = harmony(stem)
    return stem + realize(template, h, final_class(stem))


def test_plural_after_vowel():
    assert spell("бала", "LAр") == "балалар"


def test_plural_after_voiceless_consonant():
    assert spell("кітап", "LAр") == "кітаптар"


def test_plural_after_lateral_and_nasal():
    assert spell("жыл", "LAр") == "жылдар" and spell("күн", "LAр") == "күндер"


def test_genitive_after_nasal_and_sonorant():
    assert spell("адам", "NIң") == "адамның" and spell("үй", "NIң") == "үйдің"


def test_accusative_after_nasal_uses_d():
    assert spell("адам", "QI") == "адамды" and spell("бала", "QI") == "баланы"


def test_dative_after_voiceless_consonant():
    assert spell("кітап", "GA") == "кітапқа" and spell("үй", "GA") == "үйге"


def test_ablative_after_nasal_uses_n():
    assert spell("адам", "HAн") == "адамнан" and spell("бала", "HAн") == "баладан"


def test_instrumental_after_voiced_and_voiceless():
    assert spell("сөз", "Mен") == "сөзбен" and spell("кітап", "Mен") == "кітаппен"


def test_possessive_third_person_after_vowel_and_consonant():
    assert spell("бала", "SI") == "баласы" and spell("үй", "SI") == "үйі"


def test_negation_allomorphs():
    assert spell("кел", "BA") == "келме"
    assert spell("жаз", "BA") == "жазба"
    assert spell("айт", "BA") == "айтпа"


def test_present_tense_glide_after_vowel():
    assert spell("жаса", "EDI") == "жасайды" and spell("кел", "EDI") == "келеді"


def test_chain_index_holds_whole_noun_chains():
    names = {c.names for c in chain_index()["ларымызда"]}
    assert ("PL", "P1PL", "LOC") in names


def test_case_after_third_person_possessive_uses_n_forms():
    names = {c.names for c in chain_index()["сында"]}
    assert ("P3", "LOC") in names
    assert "сыда" not in chain_index()  # only the -нда form exists after -сы
