"""Dates in Russian, Kazakh and English prose and in metadata values."""

from __future__ import annotations

import datetime as dt

import pytest
from muragat.indexer.dates import find_date, month_number, parse_date_value, parse_year


@pytest.mark.parametrize(("text", "iso"), [
    ("Мероприятие прошло 8 апреля 2021 г. в читальном зале.", "2021-04-08"),
    ("25 декабря 2019 года состоялась презентация.", "2019-12-25"),
    ("1 мая 2018 — открытие выставки.", "2018-05-01"),
    ("2021 жылғы 8 сәуір күні кітапханада кездесу өтті.", "2021-04-08"),
    ("2021 жылы 25 желтоқсанда байқау өтті.", "2021-12-25"),
    ("2019-жылы 12-қазанда конференция болды.", "2019-10-12"),
    ("Кездесу 8 сәуірде 2021 жылы өтті.", "2021-04-08"),
    ("Көрме 3 наурыздан 2020 басталды.", "2020-03-03"),
    ("The meeting was held on April 8, 2021 in the hall.", "2021-04-08"),
    ("Posted Sept. 3rd, 2015 by the staff.", "2015-09-03"),
    ("Held on 14 February 2022.", "2022-02-14"),
    ("Дата: 08.04.2021", "2021-04-08"),  # day first: 8 April, not 4 August
    ("Дата: 8.4.2021", "2021-04-08"),
    ("Published 2020-11-30.", "2020-11-30"),
])
def test_date_forms(text, iso):
    assert find_date(text) == iso


def test_date_without_a_year_gives_nothing():
    assert find_date("On November 20, the library took part in a conference.") is None
    assert find_date("8 апреля в библиотеке прошла встреча.") is None
    assert find_date("8 сәуірде кездесу өтті.") is None


def test_bare_years_and_impossible_dates_are_not_dates():
    assert find_date("Copyright 2023. Founded in 1999.") is None
    assert find_date("31.02.2021 is not a day") is None


def test_the_first_complete_date_wins():
    text = "On November 20 we met. The report of 5 March 2019 followed 08.04.2021."
    assert find_date(text) == "2019-03-05"


@pytest.mark.parametrize(("word", "month"), [
    ("апреля", 4), ("мае", 5), ("сәуірде", 4), ("қазанның", 10), ("Sept.", 9), ("december", 12),
])
def test_month_words(word, month):
    assert month_number(word) == month


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-04-08", ("2021-04-08", 2021)),
    ("2021-04-08T10:30:00+06:00", ("2021-04-08", 2021)),
    ("2021-04", ("2021-04", 2021)),
    ("2021", ("2021", 2021)),
    (2020, ("2020", 2020)),
    (dt.date(2018, 6, 1), ("2018-06-01", 2018)),
    ("08.04.2021", ("2021-04-08", 2021)),
    ("8 апреля 2021 г.", ("2021-04-08", 2021)),
    ("not a date", (None, None)),
    ("", (None, None)),
    (None, (None, None)),
])
def test_metadata_values(value, expected):
    assert parse_date_value(value) == expected


def test_years():
    assert parse_year("2019") == 2019
    assert parse_year(2019) == 2019
    assert parse_year("twenty") is None
    assert parse_year(42) is None


@pytest.mark.parametrize(("text", "iso"), [
    ("Выставка работает с 15 мая по 15 июня 2019 года.", "2019-05-15"),
    ("Неделя чтения: 15–20 мая 2019 г.", "2019-05-15"),
    ("Фестиваль пройдёт с 3 по 7 октября 2022 года.", "2022-10-03"),
    ("Оқу апталығы 2019 жылғы 15-20 мамыр аралығында өтті.", "2019-05-15"),
    ("Көрме 15 мамыр – 15 маусым 2019 ж. ашық.", "2019-05-15"),
    ("The book fair runs May 15–20, 2019 in the main hall.", "2019-05-15"),
    ("The exhibition is open from 15 May to 15 June 2019.", "2019-05-15"),
    ("Open May 15 to June 15, 2019, daily.", "2019-05-15"),
    ("Зимние чтения с 20 декабря по 10 января 2020 г.", "2019-12-20"),  # across New Year
])
def test_a_range_gives_its_start_date_with_the_year_of_its_end(text, iso):
    assert find_date(text) == iso


def test_a_range_does_not_change_complete_dates():
    assert find_date("С 1 декабря 2018 по 15 января 2019 г.") == "2018-12-01"
    assert find_date("2019 жылғы 15 мамыр - 15 маусым") == "2019-05-15"
    assert find_date("Подведены итоги 8 апреля 2021 г.; выставка 10–20 мая 2021") == "2021-04-08"
    assert find_date("Страницы 10–20, изд. 2019") is None  # no month: no date


def test_dates_far_into_a_long_text_among_other_numbers():
    # The patterns run only around four-digit numbers: numbers that are not dates
    # (room 1204, 3500 books) come first, and the date sits thousands of characters in.
    filler = "Зал 1204, қорда 3500 кітап бар. Читальный зал на 120 мест. " * 150
    assert find_date(filler + "Встреча состоялась 8 апреля 2021 г. в зале 1204.") == "2021-04-08"
    assert find_date(filler + "2021 жылғы 8 сәуірде өтті.") == "2021-04-08"
    assert find_date(filler + "On April 8, 2021 and 09.05.2022.") == "2021-04-08"
    assert find_date(filler) is None


def test_date_straddling_many_digits_is_not_cut():
    assert find_date("Код 123456789012. Дата: 01.02.2020") == "2020-02-01"
    assert find_date("Тираж 20211 экз., 3 марта 2020 г.") == "2020-03-03"
