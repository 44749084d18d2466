"""Reopen the index when the indexer has committed, cheaply and from any thread.

``ThrottledRefresh`` calls ``engine.refresh()`` at most once per ``interval_s``
per process; a thread that finds another one already refreshing does not wait.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


class ThrottledRefresh:
    """Call ``engine.refresh()`` at most every ``interval_s`` seconds."""

    def __init__(self, engine, interval_s: float = 1.0, clock=time.monotonic):
        self.engine = engine
        self.interval_s = interval_s
        self._clock = clock
        self._next = clock() + interval_s  # the engine was just opened
        self._lock = threading.Lock()

    def __call__(self) -> bool:
        """Refresh if due; True when the engine reopened a newer index."""
        now = self._clock()
        if now < self._next or not self._lock.acquire(blocking=False):
            return False
        try:
            self._next = now + self.interval_s
            return bool(self.engine.refresh())
        except Exception:  # a failed reopen keeps serving the index already open
            log.exception("index refresh failed")
            return False
        finally:
            self._lock.release()
