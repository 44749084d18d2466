"""Russian index terms: pymorphy3 normal forms plus the grammar-based additions."""

from __future__ import annotations

import subprocess
import sys

import pytest
from muragat.analysis.lang import word_terms
from muragat.analysis.lang.ru import normalize, stopwords, terms
from muragat.analysis.lang.ru.lemmatizer import MAX_TERMS, adjective_base
from muragat.analysis.lang.ru.old_spelling import looks_pre_reform, modernize


def ru(word: str) -> tuple[str, ...]:
    return word_terms(word, "ru")


def test_inflected_noun_gives_its_lemma():
    assert ru("библиотеками")[0] == "библиотека"
    assert ru("книги")[0] == "книга"


def test_ambiguous_word_indexes_both_normal_forms():
    assert {"вина", "вино"} <= set(ru("вина"))


def test_womans_surname_and_patronymic_keep_their_feminine_form_first():
    assert ru("Ахматовой")[:2] == ("ахматова", "ахматов")
    assert ru("Петровна")[:2] == ("петровна", "петрович")
    assert ru("Сергеевны")[0] == "сергеевна"
    # also a man's genitive (Лебедев -> Лебедева): left as pymorphy3 has it
    assert ru("Лебедева")[0] == "лебедев"
    # an adjective in the feminine is not a surname
    assert ru("казанской")[0] == "казанский"


def test_name_in_the_nominative_is_its_own_lemma():
    assert ru("Михайлович")[:2] == ("михайлович", "михаилович")
    assert ru("Иванов")[0] == "иванов"


def test_terms_never_contain_yo():
    for word in ("всё", "ещё", "свёрток", "шёл"):
        assert all("ё" not in t for t in ru(word)), word


def test_yo_is_used_for_the_parse():
    # With ё the word can only be the noun свёрток.
    assert "сверток" in ru("свёрток")


def test_participle_also_indexes_its_adjective():
    assert {"предусмотреть", "предусмотренный"} <= set(ru("предусмотренные"))


def test_superlative_keeps_its_own_lemma():
    assert {"хороший", "лучший"} <= set(ru("лучшие"))


def test_comparative_indexes_itself():
    assert "больше" in ru("больше")
    assert "дальше" in ru("дальше")


def test_reflexive_verb_also_indexes_the_plain_verb():
    assert ru("проводится")[:2] == ("проводиться", "проводить")


def test_possessive_pronoun_and_personal_pronoun():
    assert ru("его") == ("его", "он")
    assert ru("их") == ("они", "их")


def test_prepositions_with_vowel_variants():
    assert ru("во") == ("во", "в")
    assert ru("со") == ("со", "с")


def test_abbreviation_with_dot_expands():
    assert ru("г.")[0] == "год"
    assert "г" in ru("г.")


def test_unknown_word_also_indexes_itself():
    assert "шмурдяков" in ru("Шмурдяков")


def test_homoglyph_repaired_before_lemmatization():
    assert ru("пpивeт") == ru("привет")  # Latin p and e


def test_old_spelling_before_lemmatization():
    assert ru("Россіи")[0] == "россия"
    assert ru("домъ")[0] == "дом"
    assert ru("Петербургѣ")[0] == "петербург"


def test_old_spelling_module():
    assert modernize("мiръ".replace("i", "і")) == "мир"
    assert modernize("Ѳома") == "Фома"
    assert modernize("объявление") == "объявление"  # a modern inner ъ stays
    assert looks_pre_reform("вѣкъ")
    assert not looks_pre_reform("білім")  # Kazakh
    assert not looks_pre_reform("объём")


def test_at_most_max_terms_per_word():
    for word in ("чаще", "тем", "стали", "мой", "дома", "больше"):
        assert 1 <= len(ru(word)) <= MAX_TERMS


def test_adjective_base_by_ending():
    assert adjective_base("высших") == "высший"
    assert adjective_base("новыми") == "новый"
    assert adjective_base("занимающихся") == "занимающийся"
    assert adjective_base("на") is None


def test_normalize_strips_quotes_and_keeps_yo():
    assert normalize("«Ёлка»") == "ёлка"
    assert terms("ёлка") == ["елка"]


def test_stopwords_are_normalized_words():
    assert "и" in stopwords and "библиотека" not in stopwords
    assert all(w == w.lower() and "ё" not in w for w in stopwords)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_terms_for_the_empty_word(lang):
    assert word_terms("", lang) == ()


def test_import_loads_no_dictionary():
    # Importing the languages (and asking their interface) must stay cheap: no dictionary loads.
    code = ("import sys, muragat.analysis.lang.ru, muragat.analysis.lang.en, "
            "muragat.analysis.pipeline, muragat.analysis.query\n"
            "from muragat.analysis.lang import INDEX_LANGS, get_language\n"
            "[get_language(lang) for lang in INDEX_LANGS]\n"
            "print('pymorphy3' in sys.modules, 'simplemma' in sys.modules)")
    out = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_lemmas_command_prints_one_line_per_word():
    from muragat.commands.lemmas import lemma_lines

    lines = list(lemma_lines(["книги\n", "\n", "вина\n"], "ru"))
    assert lines[0] == "книга"
    assert lines[1] == ""
    assert set(lines[2].split()) >= {"вина", "вино"}


def test_lemmas_command_end_to_end():
    out = subprocess.run([sys.executable, "-m", "muragat", "lemmas", "--lang", "en"],
                         input="children\n\ndon't\n", capture_output=True, text=True,
                         check=True)
    assert out.stdout.splitlines() == ["child children", "", "do not"]


@pytest.mark.parametrize("word", [
    "library", "pushkin", "iphone", "covid-19", "ibm", "xiv", "naïve", "straße", "tolstoj",
    "kazakhstan's", "a1b2", "x", "ǵylym", "qazaqstan", "e-mail", "wi-fi", "nato",
])
def test_latin_words_are_their_own_terms_as_pymorphy_makes_them(word):
    from muragat.analysis.lang.ru import lemmatizer

    assert lemmatizer.lemmatize(word) == [word] == [
        lemmatizer._e(t) for t in lemmatizer._lemmatize(word)]
