"""The language interface (``analysis.lang.base.Language``), asked of each language folder.

Each folder answers what the pipeline and the query side ask of it; what a folder leaves
out takes an empty default (``other`` has nothing but normalize and terms).
"""

from __future__ import annotations

import types

import pytest
from muragat.analysis import (
    is_function_word,
    is_stopword,
    keyboard_conversions,
    normalize_word,
    query_operators,
    query_word_terms,
    stopwords,
)
from muragat.analysis.lang import ANALYZED_LANGS, INDEX_LANGS, OTHER, field_lang, get_language
from muragat.analysis.lang.base import Language
from muragat.search.suggest import convert_layout


def test_the_registry_holds_every_folder_other_last():
    assert INDEX_LANGS[-1] == OTHER and ANALYZED_LANGS == INDEX_LANGS[:-1]
    assert {"kk", "ru", "en"} <= set(ANALYZED_LANGS)
    assert field_lang("kk") == "kk" and field_lang("uk") == OTHER
    assert get_language("uk") == get_language(OTHER)


def _bare_module() -> types.ModuleType:
    module = types.ModuleType("bare")
    module.code = "zz"
    module.normalize = str.lower
    module.terms = lambda word: [word]
    return module


def test_what_a_module_leaves_out_takes_an_empty_default():
    lang = Language.from_module(_bare_module())
    assert lang.normalize("Ab") == "ab" and lang.terms("ab") == ["ab"]
    assert not (lang.letters_allow("ab") or lang.letters_agree("ab") or lang.letters_prove("ab")
                or lang.proves_neighbour("ab") or lang.is_function_word("ab"))
    assert lang.fold_keys("ab") == () and lang.query_fold_keys("ab") == ()
    assert lang.query_variants("ab", ("ab",)) == () and lang.stem_prefixes(("abcdefgh",)) == ()
    assert lang.stopwords == frozenset() and lang.function_lemmas == frozenset()
    assert lang.scripts == () and lang.own_letters == frozenset() and lang.hosted_scripts == ()
    assert lang.neighbours == frozenset() and lang.query_operators == {}
    assert lang.keyboard == {} and lang.mistyped_on == ()


def test_a_module_without_terms_is_refused_with_a_clear_error():
    module = _bare_module()
    del module.terms
    with pytest.raises(TypeError, match="bare is not a language: it lacks terms"):
        Language.from_module(module)


@pytest.mark.parametrize("lang", INDEX_LANGS)
def test_stop_words_and_function_lemmas_are_normalized_forms(lang):
    language = get_language(lang)
    for word in language.stopwords | language.function_lemmas:
        assert normalize_word(word) == word


# --- Kazakh -----------------------------------------------------------------------------

KK = get_language("kk")


def test_kazakh_letters():
    assert KK.scripts == ("cyrillic", "latin")
    assert KK.letters_agree("Кітапхана жаңа кітаптар алды")
    assert KK.letters_allow("Антициклон") and not KK.letters_agree("Антициклон")
    assert not KK.letters_agree("Китепханә яңа китаплар алды")  # Tatar: ә ң, no қ ұ і ғ
    assert not KK.letters_allow("Китепханәгә җыелдылар")  # Tatar җ rules Kazakh out
    assert not KK.letters_allow("Library")
    # More than a fifth Latin: no agreement, but қ still proves Kazakh in a mixed line.
    assert not KK.letters_agree("Электрондық каталог / Electronic catalogue")
    assert KK.letters_prove("Электрондық каталог / Electronic catalogue")
    assert not KK.letters_prove("Электронный каталог / Electronic catalogue")
    assert KK.neighbours == {"ky", "tt", "ba"}
    assert KK.proves_neighbour("җыелды") and not KK.proves_neighbour("қала")


def test_kazakh_proof_letters_are_those_kyrgyz_tatar_and_mongolian_lack():
    from muragat.analysis.lang.kk.letters import PROOF_LETTERS

    assert {ch for ch in PROOF_LETTERS if ch.islower()} == set("құіғ")


def test_kazakh_own_letters_cover_both_scripts():
    assert {"қ", "Қ", "ұ", "ǵ", "ä", "İ"} <= KK.own_letters
    assert not {"к", "e", "I", "ё"} & KK.own_letters


def test_kazakh_fold_keys_index_and_query():
    assert KK.fold_keys("қазақстан") == ("казакстан",)
    assert KK.fold_keys("") == ()
    # A query word typed without the Kazakh letters is looked up by its fold keys ...
    assert "китапхана" in KK.query_fold_keys("китапхана")
    assert "китапхана" in KK.query_fold_keys("kitaphana")
    assert set(KK.query_fold_keys("Kazakhstan")) >= {"казахстан", "казакстан"}  # kh: х or к
    # ... one with them is matched by its exact form and lemmas already.
    assert KK.query_fold_keys("кітапхана") == ()


def test_kazakh_query_variants():
    assert "кітапхана" in KK.query_variants("kitaphana", tuple(KK.terms("kitaphana")))
    assert "байтұрсынұлы" in KK.query_variants("байтұрсынов", ("байтұрсынов",))
    assert "жұмабаев" in KK.query_variants("жұмабайұлы", ("жұмабайұлы",))
    assert KK.query_variants("кітап", ("кітап",)) == ()


