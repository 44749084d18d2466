"""The per-client token bucket and its polite 429."""

from __future__ import annotations

import random
import re
import threading
from pathlib import Path

import muragat.web
import pytest
from muragat.web.app import DEFAULTS, create_app
from muragat.web.security import (
    UNLIMITED_ENDPOINTS,
    RateBudgets,
    RateLimiter,
    retry_after_header,
)


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_burst_then_refill_at_rate():
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.take("a")
    assert 0.49 < wait <= 0.5
    clock.now += 0.5  # one token back
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0


def test_clients_have_separate_buckets():
    limiter = RateLimiter(rate=1.0, burst=1, clock=Clock())
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0.0


def test_disabled_limiter_never_waits():
    limiter = RateLimiter(rate=0, burst=1)
    assert not limiter.enabled
    assert all(limiter.take("a") == 0.0 for _ in range(1000))


def test_memory_is_bounded():
    limiter = RateLimiter(rate=1.0, burst=1, max_clients=100, clock=Clock())
    for i in range(1000):
        limiter.take(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter._buckets) == 100


def test_thread_safe_under_contention():
    limiter = RateLimiter(rate=0.001, burst=500, clock=Clock())
    allowed = []

    def worker():
        allowed.extend(1 for _ in range(100) if limiter.take("same") == 0.0)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(allowed) == 500  # exactly the burst, no token spent twice


def test_retry_after_is_whole_seconds():
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(2.2) == "3"


def test_app_answers_429_with_retry_after(fake_engine):
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0.5, "RATE_LIMIT_BURST": 3}, engine=fake_engine)
    client = app.test_client()
    statuses = [client.get("/api/search?q=x").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    api = client.get("/api/search?q=x")
    assert api.status_code == 429
    assert int(api.headers["Retry-After"]) >= 1
    assert api.get_json()["status"] == 429
    page = client.get("/search?q=x", headers={"Accept-Language": "kk"})
    assert page.status_code == 429
    assert "Сұраныс тым көп" in page.get_data(as_text=True)
    assert page.headers["Content-Security-Policy"]
    # Health checks and static files are not limited.
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/muragat.css").status_code == 200


# --- A reading room behind one NAT address ------------------------------------------------

READERS = 30
MINUTES = 10
JS = Path(muragat.web.__file__).parent / "static" / "muragat.js"


def _debounce_s() -> float:
    """The browser's autocomplete debounce, read from the script the site serves."""
    return int(re.search(r"var DEBOUNCE_MS = (\d+);", JS.read_text()).group(1)) / 1000


def _reader(rng: random.Random, debounce: float, until: float) -> list[tuple[float, str]]:
    """One reader's requests ``(time, endpoint)``: a brisk, impatient reader.

    Queries of 1-4 words typed at 80-600 ms a key (a slow typist pauses longer than the
    debounce after most keys: one suggestion each), 0.3-1.5 s between words and before
    Enter; the results page, then 0-4 more pages (a document, the next page, a facet)
    1.5-10 s apart; the next query 2-15 s later. Static files are not limited.
    """
    events: list[tuple[float, str]] = []
    t = rng.uniform(0, 5)
    while t < until:
        keys: list[float] = []
        for word in range(rng.randint(1, 4)):
            if word:
                t += rng.uniform(0.3, 1.5)  # a pause between words
            for _ in range(rng.randint(3, 12)):
                t += rng.uniform(0.08, 0.6)
                keys.append(t)
        enter = t + rng.uniform(0.3, 1.5)
        for i, k in enumerate(keys):
            following = keys[i + 1] if i + 1 < len(keys) else enter
            if i >= 1 and following - k > debounce:  # at least 2 characters typed
                events.append((k + debounce, "api.suggest"))
        events.append((enter, "views.search"))
        t = enter
        for _ in range(rng.randint(0, 4)):
            t += rng.uniform(1.5, 10)
            events.append((t, rng.choice(["views.document", "views.search", "views.search"])))
        t += rng.uniform(2, 15)
    return events


def _reading_room(config: dict, seed: int) -> tuple[int, int, dict[str, int]]:
    """(requests, 429 answers, peak requests in one second per budget) of 30 readers."""
    rng = random.Random(seed)
    debounce = _debounce_s()
    events = sorted(e for _ in range(READERS) for e in _reader(rng, debounce, MINUTES * 60))
    clock = Clock()
    budgets = RateBudgets.from_config(config, clock=clock)
    refused = 0
    per_second: dict[tuple[str, int], int] = {}
    for when, endpoint in events:
        clock.now = 100.0 + when
        refused += budgets.take(endpoint, "203.0.113.7") > 0
        kind = "suggest" if endpoint == "api.suggest" else "search"
        per_second[kind, int(when)] = per_second.get((kind, int(when)), 0) + 1
    peaks = {kind: max(n for (k, _), n in per_second.items() if k == kind)
             for kind in ("suggest", "search")}
    return len(events), refused, peaks


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_thirty_readers_behind_one_address_never_reach_the_default_limits(seed):
    requests, refused, peaks = _reading_room(DEFAULTS, seed)
    assert requests > READERS * MINUTES * 10  # a busy room: > 10 requests a minute each
    assert refused == 0, (requests, refused, peaks)


def test_the_old_single_budget_refused_that_room():
    """The same room under the former limit (10/s, bursts of 40, suggestions included)."""
    old = {**DEFAULTS, "RATE_LIMIT_PER_S": 10.0, "RATE_LIMIT_BURST": 40,
           "SUGGEST_RATE_LIMIT_PER_S": 10.0, "SUGGEST_RATE_LIMIT_BURST": 40}

    class OneBudget(RateBudgets):
        def take(self, endpoint, client):
            return 0.0 if endpoint in UNLIMITED_ENDPOINTS else self.searches.take(client)

    clock = Clock()
    budgets = OneBudget.from_config(old, clock=clock)
    rng = random.Random(1)
    events = sorted(e for _ in range(READERS) for e in _reader(rng, _debounce_s(), MINUTES * 60))
    refused = 0
    for when, endpoint in events:
        clock.now = 100.0 + when
        refused += budgets.take(endpoint, "203.0.113.7") > 0
    assert refused > 0


def test_suggestions_and_searches_have_separate_budgets(fake_engine):
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0.01, "RATE_LIMIT_BURST": 2,
                      "SUGGEST_RATE_LIMIT_PER_S": 0.01, "SUGGEST_RATE_LIMIT_BURST": 3},
                     engine=fake_engine)
    client = app.test_client()
    assert [client.get("/api/suggest?q=кі").status_code for _ in range(3)] == [200] * 3
    assert client.get("/api/suggest?q=кі").status_code == 429
    # Typing used up the suggestions, not the searches.
    assert [client.get("/search?q=kitap").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/search?q=kitap").status_code == 429
    assert client.get("/healthz").status_code == 200
