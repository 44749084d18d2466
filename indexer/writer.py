"""The single index writer: a locked Whoosh writer plus the incremental manifest.

``IndexSession`` owns the writer lock for the whole run, adds/replaces/deletes
documents, and commits the index together with its manifest (see
``indexer.manifest`` for why the pair stays consistent after any interruption).
On ``--rebuild`` of an existing index, the old documents stay searchable until
the final commit swaps in the new ones (Whoosh ``CLEAR`` merge); nothing is
committed earlier, so an interrupted rebuild leaves the old index as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from muragat.indexer.manifest import (
    Manifest,
    load_manifest,
    prune_manifests,
    recover_manifest,
    save_manifest,
)
from muragat.indexer.prepare import PreparedDocument
from muragat.indexer.report import IndexReport
from muragat.store import (
    SCHEMA_VERSION,
    IndexLock,
    TermStream,
    cancel_writer,
    commit_with_segments,
    create_index,
    index_exists,
    index_writer,
    open_index,
    schema_matches,
)
from muragat.store.schema import date_key

# Whoosh writer tuning (measured in bench/index.py): a writer's posting pool is spilled
# to sorted runs on disk beyond this many MB, so memory stays bounded on huge archives.
WRITER_LIMIT_MB = 128


def add_prepared(writer: Any, prepared: PreparedDocument, replace: bool,
                 indexed: str | None = None) -> None:
    """Add one analyzed document to a Whoosh writer (``replace``: delete its old version;
    ``indexed``: the indexing run's time, stored with the document)."""
    fields = dict(prepared.stored)
    fields["id"] = prepared.id
    fields["file"] = prepared.file
    fields["hash"] = prepared.hash
    if indexed:
        fields["indexed"] = indexed
    fields["datekey"] = date_key(fields.get("date"), fields.get("year")) or None
    for name, positions in prepared.terms.items():
        fields[name] = TermStream.grouped(positions)
    if replace:
        writer.update_document(**fields)
    else:
        writer.add_document(**fields)


class IndexSession:
    """One writing run over an index directory (use as a context manager)."""

    def __init__(
        self,
        index_dir: str | Path,
        report: IndexReport,
        *,
        rebuild: bool = False,
        lock_timeout: float = 30.0,
        limitmb: int = WRITER_LIMIT_MB,
    ):
        self.index_dir = Path(index_dir)
        self.report = report
        self.lock = IndexLock(self.index_dir, timeout=lock_timeout)
        self.rebuild = rebuild
        self.limitmb = limitmb
        self.clear_on_commit = False
        self.dirty = False
        self.segments: list[Any] = []  # finished segments of the worker processes
        # The run's time, stored with every document it writes (the Atom feed's <updated>).
        self.started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def __enter__(self) -> IndexSession:
        self.lock.acquire()
        try:
            self._open()
        except BaseException:
            self.lock.release()
            raise
        return self

    def _open(self) -> None:
        fresh = not index_exists(self.index_dir)
        if not fresh:
            self.ix = open_index(self.index_dir)
            if not schema_matches(self.ix):
                self.report.note("the index was built by an older Muragat: rebuilt from scratch")
                fresh = True
        if fresh:
            self.ix = create_index(self.index_dir)
            self.manifest = Manifest()
        elif self.rebuild:
            self.manifest = Manifest()
            self.clear_on_commit = True  # the old segments go at the final commit
        else:
            gen = self.ix.latest_generation()
            loaded = load_manifest(self.index_dir, gen)
            if loaded is None or loaded.schema_version != SCHEMA_VERSION:
                with self.ix.searcher() as s:
                    loaded = recover_manifest(s)
                if loaded.files or loaded.loose:
                    self.report.note("no manifest for this index generation: rebuilt it from the index")
            self.manifest = loaded
        self.existing: set[str] = self.manifest.all_ids() if not self.clear_on_commit else set()
        self.written: set[str] = set()
        # Our lock makes Muragat writers exclusive; the engine's own may still be held for a
        # moment by the workers of a process that was just killed (IndexLockedError past it).
        self.writer = index_writer(self.ix, self.limitmb, timeout=self.lock.timeout)

    # Writing

    def write(self, prepared: PreparedDocument) -> None:
        """Add ``prepared`` or replace the document with the same id."""
        replace = prepared.id in self.existing or prepared.id in self.written
        add_prepared(self.writer, prepared, replace, self.started)
        self._count(prepared.id, prepared.lang, prepared.year)

    def written_elsewhere(self, doc_id: str, lang: str, year: int | None) -> None:
        """Account for a document a worker wrote into its own segment (delete the old version)."""
        if doc_id in self.existing:
            self.writer.delete_by_term("id", doc_id)
        elif doc_id in self.written:
            # Both records went to worker segments: neither can be dropped before the commit.
            self.report.note(f"duplicate id {doc_id!r}: both records are indexed (give them distinct ids)")
            self.report.duplicates += 1
            self.report.langs[lang] += 1
            return
        self._count(doc_id, lang, year)

    def _count(self, doc_id: str, lang: str, year: int | None) -> None:
        if doc_id in self.existing:
            self.report.updated += 1
            self.existing.discard(doc_id)
        elif doc_id in self.written:
            self.report.note(f"duplicate id {doc_id!r}: the last record wins")
            self.report.duplicates += 1
        else:
            self.report.added += 1
        self.written.add(doc_id)
        self.report.langs[lang] += 1
        self.report.count_year(year)
        self.dirty = True

    def delete(self, doc_id: str) -> None:
        """Delete the document ``doc_id`` (if this run did not write it again)."""
        if doc_id in self.written:
            return
        self.writer.delete_by_term("id", doc_id)
        self.existing.discard(doc_id)
        self.report.deleted += 1
        self.dirty = True

    # Committing

    def commit(self, manifest: Manifest, segments: list[Any] | None = None) -> None:
        """Final commit with ``manifest`` and the workers' ``segments`` (nothing when nothing changed)."""
        if not self.dirty and not self.clear_on_commit and not segments:
            cancel_writer(self.writer)
            gen = self.ix.latest_generation()
            save_manifest(self.index_dir, gen, manifest)  # refreshed file signatures only
            prune_manifests(self.index_dir, gen)
            self.report.committed = False
            return
        gen = self.writer.generation
        save_manifest(self.index_dir, gen, manifest)
        commit_with_segments(self.writer, segments or [], clear=self.clear_on_commit)
        prune_manifests(self.index_dir, gen)
        self.report.committed = True
        self.dirty = False

    def abort(self) -> None:
        """Drop everything written since the last commit."""
        try:
            cancel_writer(self.writer)
        except Exception:  # the writer may already be closed
            pass

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self.abort()
        self.lock.release()
