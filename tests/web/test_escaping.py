"""Hostile titles, text, sources, facet values and queries come out escaped on every route."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

UI = ("kk", "ru", "en")
HOSTILE_Q = '"><script>window.__xss=9</script>'

HTML_ROUTES = [
    "/",
    "/search?q=kitap",
    "/search?q=kitap&lang=kk&lang=%3Cb%3Ekk%3C/b%3E&source=%22%3E%3Csvg%20onload=x%3E",
    "/search?q=nothing",
    "/search?q=(",
    "/doc/hostile/1?q=kitap",
    "/doc/plain/2",
    "/explain?id=hostile/1&q=kitap",
]

# Raw markup the fake engine plants in titles, text, sources, facet values and explanations.
RAW = ["<script>", "<img src=x", "<svg onload", "<b>kk</b>", "<i>suggest</i>", "bad <query>"]


def _assert_no_raw_markup(text: str) -> None:
    for raw in RAW:
        assert raw not in text, raw
    assert 'href="javascript:' not in text


@pytest.mark.parametrize("ui", UI)
@pytest.mark.parametrize("route", HTML_ROUTES)
def test_html_routes_escape_hostile_values(fake_client, route, ui):
    response = fake_client.get(route, headers={"Accept-Language": ui})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    _assert_no_raw_markup(response.get_data(as_text=True))


@pytest.mark.parametrize("ui", UI)
def test_hostile_query_is_escaped_in_box_title_and_links(fake_client, ui):
    response = fake_client.get("/search", query_string={"q": HOSTILE_Q, "ui": ui})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>window.__xss=9" not in text
    assert "&lt;script&gt;window.__xss=9" in text  # kept in the box, escaped


def test_search_page_shows_escaped_title_and_source(fake_client):
    text = fake_client.get("/search?q=kitap").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;svg onload=window.__xss=3&gt;" in text or "&quot;&gt;&lt;svg" in text


def test_engine_snippet_markup_is_kept(fake_client):
    """Snippets are the engine's escaped HTML: its <mark> survives, its text stays escaped."""
    text = fake_client.get("/search?q=kitap").get_data(as_text=True)
    assert "<mark>Кітапхана</mark> &lt;script&gt;" in text


def test_document_segments_keep_marks_and_escape_text(fake_client):
    text = fake_client.get("/doc/hostile/1").get_data(as_text=True)
    assert "Кітапхана &lt;script&gt;window.__xss=4&lt;/script&gt;" in text
    assert 'lang="kk"' in text


def test_javascript_url_is_not_a_link(fake_client):
    text = fake_client.get("/doc/hostile/1").get_data(as_text=True)
    assert "javascript:window.__xss=5" in text  # shown as text
    assert 'href="javascript:' not in text


@pytest.mark.parametrize(
    "route",
    ["/feed.atom?q=kitap", "/opensearch.xml", "/export.csv?q=kitap", "/api/search?q=kitap",
     "/api/documents/hostile/1", "/api/suggest?q=%3Cscr", "/api/explain?id=hostile/1&q=k"],
)
def test_machine_formats_never_serve_html(fake_client, route):
    response = fake_client.get(route)
    assert response.status_code == 200
    assert response.mimetype != "text/html"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_atom_feed_escapes_titles(fake_client):
    text = fake_client.get("/feed.atom?q=kitap").get_data(as_text=True)
    assert "<script>" not in text
    assert "&lt;script&gt;window.__xss=1" in text


def test_csv_neutralizes_formulas(fake_client, fake_engine):
    fake_engine.docs["plain/2"].title = "=HYPERLINK(\"http://evil\")"
    text = fake_client.get("/export.csv?q=kitap").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


@pytest.mark.parametrize("ui", UI)
@pytest.mark.parametrize("path", ["/explain?id=hostile/1", "/explain?id=missing", "/doc/plain/2",
                                  "/doc/missing", "/no-such-page", "/search"])
def test_hostile_query_is_escaped_on_every_page(fake_client, fake_engine, path, ui):
    fake_engine.explain = lambda doc_id, q: {"matched": False}
    sep = "&" if "?" in path else "?"
    response = fake_client.get(f"{path}{sep}" + urlencode({"ui": ui, "q": HOSTILE_Q}))
    text = response.get_data(as_text=True)
    assert "<script>window.__xss=9" not in text
    assert '"><script>' not in text
