"""The index is reopened at most once per interval, from any thread, never failing a request."""

from __future__ import annotations

from muragat.web.app import create_app
from muragat.web.refresh import ThrottledRefresh


class Engine:
    def __init__(self, fail=False):
        self.calls = 0
        self.fail = fail

    def refresh(self):
        self.calls += 1
        if self.fail:
            raise OSError("segment file vanished")
        return True


def test_refresh_is_throttled():
    now = [0.0]
    engine = Engine()
    refresh = ThrottledRefresh(engine, interval_s=1.0, clock=lambda: now[0])
    assert refresh() is False and engine.calls == 0  # just opened
    now[0] = 1.0
    assert refresh() is True and engine.calls == 1
    now[0] = 1.5
    assert refresh() is False and engine.calls == 1
    now[0] = 2.01
    refresh()
    assert engine.calls == 2


def test_failed_refresh_keeps_serving():
    now = [5.0]
    refresh = ThrottledRefresh(Engine(fail=True), interval_s=1.0, clock=lambda: now[0] + 10)
    assert refresh() is False


def test_requests_trigger_refresh(fake_engine):
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "REFRESH_INTERVAL_S": 0.0}, engine=fake_engine)
    client = app.test_client()
    for _ in range(3):
        client.get("/api/search?q=x")
    assert fake_engine.refreshes == 3
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "REFRESH_INTERVAL_S": 3600}, engine=fake_engine)
    client = app.test_client()
    for _ in range(3):
        client.get("/api/search?q=x")
    assert fake_engine.refreshes == 3
