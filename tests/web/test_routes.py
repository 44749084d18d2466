"""Every route in every interface language: status, content type, security headers, language."""

from __future__ import annotations

import re

import pytest
from muragat.web.links import DEFAULT_SERVER_URL
from muragat.web.security import SECURITY_HEADERS

UI = ("kk", "ru", "en")

ROUTES = [
    ("/", 200, "text/html"),
    ("/search", 200, "text/html"),
    ("/search?q=kitap&lang=kk&year_from=2019&year_to=2021&source=news&sort=newest&page=1&size=5", 200, "text/html"),
    ("/search?q=nothing", 200, "text/html"),
    ("/doc/plain/2", 200, "text/html"),
    ("/doc/plain/2?q=kitap", 200, "text/html"),
    ("/explain?id=plain/2&q=kitap", 200, "text/html"),
    ("/explain?id=plain/2", 200, "text/html"),
    ("/doc/no/such/id", 404, "text/html"),
    ("/no-such-page", 404, "text/html"),
    ("/explain?id=missing&q=x", 404, "text/html"),
    ("/api/search?q=kitap&lang=kk&lang=ru", 200, "application/json"),
    ("/api/documents/plain/2", 200, "application/json"),
    ("/api/documents/missing", 404, "application/json"),
    ("/api/suggest?q=кіт", 200, "application/json"),
    ("/api/explain?id=plain/2&q=kitap", 200, "application/json"),
    ("/api/explain?id=missing&q=x", 404, "application/json"),
    ("/api/openapi.json", 200, "application/json"),
    ("/api/nothing-here", 404, "application/json"),
    ("/feed.atom?q=kitap", 200, "application/atom+xml"),
    ("/export.csv?q=kitap", 200, "text/csv"),
    ("/opensearch.xml", 200, "application/opensearchdescription+xml"),
    ("/healthz", 200, "application/json"),
    ("/robots.txt", 200, "text/plain"),
    ("/static/muragat.css", 200, "text/css"),
    ("/static/muragat.js", 200, "text/javascript"),
    ("/static/favicon.svg", 200, "image/svg+xml"),
]


@pytest.mark.parametrize("ui", UI)
@pytest.mark.parametrize("route,status,mimetype", ROUTES)
def test_route_answers_in_every_language(fake_client, route, status, mimetype, ui):
    response = fake_client.get(route, headers={"Accept-Language": ui})
    assert response.status_code == status
    assert response.mimetype == mimetype
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    if mimetype == "text/html":
        assert f'<html lang="{ui}">' in response.get_data(as_text=True)


def test_csp_forbids_inline_script_and_framing(fake_client):
    csp = fake_client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("route", ["/", "/search?q=kitap", "/doc/hostile/1?q=k", "/explain?id=plain/2&q=k", "/nope"])
def test_pages_have_no_inline_script_or_style_and_no_external_assets(fake_client, route):
    text = fake_client.get(route).get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []
    assert " style=" not in text and "<style" not in text
    assert " on" + "click=" not in text
    for url in re.findall(r'(?:src|href)="([^"]+)"', text):
        external = (url.startswith(("http://", "https://", "//"))
                    and not url.startswith(DEFAULT_SERVER_URL + "/"))  # the site's own address
        assert not external or "example.org" in url, url


def test_landmarks_labels_and_skip_link(fake_client):
    text = fake_client.get("/search?q=kitap").get_data(as_text=True)
    assert 'href="#main"' in text and 'id="main"' in text
    assert "<header" in text and "<main" in text and "<footer" in text and "<nav" in text
    assert 'role="search"' in text
    assert '<label class="search-label" for="q">' in text
    assert re.search(r'<input id="q" name="q" type="search" value="kitap"', text)
    for box in re.findall(r'<input type="checkbox" id="([^"]+)"', text):
        assert f'<label for="{box}">' in text


