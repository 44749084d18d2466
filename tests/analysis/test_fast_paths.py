"""The shortcuts of the hot paths give what the full steps give (sentences written here)."""

from __future__ import annotations

import pytest
from muragat.analysis import normalize as norm
from muragat.analysis.detect import detect
from muragat.analysis.langid import decide, model
from muragat.analysis.segment import Segment, segment


@pytest.fixture
def no_model(monkeypatch):
    """Fail if the statistical model is consulted."""
    decide.clear_caches()

    def refuse(text, langs):
        raise AssertionError(f"model consulted for {text!r}")

    monkeypatch.setattr(model, "scores", refuse)
    yield
    decide.clear_caches()


@pytest.mark.parametrize(
    "text",
    [
        "Біз кітапханаға бардық.",  # і ғ қ: no other alphabet of the detector has all three
        "Ол жерде кітап оқыды.",  # a third of the words with Kazakh letters (і қ)
        "Мұрағат қызметкерлері жаңа қорды қарап шықты, бірақ тізім әлі дайын емес.",
    ],
)
def test_kazakh_letters_decide_without_the_model(text: str, no_model) -> None:
    assert detect(text) == "kk"


@pytest.mark.parametrize(
    "text",
    [
        "Вчера в библиотеке выступил Қасым",  # one word in five with Kazakh letters
        "Бүгүн китепкана жаңы китептерди көргөзмөгө коюп жатат",  # ң ү ө: Kyrgyz has them too
        "Ертең",  # one word proves too little
    ],
)
def test_weak_letter_evidence_is_left_to_the_model(text: str, monkeypatch) -> None:
    calls = []
    scores = model.scores
    monkeypatch.setattr(model, "scores", lambda t, langs: calls.append(t) or scores(t, langs))
    decide.clear_caches()
    detect(text)
    decide.clear_caches()
    assert calls


def test_more_kazakh_letter_words_than_russian_words(monkeypatch) -> None:
    monkeypatch.setattr(decide.lexicon, "is_russian_word", lambda w: w in {"в", "выступил"})
    words = "бала мектепке ерте барады сабаққа кешікпейді ол".split()  # 2 of 7, no Russian word
    assert decide._decisive_cyrillic(words, " ".join(words)) == "kk"
    words = "вчера в клубе выступил қасым".split()  # 1 of 5 against 2 Russian words
    assert decide._decisive_cyrillic(words, " ".join(words)) is None


def test_russian_sentence_with_a_kazakh_name_stays_russian() -> None:
    assert detect("Вчера в областной библиотеке выступил Қасым") == "ru"


def test_kyrgyz_sentence_is_not_kazakh() -> None:
    assert detect("Бүгүн китепкана жаңы китептерди көргөзмөгө коюп жатат") not in {"kk", "ru"}


@pytest.mark.parametrize(
    "word",
    ["Кітапхана", "ҚАЗАҚСТАН", "Ёлка", "2021-жылы", "ёжик-2", "ІІ", "мұрағаттағы", "Привет"],
)
def test_plain_cyrillic_words_normalize_like_the_full_steps(word: str) -> None:
    assert norm.is_plain_cyrillic(word)
    full = norm._until_stable(lambda w: norm._normalize_once(w).replace("ё", "е"), word)
    assert norm.normalize_word(word) == full
    assert norm.normalize_word_keeping_yo(word) == norm._until_stable(norm._normalize_once, word)


@pytest.mark.parametrize("word", ["домъ", "пpивет", "библиоте\u0301ка", "word", "мiр", "Қазақ'"])
def test_other_words_take_the_full_steps(word: str) -> None:
    assert not norm.is_plain_cyrillic(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Кітапхана  ", [Segment(2, 11, "heading")]),
        ("Кітапхана сенбі күні де жұмыс істейді.", [Segment(0, 38, "paragraph")]),
        ("   ", []),
        ("", []),
    ],
)
def test_one_line_segments(text: str, expected: list[Segment]) -> None:
    assert segment(text) == expected
