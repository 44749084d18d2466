"""The site and API over a real index built by the indexer from documents written for the tests."""

from __future__ import annotations

import csv
import io
import re
import time
import xml.etree.ElementTree as ET

import pytest
from muragat.search.models import SearchRequest
from muragat.web.app import create_app
from muragat.web.links import DEFAULT_SERVER_URL

UI = ("kk", "ru", "en")


def _hit_ids(text: str) -> list[str]:
    return re.findall(r'<h2 class="hit-title"><a href="/doc/([^"?]+)', text)


@pytest.mark.parametrize("ui", UI)
def test_kazakh_inflected_form_finds_the_kazakh_documents(real_client, ui):
    text = real_client.get("/search", query_string={"q": "кітаптарымыз", "ui": ui}).get_data(as_text=True)
    ids = _hit_ids(text)
    assert "kk/koktem-kormesi" in ids
    assert "<mark>кітаптары</mark>" in text or "<mark>кітаптарды</mark>" in text


@pytest.mark.parametrize("ui", UI)
def test_russian_inflected_form_finds_the_russian_documents(real_client, ui):
    text = real_client.get("/search", query_string={"q": "книгами", "ui": ui}).get_data(as_text=True)
    ids = _hit_ids(text)
    assert "ru/vystavka-knig" in ids and "ru/konferentsiya" in ids
    assert "<mark>книг</mark>" in text


def test_language_facet_counts_and_filter(real_client):
    text = real_client.get("/search?q=кітап&ui=en").get_data(as_text=True)
    assert re.search(r'name="lang" value="kk"', text)
    filtered = real_client.get("/search?q=library+библиотека+кітапхана&lang=en&ui=en").get_data(as_text=True)
    ids = _hit_ids(filtered)
    assert ids and all(i.startswith(("en/", "mixed/")) for i in ids)
    assert re.search(r'name="lang" value="en" checked', filtered)


def test_year_range_narrows_results(real_client):
    everything = _hit_ids(real_client.get("/search?q=кітап").get_data(as_text=True))
    narrowed = _hit_ids(real_client.get("/search?q=кітап&year_from=2020&year_to=2023").get_data(as_text=True))
    assert "kk/oqyrmandar-kezdesuy" in everything  # 2018
    assert narrowed and "kk/oqyrmandar-kezdesuy" not in narrowed
    assert set(narrowed) < set(everything)


def test_year_chart_has_a_bar_per_year(real_client):
    text = real_client.get("/search?q=кітап").get_data(as_text=True)
    assert text.count('<rect class="bar') >= 3


def test_document_page_marks_segments_by_language(real_client):
    text = real_client.get("/doc/mixed/announcement?q=books&ui=en").get_data(as_text=True)
    langs = re.findall(r'<p class="seg" lang="(\w+)"', text)
    assert {"kk", "ru", "en"} <= set(langs)
    assert "<mark>books</mark>" in text


def test_document_page_highlights_forms_of_the_query(real_client):
    text = real_client.get("/doc/ru/vystavka-knig?q=книгой").get_data(as_text=True)
    assert "<mark>книг</mark>" in text and "<mark>книги</mark>" in text
    assert "Выставка новых книг" in text


def test_hostile_document_is_escaped_on_every_page(real_client):
    for path in ("/search?q=кітап", "/doc/hostile/script?q=кітап", "/explain?id=hostile/script&q=кітап",
                 "/search?q=кітап&source=%3Cb%20onmouseover%3D%22window.__xss%3D3%22%3ESource%3C%2Fb%3E"):
        text = real_client.get(path).get_data(as_text=True)
        assert "<script>window" not in text and "<img src=x" not in text and "<b onmouseover" not in text
    text = real_client.get("/doc/hostile/script").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=" in text


def test_unknown_document_is_404(real_client):
    assert real_client.get("/doc/kk/no-such-doc").status_code == 404
    assert real_client.get("/api/documents/kk/no-such-doc").status_code == 404


def test_similar_documents_are_linked(real_client):
    text = real_client.get("/doc/ru/vystavka-knig").get_data(as_text=True)
    similar = re.search(r'<aside class="similar".*?</aside>', text, re.S).group(0)
    assert re.findall(r'href="/doc/([^"]+)"', similar)


def test_api_search_is_the_engine_json(real_client, real_engine):
    body = real_client.get("/api/search?q=книги&lang=ru&sort=newest&size=3").get_json()
    expected = real_engine.search(SearchRequest(q="книги", langs=("ru",), sort="newest", size=3)).to_json()
    body.pop("took_ms"), expected.pop("took_ms")
    assert body == expected
    assert body["total"] >= 2 and len(body["hits"]) <= 3


def test_api_document_and_explain(real_client):
    doc = real_client.get("/api/documents/kk/koktem-kormesi?q=кітап").get_json()
    assert doc["id"] == "kk/koktem-kormesi" and doc["year"] == 2021
    assert any("<mark>" in html for _, html in doc["html_segments"])
    explained = real_client.get("/api/explain?id=kk/koktem-kormesi&q=кітаптар").get_json()
    assert explained["explanation"]["matched"] is True


def test_explain_page_names_fields_in_the_interface_language(real_client):
    text = real_client.get("/explain?id=kk/koktem-kormesi&q=кітаптар&ui=ru").get_data(as_text=True)
    assert "Почему найдено" in text
    assert "Текст (Казахский)" in text or "Заголовок (Казахский)" in text


def test_suggest_completes_from_the_vocabulary(real_client):
    body = real_client.get("/api/suggest?q=жаңа кітапх").get_json()
    assert body["suggestions"] and all(s.startswith("жаңа кітапх") for s in body["suggestions"])


def test_atom_feed_is_newest_first(real_client):
    response = real_client.get("/feed.atom?q=кітапхана")
    root = ET.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    published = [e.findtext("a:published", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(published) >= 3
    assert published == sorted(published, reverse=True)


def test_csv_export_lists_the_results(real_client):
    response = real_client.get("/export.csv?q=книги")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    total = real_client.get("/api/search?q=книги").get_json()["total"]
    assert len(rows) == total
    assert {r["id"] for r in rows} >= {"ru/vystavka-knig"}
    # Absolute links name the configured address, never the request's Host header.
    assert all(r["link"].startswith(f"{DEFAULT_SERVER_URL}/doc/") for r in rows)


def test_healthz_counts_documents(real_client):
    assert real_client.get("/healthz").get_json()["documents"] == 10


def test_new_commit_is_served_without_restart(tmp_path):
    """The indexer commits while the app runs: the next request (after the interval) sees it."""
    from muragat.indexer import Document, index_documents
    from muragat.search.engine import SearchEngine

    index_documents([Document(id="one", title="Бірінші", text="Алғашқы құжат мәтіні.", date="2020-01-01",
                              year=2020, lang="kk")], tmp_path)
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "REFRESH_INTERVAL_S": 0.05},
                     engine=SearchEngine(tmp_path))
    client = app.test_client()
    assert client.get("/api/search?q=шахмат").get_json()["total"] == 0
    index_documents([Document(id="two", title="Шахмат турнирі", text="Кітапханада шахмат турнирі өтті.",
                              date="2021-01-01", year=2021, lang="kk")], tmp_path)
    time.sleep(0.1)
    client.get("/healthz")  # any request may trigger the reopen
    assert client.get("/api/search?q=шахмат").get_json()["total"] == 1
