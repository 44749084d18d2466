"""Indexing runs: archive paths (or ready ``Document``s) -> the index.

Data flows one way::

    walk -> unchanged? (manifest) -> readers + analysis (worker processes)
         -> one writer (IndexSession) -> commit with the manifest

The main process walks the archive, skips files whose signature is unchanged,
streams JSON Lines records itself (so a huge file never sits in memory) and
feeds the worker pool; it is also the single writer. Everything costly runs in
the workers.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from muragat.indexer.document import Document
from muragat.indexer.manifest import FileEntry, Manifest
from muragat.indexer.metadata import complete, storable
from muragat.indexer.ocr.stage import ocr_stage, pending_ocr_reason
from muragat.indexer.ocr.store import run_store
from muragat.indexer.parallel import Ready, SegmentWorkers, default_jobs, inline_map
from muragat.indexer.prepare import PreparedDocument, document_hash, warm_up
from muragat.indexer.progress import Progress
from muragat.indexer.readers import STREAMED, ReadError, reader_for
from muragat.indexer.report import IndexReport
from muragat.indexer.sources import (
    Source,
    SourceMap,
    apply_source,
    changed_folders,
    load_registry,
    merged_registry,
    save_registry,
)
from muragat.indexer.tasks import FileJob, FileOutcome, analyze_docs, make_context, read_files
from muragat.indexer.walk import ArchiveFile, walk
from muragat.indexer.writer import WRITER_LIMIT_MB, IndexSession

from muragat.settings import LIMITS

# Batching of work sent to a worker: about this much text, or this many files/documents.
BATCH_BYTES = 256 * 1024
BATCH_FILES = 64
BATCH_DOCS = 256


def _run_task(task: tuple[str, Any]) -> list[tuple[Any, ...]]:
    kind, payload = task
    if kind == "files":
        return read_files(payload)
    return analyze_docs(payload, complete_first=kind == "records")


def _open_session(index_dir: str | Path, report: IndexReport, rebuild: bool, lock_timeout: float,
                  solr: Any) -> Any:
    """The writing session: the embedded index in ``index_dir``, or a Solr collection
    (``solr``: an ``indexer.solr_session.SolrTarget``; ``index_dir`` keeps its manifest)."""
    if solr is None:
        return IndexSession(index_dir, report, rebuild=rebuild, lock_timeout=lock_timeout)
    from muragat.indexer.solr_session import SolrIndexSession

    return SolrIndexSession(index_dir, solr, report, rebuild=rebuild, lock_timeout=lock_timeout)


def _run(session: IndexSession, tasks: Iterable[Any], jobs: int, handle: Any) -> None:
    """Run ``tasks`` (inline or on segment-writing workers), feed events to ``handle``, commit."""
    if jobs <= 1:
        for events in inline_map(_run_task, tasks):
            handle(events)
        return
    warm_up()  # the forked workers inherit the loaded models
    # The models never become garbage: during the run, collections in this process (which
    # parses the streamed records) do not walk them. Workers freeze again what they inherit.
    # Unfrozen afterwards: a long-lived caller (the web app) keeps collecting as before.
    gc.freeze()
    try:
        workers = SegmentWorkers(_run_task, session.index_dir, jobs, WRITER_LIMIT_MB,
                                 indexed=session.started,
                                 sink=getattr(session, "worker_sink", None))
        try:
            for events in workers.map(tasks):
                handle(events)
            session.segments = workers.finish()
        finally:
            workers.terminate()
    finally:
        gc.unfreeze()


def index_documents(
    docs: Iterable[Document],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    jobs: int = 1,
    lock_timeout: float = 30.0,
    solr: Any = None,
) -> IndexReport:
    """Index ready ``Document``s (ids as given; unchanged ones are skipped by content hash).

    Documents not in ``docs`` are kept (use ``rebuild=True`` to index only these).
    Missing titles, dates and sources are completed as for archive files.
    """
    report = IndexReport()
    start = time.monotonic()
    with _open_session(index_dir, report, rebuild, lock_timeout, solr) as session:
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
                    yield Ready([("same", doc.file, doc.id, digest)])
                    continue
                batch.append((doc, digest))
                if len(batch) >= BATCH_DOCS:
                    yield ("docs", batch)
                    batch = []
            if batch:
                yield ("docs", batch)

        def handle(events: list[Any]) -> None:
            for event in events:
                kind = event[0]
                if kind == "same":
                    report.unchanged += 1
                    manifest.loose[event[2]] = event[3]
                elif kind == "fail":
                    report.fail(event[2], event[3])
                elif kind == "written":
                    session.written_elsewhere(event[2], event[4], event[5])
                    manifest.loose[event[2]] = event[3]
                else:
                    prepared: PreparedDocument = event[2]
                    session.write(prepared)
                    manifest.loose[prepared.id] = prepared.hash

        _run(session, tasks(), jobs, handle)
        session.commit(manifest, session.segments)
    report.elapsed = time.monotonic() - start
    return report


class _FileState:
    """Per-file bookkeeping while its documents are being written."""

    __slots__ = ("root", "sig", "docs", "partial")

    def __init__(self, root: str, sig: tuple[int, int] | None):
        self.root = root
        self.sig = sig
        self.docs: dict[str, str] = {}
        self.partial = False  # some records failed


def index_paths(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    *,
    rebuild: bool = False,
    jobs: int | None = None,
    progress: bool | Progress | None = None,
    lock_timeout: float = 30.0,
    max_file_bytes: int | None = None,
    solr: Any = None,
) -> IndexReport:
    """Index archive folders/files into ``index_dir`` (incremental unless ``rebuild``).

    ``jobs``: analysis worker processes (default: all cores). ``progress``: True
    for progress on stderr, or a ``Progress``. Raises ``FileNotFoundError`` for a
    path that does not exist and ``store.IndexLockedError`` when another writer
    holds the index beyond ``lock_timeout`` seconds. ``solr``: write a Solr collection
    instead (an ``indexer.solr_session.SolrTarget``; ``index_dir`` keeps the manifest).
    """
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
    jobs = jobs or default_jobs()
    max_bytes = max_file_bytes or LIMITS.max_file_bytes
    report = IndexReport()
    start = time.monotonic()
    index_dir = Path(index_dir)
    sources = SourceMap()
    files = list(walk(paths, report, exclude=index_dir, sources=sources))
    sources.load(report.fail)
    report.files = len(files)
    roots = {str(p.resolve()) for p in paths}

    with _open_session(index_dir, report, rebuild, lock_timeout, solr) as session, \
            run_store():
        old = session.manifest
        old_sources = load_registry(index_dir)
        resourced = changed_folders(old_sources, sources)  # their files are read again
        ocr_state: list[str | None] = []  # [pending reason or None], asked once when needed

        def still_pending() -> str | None:
            if not ocr_state:
                ocr_state.append(pending_ocr_reason())  # None when OCR is available
            return ocr_state[0]

        manifest = Manifest(files=dict(old.files), loose=dict(old.loose))
        seen: set[str] = set()
        todo: list[ArchiveFile] = []
        for f in files:
            if f.rel in seen:
                report.fail(str(f.path), f"same relative path as another archive file: {f.rel}")
                continue
            seen.add(f.rel)
            entry = old.files.get(f.rel)
            reread = entry is not None and (
                (entry.needs == "ocr" and still_pending() is None)
                or (bool(resourced) and _under(resourced, sources.root_key(f.root), f.folder)))
            if entry is not None and entry.sig == f.sig and not reread:
                if entry.needs == "ocr" and still_pending():
                    report.pending_ocr(f.rel, f"unchanged since the last run; {still_pending()}")
                report.unchanged += len(entry.docs)
                if entry.root is None:
                    entry.root = str(f.root.resolve())
            else:
                todo.append(f)
        report.ocr = ocr_stage(todo, jobs, bool(progress))  # scanned pages, on all the jobs
        bar = progress if isinstance(progress, Progress) else Progress(
            sum(f.size for f in todo), enabled=bool(progress)
        )
        states: dict[str, _FileState] = {}
        folder_encoding: dict[str, str] = {}
        encodings: Counter[tuple[str, str]] = Counter()

        def tasks() -> Iterator[Any]:
            batch: list[FileJob] = []
            batch_bytes = 0
            folder = None
            for f in todo:
                states[f.rel] = _FileState(str(f.root.resolve()), f.sig)
                old_docs = old.files[f.rel].docs if f.rel in old.files else {}
                if f.kind in STREAMED:
                    if batch:
                        yield ("files", (batch, max_bytes))
                        batch, batch_bytes = [], 0
                    yield from _stream_records(f, old_docs, max_bytes, folder_encoding.get(f.folder),
                                               sources.for_file(f.root, f.rel))
                    continue
                if batch and (f.folder != folder or len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES):
                    yield ("files", (batch, max_bytes))
                    batch, batch_bytes = [], 0
                folder = f.folder
                batch.append(FileJob(str(f.path), f.rel, f.kind, f.sig, old_docs,
                                     folder_encoding.get(f.folder), sources.for_file(f.root, f.rel)))
                batch_bytes += f.size
            if batch:
                yield ("files", (batch, max_bytes))

        def finish_file(rel: str, outcome: FileOutcome) -> None:
            state = states.pop(rel)
            old_entry = old.files.get(rel)
            old_docs = old_entry.docs if old_entry else {}
            report.bytes_read += outcome.nbytes
            for where, reason in outcome.failures:
                report.fail(where, reason)
            for note in outcome.notes:
                report.note(f"{rel}: {note}")
            needs = "ocr" if outcome.needs_ocr else None
            if outcome.needs_ocr:
                report.pending_ocr(rel, outcome.needs_ocr)
            if outcome.encoding and outcome.encoding not in ("utf-8", "utf-8-sig", "ascii"):
                folder = rel.rpartition("/")[0]
                encodings[(folder, outcome.encoding)] += 1
                if outcome.encoding_certain:
                    folder_encoding.setdefault(folder, outcome.encoding)
            if outcome.error is not None:
                report.fail(rel, outcome.error)
                # Keep what the index had from this file; read it again next time.
                if old_entry is not None or state.docs:
                    manifest.files[rel] = FileEntry(state.root, None, {**old_docs, **state.docs})
                return
            if outcome.partial or state.partial:
                # Some records failed: keep their previous versions, re-read next time.
                docs = {**old_docs, **state.docs}
                manifest.files[rel] = FileEntry(state.root, None, docs, needs)
                return
            for doc_id in old_docs:
                if doc_id not in state.docs:
                    session.delete(doc_id)
            manifest.files[rel] = FileEntry(state.root, state.sig, state.docs, needs)

        def handle(events: list[Any]) -> None:
            ndocs = 0
            nbytes = 0
            for event in events:
                kind = event[0]
                if kind == "written":
                    session.written_elsewhere(event[2], event[4], event[5])
                    states[event[1]].docs[event[2]] = event[3]
                    ndocs += 1
                elif kind == "doc":
                    prepared: PreparedDocument = event[2]
                    session.write(prepared)
                    states[event[1]].docs[prepared.id] = prepared.hash
                    ndocs += 1
                elif kind == "same":
                    states[event[1]].docs[event[2]] = event[3]
                    report.unchanged += 1
                    ndocs += 1
                elif kind == "file":
                    outcome: FileOutcome = event[2]
                    nbytes += outcome.nbytes
                    finish_file(event[1], outcome)
                elif kind == "fail":
                    report.fail(event[2], event[3])
                    if event[1] in states:
                        states[event[1]].partial = True
            bar.update(ndocs, nbytes)

        try:
            _run(session, tasks(), jobs if todo else 1, handle)
            # Files gone from the archive (under the roots indexed now).
            for rel, entry in list(manifest.files.items()):
                if rel not in seen and entry.root in roots:
                    for doc_id in entry.docs:
                        session.delete(doc_id)
                    del manifest.files[rel]
            session.commit(manifest, session.segments)
            registry = merged_registry(old_sources, sources, roots)
            if registry != old_sources:
                save_registry(index_dir, registry)
        finally:
            bar.finish()
    for (folder, encoding), n in sorted(encodings.items()):
        from muragat.indexer.encodings import NAMES

        where = folder + "/" if folder else "archive root"
        report.note(f"{n} file(s) in {where} decoded as {NAMES.get(encoding, encoding)}")
    report.elapsed = time.monotonic() - start
    return report


def _under(folders: set[tuple[str, str]], root: str, folder: str) -> bool:
    """True when ``folder`` (relative to ``root``) is one of ``folders`` or below one."""
    if not folders:
        return False
    while True:
        if (root, folder) in folders:
            return True
        if not folder:
            return False
        folder = folder.rpartition("/")[0]


def _stream_records(
    f: ArchiveFile, old_docs: dict[str, str], max_bytes: int, hint: str | None,
    source: Source | None = None,
) -> Iterator[Any]:
    """Read a JSON Lines file here (streamed) and emit analysis tasks and known events."""
    ctx = make_context(f.path, f.rel, max_bytes, hint)
    outcome = FileOutcome(f.sig)
    batch: list[tuple[Document, str]] = []
    batch_bytes = 0
    reported = 0
    try:
        reader = reader_for(f.kind)
        assert reader is not None
        for doc in reader(ctx):
            # Hashed as read (its metadata is completed from the same fields in the worker).
            doc.id = storable(doc.id or f.rel)
            if source is not None:
                doc.file = doc.file or f.rel
                apply_source(doc, source)
            digest = document_hash(doc)
            outcome.ndocs += 1
            if old_docs.get(doc.id) == digest:
                yield Ready([("same", f.rel, doc.id, digest)])
                continue
            batch.append((doc, digest))
            batch_bytes += len(doc.text)
            if len(batch) >= BATCH_DOCS or batch_bytes >= BATCH_BYTES:
                yield ("records", batch)
                batch, batch_bytes = [], 0
            # Record-level failures are reported as they come (the file may be huge).
            while reported < len(ctx.failures):
                where, reason = ctx.failures[reported]
                yield Ready([("fail", f.rel, where, reason)])
                reported += 1
    except ReadError as exc:
        outcome.error = str(exc)
    except Exception as exc:  # a corrupt stream: report, never crash
        outcome.error = f"{type(exc).__name__}: {exc}"
    if batch:
        yield ("records", batch)
    outcome.failures = ctx.failures[reported:]
    outcome.partial = bool(ctx.failures)
    outcome.needs_ocr = ctx.needs_ocr
    outcome.notes = ctx.notes
    outcome.encoding = ctx.encoding
    outcome.encoding_certain = ctx.encoding_certain
    outcome.nbytes = ctx.bytes_read
    yield Ready([("file", f.rel, outcome)])
