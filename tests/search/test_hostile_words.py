"""The query path never fails on a word: words from every Unicode plane and category go
through the query parser and ``SearchEngine`` (search, document, explain, complete) on a
small index; a Russian document with a word pymorphy3 cannot analyze is found (issue 14)."""

from __future__ import annotations

import pytest
import unicode_strategies as us
from hypothesis import HealthCheck, example, given, settings
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import ERROR_CODES, SearchRequest
from muragat.search.query_parser import ParsedQuery, parse

from .conftest import DOCS, build_index

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
TANGUT_DOC = Document(
    id="ru-tangut", title="Редкие письменности",
    text=f"В отделе редких книг хранится рукопись со словом {us.TANGUT_WORD} на полях. "
         "Библиотекари изучают эту рукопись.",
    date="2023-02-01", year=2023, source="ertis", lang="ru")


@pytest.fixture(scope="module")
def hostile_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-words-index")
    build_index([*DOCS, TANGUT_DOC], path)
    eng = SearchEngine(path)
    yield eng
    eng.close()


def test_tangut_word_is_found_shown_and_explained(hostile_engine):
    resp = hostile_engine.search(SearchRequest(q=us.TANGUT_WORD))
    assert resp.error_code is None, resp.error
    assert [h.id for h in resp.hits] == ["ru-tangut"]
    view = hostile_engine.document("ru-tangut", q=us.TANGUT_WORD)
    assert view is not None and us.TANGUT_WORD in view.body
    explained = hostile_engine.explain("ru-tangut", us.TANGUT_WORD)
    assert explained["matched"] and "error" not in explained


@SETTINGS
@given(q=us.text)
@example(q=us.TANGUT_WORD)
@example(q=f'"{us.TANGUT_WORD} библиотека" OR {us.TANGUT_WORD}* title:{us.TANGUT_WORD}')
@example(q="\ud800 \x00 \U0010ffff")
def test_query_parser_never_raises(q):
    assert isinstance(parse(q), ParsedQuery)


@SETTINGS
@given(q=us.text)
@example(q=us.TANGUT_WORD)
@example(q=f"кітапхана {us.TANGUT_WORD} library")
@example(q="\ud800 \x00 \U0010ffff")
def test_engine_answers_every_word(hostile_engine, q):
    for any_words in (False, True):
        resp = hostile_engine.search(SearchRequest(q=q, any_words=any_words))
        assert resp.error_code != "internal", resp.error
        assert resp.error_code is None or resp.error_code in ERROR_CODES
    view = hostile_engine.document("ru-tangut", q=q)
    assert view is not None and view.id == "ru-tangut"
    explained = hostile_engine.explain("ru-tangut", q)
    assert explained.get("error") in (None, "empty query", "query too expensive") \
        or explained["error"] == parse(q).error
    assert isinstance(hostile_engine.complete(q), list)


def test_the_site_serves_the_tangut_word(hostile_engine):
    from muragat.web.app import create_app

    client = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0}, engine=hostile_engine).test_client()
    api = client.get("/api/search", query_string={"q": us.TANGUT_WORD})
    assert api.status_code == 200 and api.get_json()["error_code"] is None
    assert [h["id"] for h in api.get_json()["hits"]] == ["ru-tangut"]
    doc = client.get("/api/documents/ru-tangut", query_string={"q": us.TANGUT_WORD})
    assert doc.status_code == 200
    explained = client.get("/api/explain", query_string={"id": "ru-tangut", "q": us.TANGUT_WORD})
    assert explained.status_code == 200 and explained.get_json()["explanation"]["matched"]
    assert client.get("/doc/ru-tangut", query_string={"q": us.TANGUT_WORD}).status_code == 200
