"""Rules about what the word list proves: entries kept, entries that are forms, their bases.

Each test writes its own small hunspell-style list (nouns with noun flags, verbs in -у with
verb flags), so the case is exactly the entries it names.
"""

from __future__ import annotations

import pytest
from muragat.analysis.lang.kk import normalize, terms
from muragat.analysis.lang.kk.harmony import harmony
from muragat.analysis.lang.kk.lemmatizer import clear_caches
from muragat.analysis.lang.kk.wordlist import lexicon


@pytest.fixture
def word_list(tmp_path, monkeypatch):
    """Return a function that installs a word list of the given nouns and -у verbs."""

    def install(nouns: tuple[str, ...], verbs: tuple[str, ...] = ()) -> None:
        dic = tmp_path / "words.dic"
        lines = [f"{w}/ABbCcDdEeFfGgHhIiJjKkLl" for w in nouns]
        lines += [f"{w}/MmNnOoPpQqRrSsTtUuVvWwXxYyZz" for w in verbs]
        dic.write_text(f"{len(lines)}\n" + "\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("MURAGAT_KK_HUNSPELL", str(dic))
        clear_caches()

    yield install
    monkeypatch.undo()
    clear_caches()


def kk_terms(word: str) -> list[str]:
    return terms(normalize(word))


def test_short_u_verb_entry_is_a_noun(word_list):
    # hunspell-kk lists тау "mountain", бау "string" with verb flags, as if та-у, ба-у.
    word_list(nouns=("үй",), verbs=("тау", "бау", "қау", "қолдау"))
    lex = lexicon()
    assert {"тау", "бау", "қау"} <= lex.nouns and not {"та", "ба", "қа"} & lex.verbs
    assert "қолдау" not in lex.nouns and "қолда" in lex.verbs  # longer entries are verbs
    assert kk_terms("тауда") == ["тау"] and kk_terms("бауы") == ["бау"]
    assert kk_terms("бай") == ["бай"] and kk_terms("қай") == ["қай"]  # not ба-й, қа-й


def test_long_possessive_needs_a_stem_of_three_letters(word_list):
    # те-ңіз spells "your те" (polite possessive): no evidence against the noun теңіз.
    word_list(nouns=("те", "теңіз", "ел", "еліміз", "бала", "баламыз"))
    lex = lexicon()
    assert "теңіз" in lex.nouns
    assert "баламыз" not in lex.nouns  # бала-мыз: a long possessive on a longer stem
    assert kk_terms("теңізде") == ["теңіз"] and kk_terms("теңізі") == ["теңіз"]


def test_locative_attributive_is_a_reliable_ending(word_list):
    # шар-дағы, not a listed шардақ + -ы (ғ read as a softened қ).
    word_list(nouns=("шар", "шардақ", "қала", "ел"))
    assert kk_terms("шардағы")[0] == "шар"
    assert kk_terms("қаладағы") == ["қала"] and kk_terms("елдегі") == ["ел"]


def test_converb_repair_tau_ip_only_on_verb_endings(word_list):
    word_list(nouns=("үй",), verbs=("тау", "табу", "жабу"))
    assert kk_terms("тауының")[0] == "тау"  # not тап: -ының is a noun ending
    assert kk_terms("тауы")[0] == "тау"
    assert kk_terms("тауып")[0] == "тап"  # the converb keeps the repair


def test_listed_possessive_form_gives_its_base_after_a_case_ending(word_list):
    word_list(nouns=("ел", "елі", "бала", "баласы", "жыл", "жылы"))
    assert kk_terms("елінің") == ["ел", "елі"]
    assert kk_terms("баласының") == ["бала"]  # баласы is dropped from the list as a form
    assert kk_terms("жылымен")[0] == "жыл"
    assert kk_terms("жылы")[0] == "жылы"  # the bare entry is still a word (жылы "warm")


def test_deverbal_ma_noun_is_not_a_possessive_dative(word_list):
    # бағдарла-ма could spell бағдарла-м-а (my ... to): no evidence against the listed noun.
    word_list(nouns=("бағдарлама", "баяндама"), verbs=("бағдарлау", "баяндау"))
    lex = lexicon()
    assert {"бағдарлама", "баяндама"} <= lex.nouns
    assert kk_terms("бағдарламасы") == ["бағдарлама"]
    assert kk_terms("баяндамалар") == ["баяндама"]


def test_comparative_spelling_does_not_drop_a_listed_word(word_list):
    word_list(nouns=("топ", "топырақ", "бір", "бірдей"))
    assert {"топырақ", "бірдей"} <= lexicon().nouns
    assert kk_terms("топырақ") == ["топырақ"]
    assert kk_terms("топырағы")[0] == "топырақ"


def test_u_between_consonants_allows_both_harmonies(word_list):
    word_list(nouns=("пленум", "форум"))
    assert harmony("пленум") == {"b", "f"} and harmony("форум") == {"b", "f"}
    assert harmony("оқу") == {"b"} and harmony("білу") == {"f"}  # final у: the vowel before
    assert kk_terms("пленумы") == ["пленум"]
    assert kk_terms("форумында") == ["форум"]


def test_bare_voice_suffix_is_a_weak_reading(word_list):
    # ақ "flow" is a hand-listed verb; ақ-ын, ақ-ыл would be bare passive imperatives.
    word_list(nouns=("ақын", "ақыл", "ақылды", "сабын"), verbs=("сабау",))
    lex = lexicon()
    assert {"ақын", "ақыл"} <= lex.nouns
    assert kk_terms("ақын") == ["ақын"] and kk_terms("сабын") == ["сабын"]
    assert kk_terms("ақылды") == ["ақыл", "ақылды"]  # the accusative, and the adjective
    assert kk_terms("ақылының")[0] == "ақыл"
    assert kk_terms("сабалды")[0] == "саба"  # the passive inside a verb form is still stripped


def test_entry_spelled_like_verb_plus_voice_is_a_weaker_word(word_list):
    # қызыл "red" spells қыз-ыл (be heated + passive); айтыл is only the passive stem of айт.
    word_list(nouns=("қызыл", "айтыл", "үй"), verbs=("қызу", "айту"))
    lex = lexicon()
    assert {"қызыл", "айтыл"} <= lex.voice_nouns and lex.known("қызыл")
    assert kk_terms("қызыл") == ["қызыл"]
    assert kk_terms("қызылдың")[0] == "қызыл" and kk_terms("қызылға") == ["қызыл"]
    assert kk_terms("айтылды")[0] == "айт" and kk_terms("айтылған") == ["айт"]


def test_voice_inside_a_longer_verb_form_is_still_evidence(word_list):
    # ал-ын-атын is a verb form even on a two-letter stem; only a final voice suffix is not.
    word_list(nouns=("алынатын", "ақыл"), verbs=("алу",))
    lex = lexicon()
    assert "алынатын" not in lex.nouns and lex.known("ақыл")
    assert kk_terms("алынатын") == ["ал"]


def test_listed_word_spelled_like_possessive_accusative_is_a_weak_word(word_list):
    # жақын "near" spells жақ-ы-н ("its side", accusative) like the form жерін = жер-і-н.
    word_list(nouns=("жақ", "жақын", "жер", "жерін"))
    lex = lexicon()
    assert {"жақын", "жерін"} <= lex.possessive_forms and not {"жақын", "жерін"} & lex.nouns
    assert kk_terms("жақын") == ["жақ", "жақын"] and kk_terms("жерін") == ["жер", "жерін"]
    assert kk_terms("жақынға") == ["жақын"]  # only the word can take -ға here
    assert kk_terms("жерінде") == ["жер"]  # the form's base, no weak second term


def test_possessive_entry_base_prefers_the_consonant_stem(word_list):
    # тасы is тас + -ы, not та + -сы, even when та is listed.
    word_list(nouns=("та", "тас", "тасы"))
    assert kk_terms("тасымен") == ["тас", "тасы"]


def test_short_noun_plus_possessive_entry_is_a_form_when_the_noun_is_inflected(word_list):
    # көзі, жолы: a noun the list shows inflected (көзге, жолда) + -ы/-і is its possessive.
    word_list(nouns=("көз", "көзге", "көзі", "жол", "жолда", "жолы"))
    lex = lexicon()
    assert not {"көзі", "жолы"} & lex.nouns
    assert kk_terms("көзі") == ["көз"] and kk_terms("жолы") == ["жол"]


def test_short_noun_plus_possessive_entry_with_endings_of_its_own_stays_a_word(word_list):
    # кісі-лер-ге, кісі-ні, тары-шы, жылы-лық cannot follow a possessive: words of their own.
    word_list(nouns=("кіс", "кісқа", "кісі", "кісілерге", "тар", "тарда", "тары", "тарышы",
                     "жыл", "жылда", "жылы", "жылылық"))
    lex = lexicon()
    assert {"кісі", "тары", "жылы"} <= lex.nouns
    assert kk_terms("кісі")[0] == "кісі" and kk_terms("жылы")[0] == "жылы"


def test_possessive_reading_needs_a_noun_the_list_inflects(word_list):
    # тірі is spelled тір + -і, but nothing shows тір inflected: тірі stays a word.
    word_list(nouns=("тір", "тірі"))
    assert "тірі" in lexicon().nouns and kk_terms("тірі")[0] == "тірі"


def test_conditional_and_optative_entries_are_forms_unless_inflected_as_nouns(word_list):
    # болса, алсын are бол-са, ал-сын; кеңсе "office" is listed with its own forms (кеңсе-ге).
    word_list(nouns=("болса", "алсын", "кеңсе", "кеңсеге"), verbs=("болу", "алу", "кеңу"))
    lex = lexicon()
    assert not {"болса", "алсын"} & lex.nouns and "кеңсе" in lex.nouns
    assert kk_terms("болса") == ["бол"] and kk_terms("алсын") == ["ал"]
    assert kk_terms("кеңсе")[0] == "кеңсе"


def test_verbal_noun_entry_of_an_i_stem_verb_is_a_form(word_list):
    # даму-ына is дамы + -у-ы-на (оқу = оқы + у): the listed form goes, the verb is reached.
    word_list(nouns=("дамуына", "оқуына"), verbs=("даму", "оқу"))
    lex = lexicon()
    assert not {"дамуына", "оқуына"} & lex.nouns
    assert kk_terms("дамуына") == ["дамы", "даму"]
