"""Analysis worker processes that also write their own index segments.

Each worker takes tasks (files to read, documents to analyze) from a shared
queue, runs the analysis and adds the analyzed documents to an index segment of
its own (``store.SegmentWriter``); it sends back only small ``Written`` events
(id, hash, language, year) for the committing process, which deletes old
versions, keeps the manifest and finally publishes all segments in one atomic
commit. Results are handed out in submission order, with at most
``max_inflight`` tasks queued or running, so memory stays bounded.

With ``jobs <= 1`` the tasks run in the calling process and analyzed documents
are returned as they are (``Analyzed`` events).
"""

from __future__ import annotations

import gc
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from muragat.indexer.events import Analyzed, Event, Written

Task = Any

# A worker finishes its segment and starts another when the postings it holds in
# memory pass this estimate (``GroupingWriter.held_bytes``; the process grows by
# roughly twice that). Measured in bench/index.py: peak RSS and segment count.
SEGMENT_BUDGET_MB = 128
# Garbage collector thresholds in worker processes (Python's default: 700, 10, 10).
WORKER_GC_THRESHOLDS = (20_000, 50, 1000)


class Ready:
    """Events known without a worker (they pass through the ordered queue)."""

    def __init__(self, value: list[Event]):
        self.value = value


class WorkerError(RuntimeError):
    """A worker process died or failed outside the per-file error handling."""


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


def _worker(
    run_task: Callable[[Task], list[Event]],
    index_dir: str,
    limitmb: int,
    segment_budget: int,
    tasks: Any,
    results: Any,
    parent: int,
    indexed: str | None = None,
    sink: Any = None,
) -> None:
    from muragat.indexer.writer import add_prepared
    from muragat.store import SegmentWriter, open_index

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the main process
    # The inherited models never become garbage, and the caches and the postings held
    # grow by millions of objects: full collections walking them are costly (figures in
    # docs/INDEXER.md, from bench.index), so they are frozen and collections are rare.
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    writer = None
    segments: list[Any] = []
    try:
        # Opened at the first document: a pool may start before the run's session has
        # created or cleaned the index (``indexer.pipeline``: forked before the archive walk).
        ix = None
        while True:
            item = tasks.get()
            if item is None:
                break
            seq, task = item
            out: list[Event] = []
            for event in run_task(task):
                if isinstance(event, Analyzed):
                    prepared = event.doc
                    if sink is not None:  # another backend: the sink sends it (indexer.solr_session)
                        sink.add(prepared, indexed)
                    else:
                        if writer is None:
                            if ix is None:
                                ix = open_index(index_dir)
                            writer = SegmentWriter(ix, limitmb)
                        add_prepared(writer, prepared, replace=False, indexed=indexed)
                    out.append(Written(event.file, prepared.id, prepared.hash,
                                       prepared.lang, prepared.year))
                else:
                    out.append(event)
            if writer is not None and writer.held_bytes > segment_budget:
                segments.append(writer.finish())  # bounded memory: start another segment
                writer = None
            results.put((seq, "ok", out))
        if writer is not None:
            segments.append(writer.finish())
        if sink is not None:
            sink.close()
        results.put((None, "segments", [s for s in segments if s is not None]))
    except BaseException as exc:  # report, never hang the main process
        try:
            results.put((None, "error", f"{type(exc).__name__}: {exc}"))
            results.close()
            results.join_thread()  # the message is in the pipe before this process ends
        except BaseException:  # noqa: BLE001 - cannot even report (no memory): just end
            os._exit(1)  # the main process sees a dead worker within a second


class SegmentWorkers:
    """A pool of analysis + segment-writing worker processes (see module docstring)."""

    def __init__(
        self,
        run_task: Callable[[Task], list[Event]],
        index_dir: str | Path,
        jobs: int,
        limitmb: int,
        max_inflight: int | None = None,
        segment_budget_mb: int = SEGMENT_BUDGET_MB,
        indexed: str | None = None,
        sink: Any = None,
    ):
        ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
        self.tasks = ctx.Queue()
        self.results = ctx.Queue()
        self.limit = max_inflight or jobs * 3
        self.procs = [
            ctx.Process(
                target=_worker,
                args=(run_task, str(index_dir), limitmb, segment_budget_mb * 1024 * 1024,
                      self.tasks, self.results, os.getpid(), indexed, sink),
                daemon=True,
            )
            for _ in range(jobs)
        ]
        for p in self.procs:
            p.start()
        self.segments: list[Any] = []
        self.finished = 0
        self.closed = False  # the end markers are queued
        self.terminated = False

    def _receive(self) -> tuple[Any, str, Any]:
        while True:
            try:
                return self.results.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in self.procs if not p.is_alive() and p.exitcode not in (0, None)]
                if dead:
                    code = dead[0].exitcode
                    how = (f"was killed by signal {-code}" if code is not None and code < 0
                           else f"ended with exit code {code}")
                    raise WorkerError(f"an analysis worker {how}") from None

    def map(self, items: Iterable[Task | Ready]) -> Iterator[list[Event]]:
        """Yield the events of each item in order."""
        seq = 0
        next_out = 0
        waiting: dict[int, list[Event]] = {}
        inflight = 0

        def take() -> None:
            nonlocal inflight
            s, kind, value = self._receive()
            if kind == "error":
                raise WorkerError(f"an analysis worker failed: {value}")
            if kind == "segments":  # a worker out of tasks has finished its segment
                self._finished(value)
                return
            waiting[s] = value
            inflight -= 1

        for item in items:
            if isinstance(item, Ready):
                waiting[seq] = item.value
            else:
                self.tasks.put((seq, item))
                inflight += 1
            seq += 1
            while inflight >= self.limit:
                take()
            while next_out in waiting:
                yield waiting.pop(next_out)
                next_out += 1
        # No more tasks: a worker that runs out finishes its segment now, while the
        # others are still on their last tasks (the end markers queue after every task).
        self._close_tasks()
        while next_out < seq:
            while next_out not in waiting:
                take()
            yield waiting.pop(next_out)
            next_out += 1

    def _close_tasks(self) -> None:
        if not self.closed:
            self.closed = True
            for _ in self.procs:
                self.tasks.put(None)

    def _finished(self, segments: list[Any]) -> None:
        self.finished += 1
        self.segments.extend(segments)

    def finish(self) -> list[Any]:
        """Let the workers close their segments; return the segments that hold documents."""
        self._close_tasks()
        while self.finished < len(self.procs):
            _, kind, value = self._receive()
            if kind == "error":
                raise WorkerError(f"an analysis worker failed: {value}")
            if kind == "segments":
                self._finished(value)
        for p in self.procs:
            p.join()
        return self.segments

    def terminate(self) -> None:
        """Stop all workers and let go of the queues (the caller removes their files).

        Tasks still queued are abandoned: the queues' feeder threads are not joined, so a
        run that failed (a full disk, a dead worker) ends at once instead of waiting for
        workers that will never read them.
        """
        if self.terminated:
            return
        self.terminated = True
        for p in self.procs:
            if p.is_alive():
                p.terminate()
        deadline = time.monotonic() + 5.0
        for p in self.procs:
            p.join(timeout=max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(timeout=1.0)
        for q in (self.tasks, self.results):
            q.cancel_join_thread()
            q.close()


def inline_map(run_task: Callable[[Task], list[Event]], items: Iterable[Task | Ready]) -> Iterator[list[Event]]:
    """Run every task in this process, in order."""
    for item in items:
        yield item.value if isinstance(item, Ready) else run_task(item)
