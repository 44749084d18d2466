"""HTTP conventions of dynamic responses: ETag (the index generation), Last-Modified,
Cache-Control, 304 without searching; gzip for large responses; CORS on the read-only API."""

from __future__ import annotations

import gzip
import json

import pytest
from muragat.web.app import create_app

DYNAMIC = ["/", "/search?q=kitap", "/doc/plain/2", "/explain?id=plain/2&q=kitap",
           "/api/search?q=kitap", "/api/documents/plain/2", "/api/suggest?q=кіт",
           "/feed.atom?q=kitap", "/export.csv?q=kitap", "/opensearch.xml", "/api/openapi.json"]


@pytest.mark.parametrize("path", DYNAMIC)
def test_dynamic_responses_carry_validators(fake_client, path):
    response = fake_client.get(path)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"') and "-7-" in response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/search?q=kitap", "/api/search?q=kitap", "/feed.atom?q=kitap"])
def test_if_none_match_gives_304_without_searching(fake_client, fake_engine, path):
    first = fake_client.get(path)
    searches = len(fake_engine.requests)
    again = fake_client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(fake_engine.requests) == searches  # answered before any search
    since = fake_client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_etag_changes_with_the_index_generation_and_the_language(fake_client, fake_engine):
    kk = fake_client.get("/search?q=kitap", headers={"Accept-Language": "kk"})
    ru = fake_client.get("/search?q=kitap", headers={"Accept-Language": "ru"})
    assert kk.headers["ETag"] != ru.headers["ETag"]
    fake_engine.generation = 8  # the indexer committed
    later = fake_client.get("/search?q=kitap", headers={"If-None-Match": kk.headers["ETag"],
                                                        "Accept-Language": "kk"})
    assert later.status_code == 200 and later.headers["ETag"] != kk.headers["ETag"]


def test_a_response_setting_the_language_cookie_is_private(fake_client):
    response = fake_client.get("/search?q=kitap&ui=ru")
    assert "muragat_ui=ru" in response.headers["Set-Cookie"]
    assert response.headers["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("path", ["/healthz", "/doc/missing", "/search?page=0"])
def test_errors_and_health_are_not_stored(fake_client, path):
    response = fake_client.get(path)
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(fake_client):
    css = fake_client.get("/static/muragat.css")
    assert "max-age=3600" in css.headers["Cache-Control"]


def test_large_json_is_gzipped(real_client):
    plain = real_client.get("/api/search?q=кітап OR книга OR library&size=100")
    packed = real_client.get("/api/search?q=кітап OR книга OR library&size=100",
                             headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    body = json.loads(gzip.decompress(packed.data))
    expected = plain.get_json()
    body.pop("took_ms"), expected.pop("took_ms")
    assert body == expected
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2


def test_small_and_refused_responses_are_not_gzipped(fake_client):
    small = fake_client.get("/api/suggest?q=кіт", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers
    refused = fake_client.get("/search?q=kitap", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
    page = fake_client.get("/search?q=kitap", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert b"<mark>" in gzip.decompress(page.data)


def test_api_is_readable_from_any_origin(fake_client):
    response = fake_client.get("/api/search?q=kitap", headers={"Origin": "https://other.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = fake_client.options("/api/search?q=kitap", headers={
        "Origin": "https://other.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in fake_client.get("/search?q=kitap").headers
    assert fake_client.post("/api/search").status_code == 405


def test_cors_origins_are_configurable(fake_engine):
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0,
                      "CORS_ORIGINS": "https://a.example, https://b.example"}, engine=fake_engine)
    client = app.test_client()
    listed = client.get("/api/search?q=kitap", headers={"Origin": "https://b.example"})
    assert listed.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "Origin" in listed.headers["Vary"]
    other = client.get("/api/search?q=kitap", headers={"Origin": "https://c.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    off = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "CORS_ORIGINS": "none"},
                     engine=fake_engine).test_client()
    assert "Access-Control-Allow-Origin" not in off.get(
        "/api/search?q=kitap", headers={"Origin": "https://a.example"}).headers
