"""The single index writer: a locked Whoosh writer plus the incremental manifest.

``IndexSession`` owns the writer lock for the whole run, adds/replaces/deletes
documents, and commits the index together with its manifest (see
``indexer.manifest`` for why the pair stays consistent after any interruption).
On ``--rebuild`` of an existing index, the old documents stay searchable until
the final commit swaps in the new ones (Whoosh ``CLEAR`` merge); nothing is
committed earlier, so an interrupted rebuild leaves the old index as it was.
"""

from __future__ import annotations

from pathlib import Path

from whoosh.writing import CLEAR

from indexer.manifest import (
    Manifest,
    load_manifest,
    prune_manifests,
    recover_manifest,
    save_manifest,
)
from indexer.prepare import PreparedDocument
from indexer.report import IndexReport
from store import (
    SCHEMA_VERSION,
    IndexLock,
    TermStream,
    create_index,
    index_exists,
    open_index,
    schema_matches,
)

# Whoosh writer tuning (measured in bench/index.py): the posting pool is spilled to
# sorted runs on disk beyond this many MB, so memory stays bounded on huge archives.
WRITER_LIMIT_MB = 256


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
        self.pending = 0  # documents written since the last commit
        self.dirty = False

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
        self.writer = self.ix.writer(limitmb=self.limitmb)

    # Writing

    def write(self, prepared: PreparedDocument) -> None:
        """Add ``prepared`` or replace the document with the same id."""
        fields = dict(prepared.stored)
        fields["id"] = prepared.id
        fields["file"] = prepared.file
        fields["hash"] = prepared.hash
        for name, terms in prepared.terms.items():
            fields[name] = TermStream.of(terms)
        replace = prepared.id in self.existing or prepared.id in self.written
        if replace:
            self.writer.update_document(**fields)
        else:
            self.writer.add_document(**fields)
        if prepared.id in self.existing:
            self.report.updated += 1
            self.existing.discard(prepared.id)
        elif prepared.id in self.written:
            self.report.note(f"duplicate id {prepared.id!r}: the last record wins")
        else:
            self.report.added += 1
        self.written.add(prepared.id)
        self.report.langs[prepared.lang] += 1
        self.report.count_year(prepared.year)
        self.pending += 1
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

    @property
    def can_checkpoint(self) -> bool:
        """Intermediate commits are allowed (not during the rebuild of an existing index)."""
        return not self.clear_on_commit

    def checkpoint(self, manifest: Manifest) -> None:
        """Commit what was written so far with ``manifest``, and go on writing."""
        if not self.dirty or not self.can_checkpoint:
            return
        save_manifest(self.index_dir, self.writer.generation, manifest)
        self.writer.commit(merge=False)
        self.writer = self.ix.writer(limitmb=self.limitmb)
        self.pending = 0
        self.dirty = False

    def commit(self, manifest: Manifest) -> None:
        """Final commit with ``manifest`` (nothing is written when nothing changed)."""
        if not self.dirty and not self.clear_on_commit:
            self.writer.cancel()
            gen = self.ix.latest_generation()
            save_manifest(self.index_dir, gen, manifest)  # refreshed file signatures only
            prune_manifests(self.index_dir, gen)
            self.report.committed = False
            return
        gen = self.writer.generation
        save_manifest(self.index_dir, gen, manifest)
        if self.clear_on_commit:
            self.writer.commit(mergetype=CLEAR)
        else:
            self.writer.commit()
        prune_manifests(self.index_dir, gen)
        self.report.committed = True
        self.dirty = False

    def abort(self) -> None:
        """Drop everything written since the last commit."""
        try:
            self.writer.cancel()
        except Exception:  # the writer may already be closed
            pass

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self.abort()
        self.lock.release()
