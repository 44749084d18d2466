"""Name keys (analysis.translit): one key for a name in any script and romanization."""

from __future__ import annotations

import pytest
from muragat.analysis import analyze_document, query_name_keys, query_word_terms
from muragat.analysis.translit import index_keys, looks_like_name, name_key, starting_letters

# (Cyrillic spelling, other spellings of the same name; the system of each in the comment)
SAME_NAME = [
    ("пушкин", ["Pushkin", "Puškin", "PUSHKIN"]),  # English/BGN, ISO 9, capitals
    ("қабанбай", ["Kabanbai", "Kabanbay", "Qabanbai", "Qabanbaı", "Кабанбай"]),  # 2021 (ı); typed without қ
    ("ельцин", ["Yeltsin", "Yel'tsin", "El'tsin", "El'cin", "Elʹcin"]),  # English, BGN, LC, ISO 9 (prime)
    ("өскемен", ["Oskemen", "Öskemen", "Óskemen", "O'skemen"]),  # English, 2021, 2018, 2017
    ("жезқазған", ["Zhezkazgan", "Jezqazğan", "Jezqazǵan", "Jezqazg'an"]),  # English, 2021, 2018, 2017
    ("шымкент", ["Shymkent", "Şymkent", "S'ymkent", "Šymkent"]),  # English, 2021, 2017, ISO 9
    ("андреев", ["Andreyev", "Andreev"]),  # -yev / -ev
    ("тоқаев", ["Tokayev", "Toqaev", "Tokaev"]),
    ("байтұрсынұлы", ["Baitursynuly", "Baitūrsynūly", "Baıtursynuly", "Bai'tu'rsynuly"]),
    ("чингиз", ["Chingiz", "Chinghiz", "Čingiz"]),  # ch, ISO 9 č
    ("хорезм", ["Khorezm", "Horezm"]),  # kh, ISO 9 h
    ("худжанд", ["Khujand", "Khudzhand", "Hudžand"]),  # j, dzh, ISO 9
    ("щучинск", ["Shchuchinsk", "Ščučinsk", "Ŝučinsk"]),  # BGN, LC-like, ISO 9
    ("толстой", ["Tolstoy", "Tolstoj", "Tolstoi"]),  # й as y, j, i
    ("евгений", ["Yevgeny", "Evgenii", "Evgenij", "Evgeniy"]),
    ("юрий", ["Yuri", "Yuriy", "Iurii"]),  # BGN, LC
    ("әлия", ["Aliya", "Alia", "Älia"]),
    ("мұхтар", ["Mukhtar", "Mūhtar", "Muhtar"]),  # u/ū, kh/h
    ("үшарал", ["Usharal", "Üşaral"]),
    ("мәжіліс", ["Mazhilis", "Mäjilis", "Majilis"]),
    ("сырдария", ["Syrdarya", "Syrdariia", "Syrdaria"]),
    ("есіл", ["Yesil", "Esil", "Esıl"]),
    ("уәлиханов", ["Ualikhanov", "Walikhanov", "Uälihanov"]),
    ("сейфуллин", ["Seifullin", "Seyfullin", "Seıfullın"]),
    ("иссык-куль", ["Issyk-Kul", "Issyk-Kul'", "Issykkul"]),
    ("алма-ата", ["Alma-Ata", "Almaata"]),
    ("горький", ["Gorky", "Gor'kii", "Gorkiy", "Gor'kij"]),
    ("цой", ["Tsoi", "Tsoy"]),  # ц as ts
]


@pytest.mark.parametrize(("cyrillic", "others"), SAME_NAME)
def test_every_spelling_of_a_name_has_the_cyrillic_spelling_s_key(cyrillic, others):
    key = name_key(cyrillic)
    assert key
    for other in others:
        assert name_key(other.lower()) == key, (other, name_key(other.lower()), key)


@pytest.mark.parametrize(("a", "b"), [
    ("пушкин", "пушкино"), ("абай", "абылай"), ("алматы", "астана"), ("каримов", "касымов"),
    ("ташкент", "шымкент"), ("тараз", "тарбагатай"), ("жамбыл", "жанбол"), ("орал", "арал"),
])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_words_without_cyrillic_or_latin_letters_have_no_key():
    assert name_key("北京") == "" and name_key("2021") == "" and name_key("ж") == ""


def test_names_and_unknown_words_get_keys_known_common_words_do_not():
    assert looks_like_name("Пушкин") and looks_like_name("McDonald")
    assert not looks_like_name("ЮНЕСКО") and not looks_like_name("кітап")
    assert index_keys("Пушкина", "пушкина", ("пушкин",), True, False) == ("puwkina", "puwkin")
    assert index_keys("библиотека", "библиотека", ("библиотека",), True, False) == ()
    assert index_keys("жаңалықтарлар", "жаңалықтарлар", ("жаңалықтарлар",), False, False)
    assert index_keys("И", "и", ("и",), True, True) == ()  # a function word, even capitalized


def test_documents_index_keys_of_names_in_their_lemma_too():
    doc = analyze_document("В архиве хранятся письма Бориса Ельцина. Библиотека открыта.", "ru")
    keys = {t.text for t in doc.names}
    assert name_key("ельцин") in keys and name_key("борис") in keys
    assert name_key("письма") not in keys and name_key("хранятся") not in keys
    kk = analyze_document("Қабанбай батыр көшесіндегі кітапхана жаңа залын ашты.", "kk")
    assert name_key("қабанбай") in {t.text for t in kk.names}


def test_query_keys_cover_the_form_and_its_lemmas():
    word = "Пушкина"
    keys = query_name_keys(word, query_word_terms(word))
    assert keys[0] == name_key("пушкина") and name_key("pushkin") in keys
    latin = "Qabanbai"
    assert name_key("қабанбай") in query_name_keys(latin, query_word_terms(latin))


def test_starting_letters_cover_every_script_s_first_letter_of_a_key():
    assert {"p", "п"} <= starting_letters([name_key("pushkin")])
    assert {"ш", "щ", "s", "š", "ş"} <= starting_letters([name_key("shymkent")])
    assert {"к", "қ", "k", "q"} <= starting_letters([name_key("kabanbai")])
