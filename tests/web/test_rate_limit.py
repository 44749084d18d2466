"""The per-client token bucket and its polite 429."""

from __future__ import annotations

import threading

from muragat.web.app import create_app
from muragat.web.security import RateLimiter, retry_after_header


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
