"""detect(): one test per rule, on sentences and words written for these tests."""

from __future__ import annotations

import pytest
from muragat.analysis.detect import detect
from muragat.analysis.langid import decide

INDEX = {"kk", "ru", "en"}


# --- the three index languages --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Кітапханада жаңа кітаптардың көрмесі ашылды.",
        "Оқырмандар үшін кітапхана сенбі күні де жұмыс істейді.",
        "Біз ертең мұражайға барамыз.",
        "Облыстық мұрағат қызметкерлері ескі газеттерді цифрлық форматқа көшірді. "
        "Енді оқырмандар оларды интернет арқылы оқи алады. Жоба екі жылға созылды.",
    ],
)
def test_kazakh_sentences(text: str) -> None:
    assert detect(text) == "kk"


@pytest.mark.parametrize(
    "text",
    [
        "В библиотеке открылась новая выставка редких книг.",
        "Читальный зал работает по субботам.",
        "Когда откроется новый читальный зал?",
        "Сотрудники архива перевели старые газеты в цифровой формат. Теперь читатели "
        "могут смотреть их через интернет. Работа заняла два года.",
    ],
)
def test_russian_sentences(text: str) -> None:
    assert detect(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "The library opened a new exhibition of rare books.",
        "When will the new reading room open?",
        "The archive staff digitised old newspapers. Readers can now browse them online, "
        "and the project took two years.",
    ],
)
def test_english_sentences(text: str) -> None:
    assert detect(text) == "en"


# --- letters --------------------------------------------------------------------------


def test_kazakh_only_letter_decides_a_single_word() -> None:
    # ұ is in no other alphabet
    assert detect("Мұрағат") == "kk"
    assert detect("Жаңалықтар") == "kk"


def test_tatar_letter_rules_kazakh_out() -> None:
    # җ is Tatar; ә ү ң alone would fit Kazakh too
    text = "Китапханәдә яңа китаплар күргәзмәсе ачылды, җыелышка күп кеше килде."
    assert detect(text) == "tt"


def test_kyrgyz_letters_without_kazakh_only_letters() -> None:
    # ң ө ү and none of ә ғ қ ұ һ і
    assert detect("Китепканада жаңы китептердин көргөзмөсү ачылды.") == "ky"


def test_ukrainian_letters() -> None:
    assert detect("У бібліотеці відкрилася нова виставка рідкісних книжок, її відвідали учні.") == "uk"


def test_belarusian_letter() -> None:
    assert detect("Учора ў бібліятэцы адкрылася новая выстава рэдкіх кніг.") == "be"


def test_mongolian_is_not_an_index_language() -> None:
    assert detect("Өнөөдөр номын санд шинэ үзэсгэлэн нээгдлээ.") == "mn"


def test_russian_sentence_with_a_kazakh_name_stays_russian() -> None:
    # one Kazakh word is one piece of evidence, not one per Kazakh letter
    text = "Вчера в библиотеке прошла встреча с читателями, посвящённая поэту Мағжану."
    assert detect(text) == "ru"


# --- Kazakh typed with Russian letters -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # н for ң, о for ө, и for і
        "Китапханада жана китаптардын кормеси ашылды.",
        # к for қ, у for ұ and ү, и for і
        "Окырмандар ушин китапхана сенби куни де жумыс истейди.",
        # г for ғ, н for ң
        "Биз ертен муражайга барамыз.",
        # а for ә, о for ө, к for қ
        "Ар бир окырман озине кажетти китапты таба алады.",
        # х for һ, у for ү
        "Шахардагы китапханаларда жана кызмет турлери ашылды.",
        # Latin i for і (a look-alike inside Cyrillic words)
        "Кiтапхана бугiн жабык.",
    ],
)
def test_kazakh_with_russian_letter_substitutes(text: str) -> None:
    assert detect(text) == "kk"


def test_substitute_spelling_of_short_texts() -> None:
    assert detect("Жаналыктар") == "kk"
    assert detect("жана китаптар") == "kk"
    assert detect("Окырмандарга") == "kk"