def test_kazakh_stem_prefixes():
    assert KK.stem_prefixes(("кітапхана", "үй", "кітапханашы")) == ("кітап",)
    assert KK.stem_prefixes(("үй", "бала")) == ()


def test_kazakh_function_words():
    assert KK.is_function_word("мен") and KK.is_function_word("бол")
    assert not KK.is_function_word("кітап")
    assert {"және", "үшін", "көрсетіңіз"} <= KK.stopwords


def test_kazakh_operators_and_keyboard():
    assert KK.query_operators["or"] == ("НЕМЕСЕ",)
    assert KK.keyboard["3"] == "і" and KK.keyboard["r"] == "к"
    assert set(KK.mistyped_on) == {"en", "ru"}


# --- Russian ----------------------------------------------------------------------------

RU = get_language("ru")


def test_russian_letters():
    assert RU.scripts == ("cyrillic",) and RU.hosted_scripts == ("latin",)
    assert RU.letters_agree("Библиотека получила новые книги")
    assert RU.letters_allow("Антициклон")
    assert not RU.letters_allow("Қазақ әдебиеті")  # Kazakh letters
    assert not RU.letters_allow("Бібліотека отримала нові книжки")  # Ukrainian і
    assert not RU.letters_allow("The library")
    assert not RU.letters_prove("Библиотека")  # no letter only Russian has
    assert RU.neighbours == {"uk", "be"}
    assert RU.proves_neighbour("Бібліотека") and not RU.proves_neighbour("Библиотека")


def test_russian_query_side():
    assert {"и", "в", "назовите", "даже"} <= RU.stopwords
    assert "библиотека" not in RU.stopwords
    assert RU.query_operators == {"or": ("ИЛИ",), "and": ("И",), "not": ("НЕ",)}
    assert RU.keyboard["q"] == "й" and RU.mistyped_on == ("en",)
    # No fold field, variants or stems: the empty defaults.
    assert RU.fold_keys("книга") == () and RU.query_fold_keys("книга") == ()
    assert RU.query_variants("книги", ("книга",)) == () and RU.stem_prefixes(("библиотека",)) == ()


# --- English ----------------------------------------------------------------------------

EN = get_language("en")


def test_english_letters():
    assert EN.scripts == ("latin",)
    assert EN.letters_agree("The library got new books")
    assert not EN.letters_allow("Café society")  # a letter beyond ASCII
    assert not EN.letters_allow("Библиотека")
    assert not EN.letters_prove("The library")


def test_english_query_side():
    assert {"the", "which", "also"} <= EN.stopwords and "library" not in EN.stopwords
    assert EN.query_operators["not"] == ("NOT",)
    assert EN.keyboard == {} and EN.mistyped_on == ("ru",)  # the US layout itself
    assert EN.fold_keys("library") == () and EN.query_variants("libraries", ("library",)) == ()


# --- Languages without an analyzer of their own --------------------------------------------

def test_other_has_only_the_defaults():
    other = get_language(OTHER)
    assert other.terms("бібліотека") == ["бібліотека"]
    assert other.stopwords == frozenset() and other.scripts == ()
    assert not other.letters_allow("Бібліотека") and other.fold_keys("бібліотека") == ()


# --- What the query side gathers from every language -----------------------------------

def test_stop_words_of_every_language_and_lone_letters():
    assert stopwords() == frozenset().union(*(get_language(lang).stopwords for lang in INDEX_LANGS))
    assert is_stopword("және") and is_stopword("Назовите") and is_stopword("the")
    assert is_stopword("Ш") and not is_stopword("кітап") and not is_stopword("12")


def test_function_words_by_lemma():
    assert is_function_word({"kk": ("мен",), "ru": ("маған",)})
    assert not is_function_word({"kk": ("кітап",), "ru": ("мен",)})  # ru has no function lemmas
    assert not is_function_word({"kk": ()})


def test_a_number_is_looked_up_in_every_analyzed_language():
    assert list(query_word_terms("1465")) == [*ANALYZED_LANGS, OTHER]


def test_a_latin_word_is_also_looked_up_where_latin_words_are_hosted():
    terms = query_word_terms("Lindisfarne")
    assert list(terms)[:2] == ["en", "kk"] and "ru" in terms
    assert "ru" not in query_word_terms("кітап")


def test_operator_words_of_every_language():
    ops = query_operators()
    assert ops["ИЛИ"] == ops["НЕМЕСЕ"] == ops["OR"] == "or"
    assert ops["И"] == ops["ЖӘНЕ"] == "and" and ops["ЕМЕС"] == "not"


def test_keyboard_conversions_follow_each_language_layout():
    tables = keyboard_conversions()
    assert list(tables) == ["en->ru", "en->kk", "ru->en", "ru->kk"]
    assert convert_layout("ghbdtn", tables["en->ru"]) == "привет"
    assert convert_layout("r3nfg[fyf", tables["en->kk"]) == "кітапхана"
    assert convert_layout("к3тапхана", tables["ru->kk"]) == "кітапхана"
    assert convert_layout("руддщ", tables["ru->en"]) == "hello"
    assert tables["ru->kk"] == {k: v for k, v in KK.keyboard.items() if k not in RU.keyboard}
