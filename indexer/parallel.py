"""Run analysis tasks on worker processes, results in submission order, bounded memory.

``ordered_map`` keeps at most ``max_inflight`` tasks queued or running, so a slow
consumer (the single index writer) never lets finished results pile up. Items
that need no worker (already-known results) travel through the same ordered
queue, so the consumer sees one sequence of events in the order they were made.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Ready:
    """A task result known without a worker (passes through the ordered queue)."""

    def __init__(self, value: Any):
        self.value = value


def default_jobs() -> int:
    """The number of worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)  # the indexer died (kill -9): do not linger as an orphan


def _init_worker(parent: int) -> None:
    # Ctrl-C goes to the whole process group: only the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T | Ready],
    jobs: int,
    max_inflight: int | None = None,
) -> Iterator[R]:
    """Yield ``func(item)`` for each item in order (``Ready`` items as they are), on ``jobs`` processes.

    With ``jobs <= 1`` everything runs in this process.
    """
    if jobs <= 1:
        for item in items:
            yield item.value if isinstance(item, Ready) else func(item)
        return
    limit = max_inflight or jobs * 4
    ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(os.getpid(),))
    pending: deque[Any] = deque()
    try:
        for item in items:
            if isinstance(item, Ready):
                pending.append(item)
            else:
                pending.append(pool.apply_async(func, (item,)))
            while len(pending) > limit or (pending and _done(pending[0])):
                yield _get(pending.popleft())
        while pending:
            yield _get(pending.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _done(entry: Any) -> bool:
    return isinstance(entry, Ready) or entry.ready()


def _get(entry: Any) -> Any:
    return entry.value if isinstance(entry, Ready) else entry.get()
