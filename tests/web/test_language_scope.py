"""The results' language scope and the semantic switch as request arguments (site and API)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_defaults_all_languages_and_the_semantic_layer(fake_client, fake_engine, path):
    assert fake_client.get(f"{path}?q=кітап").status_code == 200
    req = fake_engine.requests[-1]
    assert req.same_language is False and req.semantic is True


@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_samelang_and_semantic_off(fake_client, fake_engine, path):
    assert fake_client.get(f"{path}?q=кітап&samelang=1&semantic=0").status_code == 200
    req = fake_engine.requests[-1]
    assert req.same_language is True and req.semantic is False


def test_api_reports_the_query_language_and_the_mark(real_client):
    data = real_client.get("/api/search?q=библиотека").get_json()
    assert "query_lang" in data and "semantic" in data
    assert data["semantic"] is False  # the test index has no semantic layer
    assert all(hit["other_language"] is False for hit in data["hits"])
    same = real_client.get("/api/search?q=библиотека&samelang=1").get_json()
    assert same["query_lang"] == "ru"
    assert same["hits"] and all(hit["lang"] == "ru" for hit in same["hits"])
