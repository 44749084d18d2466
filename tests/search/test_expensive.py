"""Prefix expansions are counted for the whole query and refused before anything is scored."""

from __future__ import annotations

import itertools
import time

import pytest
from muragat.indexer.document import Document
from muragat.search import executor
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest

from muragat.settings import LIMITS

from .conftest import build_index

LETTERS = "bcdfghklmnprstvz"


def _words(head: str, n: int) -> list[str]:
    """``n`` distinct made-up words starting with ``head``."""
    tails = ("".join(p) for p in itertools.product(LETTERS, "aeiou", LETTERS))
    return [head + t for t in itertools.islice(tails, n)]


@pytest.fixture(scope="module")
def wide_engine(tmp_path_factory) -> SearchEngine:
    """An archive whose vocabulary holds more words per prefix than the expansion limit."""
    many = LIMITS.max_prefix_expansions + 50
    words = _words("qa", many) + _words("qo", many)
    docs = [Document(id=f"d{i}", title=f"List {i}", text=" ".join(words[i::8]), lang="en",
                     year=2000 + i, source="made") for i in range(8)]
    path = tmp_path_factory.mktemp("wide-index")
    build_index(docs, path)
    return SearchEngine(path)


def test_two_wide_prefixes_are_refused_without_scoring(wide_engine, monkeypatch):
    scored = []
    monkeypatch.setattr(executor, "eval_clause",
                        lambda ctx, clause: scored.append(clause) or pytest.fail("scored"))
    resp = wide_engine.search(SearchRequest(q="qa* qo*"))
    assert resp.error_code == "too_expensive" and resp.error
    assert resp.total == 0 and not scored


def test_one_wide_prefix_keeps_the_most_frequent_expansions(wide_engine):
    resp = wide_engine.search(SearchRequest(q="qa*"))
    assert resp.error is None and resp.total > 0


def test_repeated_prefix_is_counted_and_evaluated_once(wide_engine, monkeypatch):
    q = " OR ".join(["q*"] * 83)  # 494 characters
    assert len(q) < LIMITS.max_query_chars
    calls = []
    real = executor.eval_clause
    monkeypatch.setattr(executor, "eval_clause",
                        lambda ctx, clause, *rest: calls.append(clause) or real(ctx, clause, *rest))
    t0 = time.perf_counter()
    resp = wide_engine.search(SearchRequest(q=q))
    took = time.perf_counter() - t0
    assert resp.error is None
    assert len(calls) == 1  # one prefix clause, scored once
    assert resp.total == wide_engine.search(SearchRequest(q="q*")).total > 0
    assert took < 0.5  # generous; it used to take seconds


def test_many_distinct_prefixes_answer_too_expensive(wide_engine):
    q = " OR ".join(f"{head}{c}*" for head in ("qa", "qo") for c in LETTERS[:3])
    resp = wide_engine.search(SearchRequest(q=q))
    assert resp.error_code == "too_expensive"


def test_time_limit_stays_as_a_backstop(engine, monkeypatch):
    monkeypatch.setattr(executor.Context, "check_time",
                        lambda self: (_ for _ in ()).throw(executor.QueryTooExpensive()))
    resp = engine.search(SearchRequest(q="library"))
    assert resp.error_code == "too_expensive"