def test_unknown_document_gives_a_404_page_in_the_interface_language(fake_client):
    response = fake_client.get("/doc/nope", headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "В архиве нет такой страницы или документа." in text
    assert "noindex" in text


def test_method_not_allowed_is_polite(fake_client):
    response = fake_client.post("/api/search")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_traceback_never_reaches_the_user(fake_app, fake_engine):
    def broken(req):
        raise RuntimeError("secret internal detail /srv/index")

    fake_engine.search = broken
    client = fake_app.test_client()
    page = client.get("/search?q=x", headers={"Accept-Language": "en"})
    api = client.get("/api/search?q=x")
    assert page.status_code == api.status_code == 500
    for response in (page, api):
        text = response.get_data(as_text=True)
        assert "secret internal detail" not in text and "Traceback" not in text
    assert api.get_json()["error"]


def test_healthz_reports_documents_and_503_when_broken(fake_app, fake_engine):
    client = fake_app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok", "documents": 12345, "last_commit": None}

    def broken():
        raise OSError("index gone")

    fake_engine.stats = broken
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error"}


def test_robots_keeps_crawlers_out_of_search_urls(fake_client):
    text = fake_client.get("/robots.txt").get_data(as_text=True)
    for path in ("/search", "/api/", "/feed.atom", "/export.csv", "/explain"):
        assert f"Disallow: {path}" in text


def test_facet_sort_and_paging_links_are_nofollow(fake_client, fake_engine):
    def many(req):
        response = type(fake_engine).search(fake_engine, req)
        response.total = 95
        return response

    fake_engine.search = many
    text = fake_client.get("/search?q=kitap&page=3").get_data(as_text=True)
    links = re.findall(r"<a [^>]*>", text)
    state_links = [a for a in links if "page=" in a or "sort=" in a or "year_from=" in a or "ui=" in a]
    assert len(state_links) > 10
    for a in state_links:
        assert "nofollow" in a, a
    assert re.search(r'<a href="[^"]*page=2[^"]*" rel="prev nofollow">', text)
    assert re.search(r'<a href="[^"]*page=4[^"]*" rel="next nofollow">', text)
    assert '<span aria-current="page">3</span>' in text


def test_year_chart_bars_link_to_one_year(fake_client):
    text = fake_client.get("/search?q=kitap").get_data(as_text=True)
    assert re.search(r'href="/search\?q=kitap&amp;year_from=2019&amp;year_to=2019" rel="nofollow"', text)
    # The range form works without JavaScript: a GET form with year_from / year_to inputs.
    assert 'name="year_from"' in text and 'name="year_to"' in text


def test_filters_reach_the_engine(fake_client, fake_engine):
    fake_client.get("/search?q=kitap&lang=kk&lang=ru&year_from=2021&year_to=2019&source=news&sort=oldest&page=2&size=20")
    req = fake_engine.requests[-1]
    assert (req.q, req.langs, req.sources, req.sort, req.page, req.size) == (
        "kitap", ("kk", "ru"), ("news",), "oldest", 2, 20)
    assert (req.year_from, req.year_to) == (2019, 2021)  # a reversed range is put in order


def test_did_you_mean_and_empty_help(fake_client):
    text = fake_client.get("/search?q=nothing", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Did you mean:" in text
    assert 'href="/search?q=%3Ci%3Esuggest%3C%2Fi%3E" rel="nofollow">&lt;i&gt;suggest&lt;/i&gt;</a>' in text
    assert "Nothing was found" in text


def test_engine_error_message_is_shown(fake_client):
    text = fake_client.get("/search?q=(").get_data(as_text=True)
    assert 'role="alert">bad &lt;query&gt;</div>' in text


def test_document_page_shows_metadata_similar_and_original_link(fake_client):
    text = fake_client.get("/doc/plain/2", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1" in text and "Библиотека" in text
    assert 'href="https://example.org/news/2" rel="noopener noreferrer nofollow"' in text
    assert "Similar documents" in text and 'href="/doc/hostile/1"' in text
    assert "March 5, 2019" in text


def test_page_past_the_end_links_to_the_last_page(fake_client, fake_engine):
    def past_end(req):
        response = type(fake_engine).search(fake_engine, req)
        response.total, response.hits = 45, []
        return response

    fake_engine.search = past_end
    text = fake_client.get("/search?q=kitap&page=50&ui=en").get_data(as_text=True)
    assert "past the end of the results" in text
    assert 'href="/search?q=kitap&amp;ui=en&amp;page=5" rel="nofollow"' in text
    assert "Nothing was found" not in text


def test_filters_without_words_explain_what_to_do(fake_client, fake_engine):
    text = fake_client.get("/search?q=nothing&ui=en").get_data(as_text=True)
    assert "Nothing was found" in text and "Type one or more words" not in text

    def empty(req):
        response = type(fake_engine).search(fake_engine, req)
        response.total, response.hits = 0, []
        return response

    fake_engine.search = empty
    text = fake_client.get("/search?lang=kk&ui=en").get_data(as_text=True)
    assert "No document matches these filters." in text  # filters alone browse; none matched
    assert "Check the spelling" not in text


def test_static_files_are_cacheable_and_pages_vary_by_language(fake_client):
    css = fake_client.get("/static/muragat.css")
    assert "max-age=3600" in css.headers["Cache-Control"]
    page = fake_client.get("/search?q=kitap")
    assert "Accept-Language" in page.headers["Vary"]
