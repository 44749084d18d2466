"""One incremental run over archive files: what to read, the tasks, and what comes back.

``ArchiveRun`` holds a run's bookkeeping (``indexer.pipeline.index_paths`` drives it):

1. ``plan`` compares the walked files with the manifest of the last run and returns the
   files to read (new, changed, or to read again: OCR now installed, a source file changed);
2. ``tasks`` batches them into work for the readers and the analysis (JSON Lines files are
   streamed here, record by record);
3. ``handler`` consumes the events that come back (``indexer.events``), in order;
4. ``finish`` deletes the documents of files gone from the archive and commits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from muragat.indexer.document import Document
from muragat.indexer.events import (
    Analyzed,
    Event,
    FileDone,
    FileOutcome,
    RecordFailed,
    Unchanged,
    Written,
)
from muragat.indexer.manifest import FileEntry, Manifest
from muragat.indexer.metadata import storable
from muragat.indexer.ocr.stage import pending_ocr_reason
from muragat.indexer.parallel import Ready
from muragat.indexer.prepare import document_hash
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
from muragat.indexer.tasks import FileJob, make_context
from muragat.indexer.walk import ArchiveFile
from muragat.indexer.writer import IndexSession

# Batching of work sent to a worker: about this much text, or this many files/documents.
BATCH_BYTES = 256 * 1024
BATCH_FILES = 64
BATCH_DOCS = 256


class _FileState:
    """Per-file bookkeeping while its documents are being written."""

    __slots__ = ("rel", "root", "sig", "docs", "partial")

    def __init__(self, rel: str, root: str, sig: tuple[int, int] | None):
        self.rel = rel
        self.root = root
        self.sig = sig
        self.docs: dict[str, str] = {}
        self.partial = False  # some records failed

    def doc_id(self, doc_id: str) -> str:
        """``doc_id``, as the file's own path string when it is the path (most files hold one
        document named so): the manifest's key, its document and the run's set of written ids
        then share one string, not two (~80 MB of the indexer at a million files)."""
        return self.rel if doc_id == self.rel else doc_id


class ArchiveRun:
    """The bookkeeping of one run of ``index_paths`` inside an open ``IndexSession``."""

    def __init__(self, session: IndexSession, report: IndexReport, sources: SourceMap,
                 roots: set[str], max_bytes: int):
        self.session = session
        self.report = report
        self.sources = sources
        self.roots = roots  # the archive roots indexed now (resolved)
        self.max_bytes = max_bytes
        self.old = session.manifest
        self.manifest = Manifest(files=dict(self.old.files), loose=dict(self.old.loose))
        self.old_sources = load_registry(session.index_dir)
        self.seen: set[str] = set()
        self.states: dict[str, _FileState] = {}
        self.folder_encoding: dict[str, str] = {}
        self.encodings: Counter[tuple[str, str]] = Counter()
        self._ocr: list[str | None] = []  # [pending reason or None], asked once when needed
        self._roots: dict[Path, str] = {}  # archive root -> its resolved path, one string each

    def _root_key(self, root: Path) -> str:
        """The resolved path of an archive root (resolved once, shared by its entries)."""
        key = self._roots.get(root)
        if key is None:
            key = self._roots[root] = str(root.resolve())
        return key

    def _still_pending(self) -> str | None:
        """Why scanned pages still cannot be read (None: OCR is available)."""
        if not self._ocr:
            self._ocr.append(pending_ocr_reason())
        return self._ocr[0]

    # 1. What to read

    def plan(self, files: list[ArchiveFile]) -> list[ArchiveFile]:
        """The files to read; unchanged ones are counted and kept as they are."""
        resourced = changed_folders(self.old_sources, self.sources)  # their files are read again
        todo: list[ArchiveFile] = []
        for f in files:
            if f.rel in self.seen:
                self.report.fail(str(f.path), f"same relative path as another archive file: {f.rel}")
                continue
            self.seen.add(f.rel)
            entry = self.old.files.get(f.rel)
            reread = entry is not None and (
                (entry.needs == "ocr" and self._still_pending() is None)
                or (bool(resourced)
                    and _under(resourced, self.sources.root_key(f.root), f.folder)))
            if entry is not None and entry.sig == f.sig and not reread:
                if entry.needs == "ocr" and self._still_pending():
                    self.report.pending_ocr(
                        f.rel, f"unchanged since the last run; {self._still_pending()}")
                self.report.unchanged += entry.ndocs
                if entry.root is None:
                    entry.root = self._root_key(f.root)
            else:
                todo.append(f)
        return todo

    # 2. Tasks

    def tasks(self, todo: list[ArchiveFile]) -> Iterator[Any]:
        """Batches of files for the workers; JSON Lines files streamed record by record.

        Consumes ``todo``: a file is let go once its task is made (a million of them are
        ~0.4 GB of the run's memory)."""
        batch: list[FileJob] = []
        batch_bytes = 0
        folder = None
        max_bytes = self.max_bytes
        todo.reverse()
        while todo:
            f = todo.pop()
            self.states[f.rel] = _FileState(f.rel, self._root_key(f.root), f.sig)
            old_docs = dict(self.old.files[f.rel].docs) if f.rel in self.old.files else {}
            source = self.sources.for_file(f.root, f.rel)
            if f.kind in STREAMED:
                if batch:
                    yield ("files", (batch, max_bytes))
                    batch, batch_bytes = [], 0
                yield from _stream_records(f, old_docs, max_bytes,
                                           self.folder_encoding.get(f.folder), source)
                continue
            if batch and (f.folder != folder or len(batch) >= BATCH_FILES
                          or batch_bytes >= BATCH_BYTES):
                yield ("files", (batch, max_bytes))
                batch, batch_bytes = [], 0
            folder = f.folder
            batch.append(FileJob(f.fspath, f.rel, f.kind, f.sig, old_docs,
                                 self.folder_encoding.get(f.folder), source))
            batch_bytes += f.size
        if batch:
            yield ("files", (batch, max_bytes))

    # 3. Events

    def handler(self, bar: Progress) -> Callable[[list[Event]], None]:
        """The consumer of each task's events (progress shown on ``bar``)."""

        def handle(events: list[Event]) -> None:
            ndocs = 0
            nbytes = 0
            for event in events:
                match event:
                    case Written():
                        state = self.states[event.file]
                        doc_id = state.doc_id(event.id)
                        self.session.written_elsewhere(doc_id, event.lang, event.year)
                        state.docs[doc_id] = event.hash
                        ndocs += 1
                    case Analyzed():
                        self.session.write(event.doc)
                        state = self.states[event.file]
                        state.docs[state.doc_id(event.doc.id)] = event.doc.hash
                        ndocs += 1
                    case Unchanged():
                        state = self.states[event.file]
                        state.docs[state.doc_id(event.id)] = event.hash
                        self.report.unchanged += 1
                        ndocs += 1
                    case FileDone():
                        nbytes += event.outcome.nbytes
                        self._finish_file(event.file, event.outcome)
                    case RecordFailed():
                        self.report.fail(event.where, event.reason)
                        if event.file in self.states:
                            self.states[event.file].partial = True
            bar.update(ndocs, nbytes)

        return handle

    def _finish_file(self, rel: str, outcome: FileOutcome) -> None:
        report = self.report
        state = self.states.pop(rel)
        rel = state.rel  # the string the documents' ids share (``_FileState.doc_id``)
        old_entry = self.old.files.get(rel)
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
            self.encodings[(folder, outcome.encoding)] += 1
            if outcome.encoding_certain:
                self.folder_encoding.setdefault(folder, outcome.encoding)
        if outcome.error is not None:
            report.fail(rel, outcome.error)
            # Keep what the index had from this file; read it again next time.
            if old_entry is not None or state.docs:
                self.manifest.files[rel] = FileEntry(state.root, None, {**old_docs, **state.docs})
            return
        if outcome.partial or state.partial:
            # Some records failed: keep their previous versions, re-read next time.
            docs = {**old_docs, **state.docs}
            self.manifest.files[rel] = FileEntry(state.root, None, docs, needs)
            return
        for doc_id in old_docs:
            if doc_id not in state.docs:
                self.session.delete(doc_id)
        self.manifest.files[rel] = FileEntry(state.root, state.sig, state.docs, needs)

    # 4. The end

    def finish(self) -> None:
        """Delete the documents of files gone from the archive (under the roots indexed
        now), commit, and record the sources."""
        manifest = self.manifest
        for rel, entry in list(manifest.files.items()):
            if rel not in self.seen and entry.root in self.roots:
                for doc_id in entry.docs:
                    self.session.delete(doc_id)
                del manifest.files[rel]
        self.session.commit(manifest, self.session.segments)
        registry = merged_registry(self.old_sources, self.sources, self.roots)
        if registry != self.old_sources:
            save_registry(self.session.index_dir, registry)

    def note_encodings(self) -> None:
        """One note per folder read in a legacy encoding."""
        from muragat.indexer.encodings import NAMES

        for (folder, encoding), n in sorted(self.encodings.items()):
            where = folder + "/" if folder else "archive root"
            self.report.note(f"{n} file(s) in {where} decoded as {NAMES.get(encoding, encoding)}")


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
                yield Ready([Unchanged(f.rel, doc.id, digest)])
                continue
            batch.append((doc, digest))
            batch_bytes += len(doc.text)
            if len(batch) >= BATCH_DOCS or batch_bytes >= BATCH_BYTES:
                yield ("records", batch)
                batch, batch_bytes = [], 0
            # Record-level failures are reported as they come (the file may be huge).
            while reported < len(ctx.failures):
                where, reason = ctx.failures[reported]
                yield Ready([RecordFailed(f.rel, where, reason)])
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
    yield Ready([FileDone(f.rel, outcome)])
