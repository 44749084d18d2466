"""Indexing runs: archive paths (or ready ``Document``s) -> the index.

Data flows one way::

    walk -> unchanged? (manifest) -> readers + analysis (worker processes,
         each writing its own segment) -> commit (IndexSession) with the manifest

The main process walks the archive, skips files whose signature is unchanged
(``indexer.archive_run``), streams JSON Lines records itself (so a huge file never sits
in memory) and feeds the worker pool. It holds the index lock, deletes old versions and
commits the workers' segments, its own changes and the manifest as one generation.
Everything costly runs in the workers.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from muragat.indexer.archive_run import BATCH_DOCS, ArchiveRun
from muragat.indexer.document import Document
from muragat.indexer.events import Analyzed, Event, RecordFailed, Unchanged, Written
from muragat.indexer.metadata import complete
from muragat.indexer.ocr.stage import ocr_stage
from muragat.indexer.ocr.store import run_store
from muragat.indexer.parallel import Ready, SegmentWorkers, default_jobs, inline_map
from muragat.indexer.prepare import document_hash, warm_up
from muragat.indexer.progress import Progress
from muragat.indexer.report import IndexReport
from muragat.indexer.sources import SourceMap
from muragat.indexer.tasks import analyze_docs, read_files
from muragat.indexer.vectors import turn_on, update_vectors
from muragat.indexer.walk import walk
from muragat.indexer.writer import WRITER_LIMIT_MB, IndexSession, run_time

from muragat.settings import LIMITS


def _run_task(task: tuple[str, Any]) -> list[Event]:
    kind, payload = task
    if kind == "files":
        return read_files(payload)
    return analyze_docs(payload, complete_first=kind == "records")


def _open_session(index_dir: str | Path, report: IndexReport, rebuild: bool, lock_timeout: float,
                  check: bool, solr: Any, started: str | None = None) -> Any:
    """The writing session: the embedded index in ``index_dir``, or a Solr collection
    (``solr``: an ``indexer.solr_session.SolrTarget``; ``index_dir`` keeps its manifest and
    source names; ``check`` is the embedded index's checksums: Solr keeps its own)."""
    if solr is None:
        return IndexSession(index_dir, report, rebuild=rebuild, lock_timeout=lock_timeout,
                            check=check, started=started)
    from muragat.indexer.solr_session import SolrIndexSession

    return SolrIndexSession(index_dir, solr, report, rebuild=rebuild, lock_timeout=lock_timeout)


def _start_workers(index_dir: str | Path, jobs: int, started: str,
                   sink: Any = None) -> SegmentWorkers:
    """A pool of ``jobs`` segment-writing workers, forked now.

    Forked processes share their parent's pages until either side writes them: a pool forked
    before the archive walk inherits the loaded models and little else. Forked after it, each
    worker would keep a private copy of every page the indexer changes afterwards (the list of
    a million archive files, the manifest as it grows): ~0.3 GB more at 1M documents.
    """
    warm_up()  # the forked workers inherit the loaded models
    # The models never become garbage: during the run, collections in this process (which
    # parses the streamed records) do not walk them. Workers freeze again what they inherit.
    # Unfrozen by ``_run`` (or ``_stop``): a long-lived caller (the web app) keeps collecting.
    gc.freeze()
    try:
        return SegmentWorkers(_run_task, index_dir, jobs, WRITER_LIMIT_MB, indexed=started,
                              sink=sink)
    except BaseException:
        gc.unfreeze()
        raise


def _stop(workers: SegmentWorkers | None) -> None:
    """End a pool that will get no (more) tasks (once: later calls do nothing)."""
    if workers is not None and not workers.terminated:
        try:
            workers.terminate()
        finally:
            gc.unfreeze()


def _run(session: IndexSession, tasks: Iterable[Any], jobs: int, handle: Any,
         workers: SegmentWorkers | None = None) -> None:
    """Run ``tasks`` (inline or on segment-writing workers), feed events to ``handle``, commit.

    ``workers``: a pool started earlier (``_start_workers``), ended here in any case."""
    if jobs <= 1:
        _stop(workers)
        for events in inline_map(_run_task, tasks):
            handle(events)
        return
    if workers is None:
        workers = _start_workers(session.index_dir, jobs, session.started,
                                 getattr(session, "worker_sink", None))
    try:
        for events in workers.map(tasks):
            handle(events)
        session.segments = workers.finish()
    finally:
        _stop(workers)


def _semantic_layer(index_dir: str | Path, report: IndexReport, progress: bool,
                    vector_cache: str | Path | None = None) -> None:
    """Bring the semantic layer up to date when the index has it (after the lexical commit).
    Without the model the lexical index stays as committed and the run reports a failure."""
    from muragat.analysis.embeddings import EmbeddingsUnavailable

    try:
        stats = update_vectors(index_dir, progress=progress, shared_cache=vector_cache)
    except EmbeddingsUnavailable as exc:
        report.fail("semantic layer", f"not updated: {exc}")
        return
    if stats:
        report.vectors = stats


def index_documents(
    docs: Iterable[Document],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    jobs: int = 1,
    lock_timeout: float = 30.0,
    check: bool = False,
    embeddings: bool = False,
    progress: bool = False,
    vector_cache: str | Path | None = None,
    solr: Any = None,
) -> IndexReport:
    """Index ready ``Document``s (ids as given; unchanged ones are skipped by content hash).

    Documents not in ``docs`` are kept (use ``rebuild=True`` to index only these).
    Missing titles, dates and sources are completed as for archive files. ``embeddings``
    turns the semantic layer on (``EmbeddingsUnavailable`` without its package, before
    anything is written); an index that has it keeps it current in every run.
    ``vector_cache``: a folder of vectors shared with other indexes (the evaluation's).
    """
    report = IndexReport()
    start = time.monotonic()
    if embeddings and solr is not None:
        raise ValueError("the semantic layer (--embeddings) needs the embedded index, not Solr")
    with _open_session(index_dir, report, rebuild, lock_timeout, check, solr) as session:
        if embeddings:
            turn_on(index_dir)
        manifest = session.manifest
        old_hashes = dict(manifest.loose)
        for entry in manifest.files.values():
            old_hashes.update(entry.docs)

        def tasks() -> Iterator[Any]:
            batch: list[tuple[Document, str]] = []
            for doc in docs:
                if not doc.id:
                    raise ValueError("a Document needs an id")
                complete(doc, doc.file, source_from_folder=bool(doc.file))
                digest = document_hash(doc)
                report.bytes_read += len(doc.text.encode("utf-8", "replace"))
                if old_hashes.get(doc.id) == digest:
                    yield Ready([Unchanged(doc.file, doc.id, digest)])
                    continue
                batch.append((doc, digest))
                if len(batch) >= BATCH_DOCS:
                    yield ("docs", batch)
                    batch = []
            if batch:
                yield ("docs", batch)

        def handle(events: list[Event]) -> None:
            for event in events:
                match event:
                    case Unchanged():
                        report.unchanged += 1
                        manifest.loose[event.id] = event.hash
                    case RecordFailed():
                        report.fail(event.where, event.reason)
                    case Written():
                        session.written_elsewhere(event.id, event.lang, event.year)
                        manifest.loose[event.id] = event.hash
                    case Analyzed():
                        session.write(event.doc)
                        manifest.loose[event.doc.id] = event.doc.hash

        _run(session, tasks(), jobs, handle)
        session.commit(manifest, session.segments)
        _semantic_layer(index_dir, report, progress, vector_cache)
    report.elapsed = time.monotonic() - start
    return report


def index_paths(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: bool | Progress | None = None,
    lock_timeout: float = 30.0,
    max_file_bytes: int | None = None,
    check: bool = False,
    embeddings: bool = False,
    solr: Any = None,
) -> IndexReport:
    """Index archive folders/files into ``index_dir`` (incremental unless ``rebuild``).

    ``jobs``: analysis worker processes (default: all cores). ``progress``: True
    for progress on stderr, or a ``Progress``. Raises ``FileNotFoundError`` for a
    path that does not exist and ``store.IndexLockedError`` when another writer
    holds the index beyond ``lock_timeout`` seconds. ``check``: verify every index file
    against its checksum (by default only files whose size or time changed are hashed);
    ``store.IndexDamagedError`` when the index cannot be repaired (``rebuild`` recovers).
    ``embeddings`` turns the semantic layer on (``analysis.embeddings.EmbeddingsUnavailable``
    without its package, before anything is written); an index that has it keeps it current
    in every run.
    ``solr``: write a Solr collection instead (an ``indexer.solr_session.SolrTarget``;
    ``index_dir`` keeps the manifest).
    """
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
    jobs = jobs or default_jobs()
    report = IndexReport()
    start = time.monotonic()
    index_dir = Path(index_dir)
    started = run_time()
    # The embedded index's pool is forked before the walk (see ``_start_workers``); Solr's
    # workers need the session's sink and start with the session.
    workers = _start_workers(index_dir, jobs, started) if jobs > 1 and solr is None else None
    try:
        return _index_files(paths, index_dir, report, start, started, workers, rebuild=rebuild,
                            jobs=jobs, progress=progress, lock_timeout=lock_timeout,
                            max_file_bytes=max_file_bytes, check=check, embeddings=embeddings,
                            solr=solr)
    finally:
        _stop(workers)  # a run that failed before its tasks (ended by ``_run`` otherwise)


def _index_files(paths: list[Path], index_dir: Path, report: IndexReport, start: float,
                 started: str, workers: SegmentWorkers | None, *, rebuild: bool, jobs: int,
                 progress: bool | Progress | None, lock_timeout: float,
                 max_file_bytes: int | None, check: bool, embeddings: bool,
                 solr: Any) -> IndexReport:
    """``index_paths`` after the checks of its arguments (``workers``: the embedded index's
    pool, already forked)."""
    sources = SourceMap()
    files = list(walk(paths, report, exclude=index_dir, sources=sources))
    sources.load(report.fail)
    report.files = len(files)
    roots = {str(p.resolve()) for p in paths}

    if embeddings and solr is not None:
        raise ValueError("the semantic layer (--embeddings) needs the embedded index, not Solr")
    with _open_session(index_dir, report, rebuild, lock_timeout, check, solr,
                       started) as session, run_store():
        if embeddings:
            turn_on(index_dir)
        run = ArchiveRun(session, report, sources, roots,
                         max_file_bytes or LIMITS.max_file_bytes)
        todo = run.plan(files)
        del files  # the unchanged ones are counted; ``run.tasks`` lets the others go
        report.ocr = ocr_stage(todo, jobs, bool(progress))  # scanned pages, on all the jobs
        bar = progress if isinstance(progress, Progress) else Progress(
            sum(f.size for f in todo), enabled=bool(progress)
        )
        try:
            _run(session, run.tasks(todo), jobs if todo else 1, run.handler(bar), workers)
            run.finish()
        finally:
            bar.finish()
        _semantic_layer(index_dir, report, bool(progress))
    run.note_encodings()
    report.elapsed = time.monotonic() - start
    return report
