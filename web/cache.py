"""A small per-process cache of search responses (popular queries, paging back, crawlers).

Explicit, documented mutable state: an LRU map ``SearchRequest -> SearchResponse``
guarded by a lock (waitress serves on threads). It is emptied whenever the index
is reopened after a commit, so it never serves results of an older index.
``max_entries = 0`` switches it off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from muragat.search.models import SearchRequest, SearchResponse


class ResultCache:
    """LRU cache of ``SearchResponse`` by ``SearchRequest`` (a frozen, hashable dataclass)."""

    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._items: OrderedDict[SearchRequest, SearchResponse] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def search(self, req: SearchRequest, run: Callable[[SearchRequest], SearchResponse]) -> SearchResponse:
        """The cached response to ``req``, else ``run(req)`` (cached unless it reports an error).

        A cached answer reports its own (lookup) time in ``took_ms``.
        """
        if self.max_entries <= 0:
            return run(req)
        t0 = time.perf_counter()
        with self._lock:
            cached = self._items.get(req)
            if cached is not None:
                self._items.move_to_end(req)
                self.hits += 1
        if cached is not None:
            return replace(cached, took_ms=(time.perf_counter() - t0) * 1000)
        response = run(req)
        if response.error is None:
            with self._lock:
                self.misses += 1
                self._items[req] = response
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        return response

    def clear(self) -> None:
        """Forget every entry (the index changed)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
