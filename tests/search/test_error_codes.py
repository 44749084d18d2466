"""Stable ``error_code`` values beside the human-readable ``error``."""

from __future__ import annotations

from muragat.search.engine import SearchEngine
from muragat.search.models import ERROR_CODES, SearchRequest

from muragat.settings import LIMITS


def test_no_error_no_code(engine):
    resp = engine.search(SearchRequest(q="library"))
    assert resp.error is None and resp.error_code is None
    assert resp.to_json()["error_code"] is None


def test_empty_query_browses_without_an_error(engine):
    resp = engine.search(SearchRequest(q=""))
    assert resp.error is None and resp.error_code is None and resp.total > 0


def test_repairs_that_leave_nothing(engine):
    resp = engine.search(SearchRequest(q="))) OR"))
    assert resp.error and resp.error_code == "empty_after_repair"
    assert resp.notes


def test_no_searchable_words(engine):
    resp = engine.search(SearchRequest(q="!!! ???"))
    assert resp.error and resp.error_code == "syntax"


def test_query_cut_to_the_limit_still_answers(engine):
    q = "library " * (LIMITS.max_query_chars // 8 + 5)
    resp = engine.search(SearchRequest(q=q, any_words=True))
    assert resp.error is None and resp.total > 0
    assert resp.to_json()["error_code"] == "query_too_long"


def test_no_index(tmp_path):
    resp = SearchEngine(tmp_path / "none").search(SearchRequest(q="library"))
    assert resp.error and resp.error_code == "no_index"


def test_every_code_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "SEARCH.md").read_text(encoding="utf-8")
    for code in ERROR_CODES:
        assert f"`{code}`" in doc, code
