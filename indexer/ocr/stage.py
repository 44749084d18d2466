"""The OCR stage of an indexing run: read every scanned page not yet in the cache.

It runs before the readers, in the main process: it finds the scanned pages of the files to
read (image files; PDF pages without a text layer), skips those the cache already holds, and
reads the rest with ``jobs`` processes, each running one single-threaded Tesseract at a time.
The pages of one large scan are thus spread over all the jobs (a reader in a worker would
read them one after another). Progress counts pages. An interrupted stage keeps the pages it
finished (the next run resumes there). The readers then find every page in the cache.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TextIO

from muragat.indexer.ocr import RUN_FAILURES, ocr_page
from muragat.indexer.ocr.pages import IMAGE_KINDS, PageError, image_page_count, scanned_pdf_pages
from muragat.indexer.ocr.store import OcrStore, file_digest
from muragat.indexer.ocr.tesseract import Engine, OcrError

OCR_KINDS = IMAGE_KINDS | {".pdf"}


@dataclass
class OcrStats:
    """What the OCR stage did: pages found, read from the cache, read by Tesseract."""

    files: int = 0  # files with scanned pages
    pages: int = 0  # scanned pages
    cached: int = 0  # of which the cache held the text
    read: int = 0  # of which Tesseract read now
    failed: int = 0
    seconds: float = 0.0
    engine: str = ""

    @property
    def hit_rate(self) -> float:
        """Share of the scanned pages answered by the cache."""
        return self.cached / self.pages if self.pages else 1.0

    @property
    def pages_per_s(self) -> float:
        """Pages read by Tesseract per second of the stage."""
        return self.read / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Task:
    path: str
    kind: str
    key: str
    page: int
    errors: list[str] = field(default_factory=list)


def plan(files: Iterable[tuple[Path, str]], engine: Engine, store: OcrStore,
         stats: OcrStats) -> list[_Task]:
    """The pages of ``files`` ((path, kind) pairs) that Tesseract still has to read."""
    tasks: list[_Task] = []
    for path, kind in files:
        if kind not in OCR_KINDS:
            continue
        try:
            if kind == ".pdf":
                _, pages = scanned_pdf_pages(path)
            else:
                pages = list(range(image_page_count(path)))
            if not pages:
                continue
            key = store.key(file_digest(path), engine.signature)
        except (PageError, OSError):
            continue  # the reader reports the file
        stats.files += 1
        for page in pages:
            stats.pages += 1
            if store.get(key, page) is not None:
                stats.cached += 1
            else:
                tasks.append(_Task(str(path), kind, key, page))
    return tasks


def _read(engine: Engine, store: OcrStore, task: _Task) -> tuple[str, int, str | None]:
    try:
        text = ocr_page(engine, task.kind, Path(task.path), task.page)
    except (OcrError, PageError, OSError) as exc:
        return task.key, task.page, str(exc)
    store.put(task.key, task.page, text)
    return task.key, task.page, None


class PageProgress:
    """``OCR: 12/340 pages, 0.6 pages/s, ETA 9:06`` on stderr (live on a terminal)."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None):
        self.total, self.enabled, self.done = total, enabled, 0
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = self.last = time.monotonic()

    def line(self) -> str:
        """The current progress text."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else None
        eta_text = f"{int(eta) // 60}:{int(eta) % 60:02d}" if eta is not None else "?"
        return f"OCR: {self.done}/{self.total} pages, {rate:.2f} pages/s, ETA {eta_text}"

    def update(self, n: int = 1) -> None:
        """Count ``n`` more pages; redraw when due."""
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last >= (0.5 if self.tty else 10.0) or self.done == self.total):
            self.last = now
            self.stream.write(("\r" + self.line() + "\x1b[K") if self.tty else self.line() + "\n")
            self.stream.flush()

    def finish(self) -> None:
        """End a terminal line."""
        if self.enabled and self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()


def run_stage(files: Iterable[tuple[Path, str]], engine: Engine, store: OcrStore, jobs: int,
              progress: bool = False) -> OcrStats:
    """Read the scanned pages of ``files`` that the cache lacks, on ``jobs`` processes."""
    start = time.monotonic()
    stats = OcrStats(engine=engine.signature)
    RUN_FAILURES.clear()
    tasks = plan(files, engine, store, stats)
    bar = PageProgress(len(tasks), progress)
    try:
        if jobs <= 1 or len(tasks) <= 1:
            for task in tasks:
                _done(stats, bar, *_read(engine, store, task))
        else:
            ctx = get_context("fork") if hasattr(os, "fork") else get_context("spawn")
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx) as pool:
                pending = set()
                queue = iter(tasks)
                for task in queue:  # at most 2 pages per process in flight
                    pending.add(pool.submit(_read, engine, store, task))
                    if len(pending) >= 2 * jobs:
                        break
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        _done(stats, bar, *fut.result())
                        nxt = next(queue, None)
                        if nxt is not None:
                            pending.add(pool.submit(_read, engine, store, nxt))
    finally:
        bar.finish()
        stats.seconds = time.monotonic() - start
    return stats


def _done(stats: OcrStats, bar: PageProgress, key: str, page: int, error: str | None) -> None:
    if error is None:
        stats.read += 1
    else:
        stats.failed += 1
        RUN_FAILURES[(key, page)] = error
    bar.update()


def pending_ocr_reason() -> str | None:
    """None when Tesseract can read scans now; else the "needs OCR: install ..." message."""
    from muragat.indexer.ocr.tesseract import find_engine, needs_ocr_reason

    return None if find_engine() is not None else needs_ocr_reason()


def ocr_stage(files: Iterable, jobs: int, progress: bool) -> dict | None:
    """Run the OCR stage over the archive files to read (``walk.ArchiveFile``s); its figures
    for the report, or None when there is nothing to read or no Tesseract."""
    from dataclasses import asdict

    from muragat.indexer.ocr.store import default_store
    from muragat.indexer.ocr.tesseract import find_engine

    candidates = [(f.path, f.kind) for f in files if f.kind in OCR_KINDS]
    if not candidates:
        return None
    engine = find_engine()
    if engine is None:
        return None
    stats = run_stage(candidates, engine, default_store(), jobs, progress)
    return asdict(stats) if stats.pages else None