# --- Kazakh in Latin script ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kıtaphanada jaña kıtaptardyñ körmesı aşyldy.",  # 2021
        "Bız erteñ mūrajaiğa baramyz.",  # 2021
        "Kitaphanada jańa kitaptardyń kórmesi ashyldy.",  # 2018 acute
        "Kitaphanada jan'a kitaptardyn' ko'rmesi as'yldy.",  # 2017 apostrophe
        "Biz erten' mu'rajai'g'a baramyz.",  # 2017 apostrophe
        "Qazaqstan kitaphanalary",  # plain ASCII with q
        "Kitaphana senbi kuni de jumys isteidi.",  # plain ASCII, no marks
    ],
)
def test_latin_kazakh(text: str) -> None:
    assert detect(text) == "kk"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kütüphanede yeni kitapların sergisi açıldı.", "tr"),
        ("Die Bibliothek öffnet heute eine Ausstellung seltener Bücher.", "de"),
        ("Kutubxonada yangi kitoblar ko'rgazmasi ochildi.", "uz"),
    ],
)
def test_other_latin_languages_are_not_kazakh(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_english_with_q_and_apostrophes_stays_english() -> None:
    assert detect("The quarterly report wasn't ready, so O'Neill's team quietly waited.") == "en"
    assert detect("Quentin Tarantino") == "en"


# --- short texts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Байланыс", "kk"),
        ("Кітапхана туралы", "kk"),
        ("жаңа кітаптар", "kk"),
        ("Новости", "ru"),
        ("Контакты", "ru"),
        ("Главная", "ru"),
        ("новые книги", "ru"),
        ("News", "en"),
        ("library", "en"),
        ("rare books", "en"),
        ("Eleanor", "en"),  # a bare ASCII name is English, not Italian or Finnish
    ],
)
def test_short_texts(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_homoglyphs_inside_russian_words() -> None:
    # Latin p and o inside Cyrillic words
    assert detect("Пpивет, миp! Сегодня в библиoтеке выставка.") == "ru"


# --- other scripts and undecidable texts ------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "12345 -- ...", "a", "+7 (7232) 26-13-33"])
def test_no_letters_is_other(text: str) -> None:
    assert detect(text) == "other"


@pytest.mark.parametrize("text", ["今天图书馆开幕了新书展览。", "اليوم افتتح معرض جديد للكتب في المكتبة"])
def test_other_scripts_are_not_index_languages(text: str) -> None:
    assert detect(text) not in INDEX


def test_deterministic_across_cache_clears() -> None:
    texts = ["Кітапхана туралы", "Китапханада жана китаптар", "Eleanor", "Новости"]
    first = [detect(t) for t in texts]
    decide.clear_caches()
    assert [detect(t) for t in texts] == first
    assert [detect(t) for t in texts] == first


def test_long_text_is_read_from_its_beginning() -> None:
    text = "Кітапханада жаңа кітаптардың көрмесі ашылды. " * 5000 + "The end of a very long text."
    assert detect(text) == "kk"


def test_quoted_titles_do_not_decide_the_language() -> None:
    # a Kazakh contest name in a Russian heading, a Russian novel in a Kazakh sentence
    assert detect("«Ақ желкен, көк теңіз»: областной конкурс чтецов") == "ru"
    assert detect("Л. Толстойдың «Война и мир» романы туралы кеш өтті") == "kk"
    # a text that is all quote is judged by the quote
    assert detect("«Великие личности Великой степи»") == "ru"


def test_names_outside_quotes_do_not_count_as_text() -> None:
    # only names outside the quotes: the quoted Kazakh words decide
    assert detect("Айгүл Серікова, Марат Омаров, «Кешкі жаңалықтар».") == "kk"


def test_markup_and_addresses_are_not_language() -> None:
    text = '<td>Өскемен</td><td>қалалық кітапхана</td> <a href="https://library.example/kk">сілтеме</a>'
    assert detect(text) == "kk"
    assert detect("Подробности на сайте https://library.example/news и по адресу info@library.example") == "ru"
    # an address alone is still judged by its letters
    assert detect("https://library.example/news") == "en"
