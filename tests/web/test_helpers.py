"""Small helpers of the pages: the year chart's bars, lang attributes, field labels."""

from __future__ import annotations

from muragat.web.views import html_lang, year_chart


def test_year_chart_fills_gaps_and_scales_to_the_tallest():
    bars = year_chart({"2019": 4, "2016": 2, "unknown": 9, "2017": "x"})
    assert [b["year"] for b in bars] == [2016, 2017, 2018, 2019]
    assert [b["count"] for b in bars] == [2, 0, 0, 4]
    assert [b["height"] for b in bars] == [50, 0, 0, 100]


def test_year_chart_of_a_huge_span_shows_only_present_years():
    bars = year_chart({"1700": 1, "2020": 3})
    assert [b["year"] for b in bars] == [1700, 2020]
    assert year_chart({}) == []


def test_lang_attribute_values():
    assert html_lang("kk") == "kk"
    assert html_lang("other") == "und"
    assert html_lang(None) == "und"
    assert html_lang('kk" onmouseover="x') == "und"


def test_field_labels_in_the_interface_language(fake_app):
    from muragat.web.views import field_label

    with fake_app.test_request_context("/?ui=ru"):
        assert field_label("body_kk") == "Текст (Казахский)"
        assert field_label("title_en") == "Заголовок (Английский)"
        assert field_label("exact") == "Точная форма"
        assert field_label("<b>odd</b>") == "<b>odd</b>"  # escaped by the template
