"""The per-process result cache: hits, bounds, errors not cached, emptied on a new index generation."""

from __future__ import annotations

import threading

from muragat.search.models import SearchRequest, SearchResponse
from muragat.web.app import create_app
from muragat.web.cache import ResultCache


class Counting:
    def __init__(self, error=None):
        self.calls = 0
        self.error = error

    def __call__(self, req):
        self.calls += 1
        return SearchResponse(query=req.q, total=1, page=req.page, size=req.size, error=self.error,
                              took_ms=50.0)


def test_same_request_runs_once():
    cache, run = ResultCache(8), Counting()
    first = cache.search(SearchRequest(q="кітап", langs=("kk",)), run)
    again = cache.search(SearchRequest(q="кітап", langs=("kk",)), run)
    other = cache.search(SearchRequest(q="кітап", langs=("ru",)), run)
    assert run.calls == 2
    assert first.took_ms == 50.0 and again.took_ms < 50.0  # the lookup's own time
    assert other.query == "кітап" and (cache.hits, cache.misses) == (1, 2)


def test_bounded_least_recently_used_first():
    cache, run = ResultCache(3), Counting()
    for q in "abcd":
        cache.search(SearchRequest(q=q), run)
    assert len(cache) == 3
    cache.search(SearchRequest(q="a"), run)  # evicted: runs again
    assert run.calls == 5


def test_errors_are_not_cached_and_size_zero_disables():
    run = Counting(error="bad query")
    cache = ResultCache(8)
    cache.search(SearchRequest(q="("), run)
    cache.search(SearchRequest(q="("), run)
    assert run.calls == 2
    run, off = Counting(), ResultCache(0)
    off.search(SearchRequest(q="a"), run)
    off.search(SearchRequest(q="a"), run)
    assert run.calls == 2 and len(off) == 0


def test_thread_safe():
    cache, run = ResultCache(50), Counting()
    threads = [threading.Thread(target=lambda: [cache.search(SearchRequest(q=str(i % 100)), run)
                                                 for i in range(500)]) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 50


def test_app_caches_and_forgets_on_a_new_generation(fake_engine):
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "REFRESH_INTERVAL_S": 0.0},
                     engine=fake_engine)
    client = app.test_client()
    for _ in range(3):
        client.get("/api/search?q=kitap")
    client.get("/search?q=kitap")  # the page shares the cached response
    assert len(fake_engine.requests) == 1
    fake_engine.refresh = lambda: True  # the indexer committed
    client.get("/api/search?q=kitap")
    assert len(fake_engine.requests) == 2
