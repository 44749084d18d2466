"""The JSON API: its OpenAPI description covers every route; JSON shapes and errors."""

from __future__ import annotations

import re

from muragat.settings import LIMITS


def test_openapi_describes_every_api_route(fake_app, fake_client):
    spec = fake_client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {re.sub(r"\{\w+\}", "<>", p) for p in spec["paths"]}
    routes = {re.sub(r"<[^>]+>", "<>", r.rule) for r in fake_app.url_map.iter_rules()
              if r.rule.startswith("/api/") and r.rule != "/api/openapi.json"}
    assert routes == documented == {"/api/search", "/api/documents/<>", "/api/suggest", "/api/explain"}


def test_openapi_states_the_limits(fake_client):
    spec = fake_client.get("/api/openapi.json").get_json()
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["q"]["maxLength"] == LIMITS.max_query_chars
    assert params["size"]["maximum"] == LIMITS.max_page_size
    assert params["page"]["maximum"] == LIMITS.max_page
    assert set(params) == {"q", "lang", "year_from", "year_to", "source", "sort", "page", "size",
                           "correct", "samelang", "semantic", "explain"}


def test_search_json_has_the_contract_keys(fake_client):
    body = fake_client.get("/api/search?q=kitap").get_json()
    assert {"query", "total", "page", "size", "hits", "facets", "suggestion", "error",
            "took_ms"} <= set(body)
    assert body["hits"][0]["snippet"].startswith("<mark>") or "<mark>" in body["hits"][0]["snippet"]


def test_json_keeps_cyrillic_readable(fake_client):
    raw = fake_client.get("/api/documents/plain/2").get_data(as_text=True)
    assert "Библиотека" in raw


def test_suggest_completes_the_last_word(fake_client):
    body = fake_client.get("/api/suggest?q=жаңа кіт").get_json()
    assert body == {"query": "жаңа кіт", "suggestions": ["жаңа кітап", "жаңа кітапхана"]}
    assert fake_client.get("/api/suggest?q=").get_json()["suggestions"] == []
