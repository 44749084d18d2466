"""A run's writing session: the index lock, the committing ``store.IndexWriter``, the manifest.

``IndexSession`` owns the writer lock for the whole run, adds/replaces/deletes
documents, and commits the index together with its manifest (see
``indexer.manifest`` for why the pair stays consistent after any interruption).
On ``--rebuild`` of an existing index, the old documents stay searchable until
the final commit swaps in the new ones (``IndexWriter.commit(clear=True)``); nothing is
committed earlier, so an interrupted rebuild leaves the old index as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from muragat.indexer.manifest import (
    Manifest,
    load_manifest,
    manifest_path,
    prune_manifests,
    recover_manifest,
    save_manifest,
)
from muragat.indexer.prepare import PreparedDocument
from muragat.indexer.report import IndexReport
from muragat.store import (
    SCHEMA_VERSION,
    IndexLock,
    IndexWriter,
    create_index,
    index_exists,
    open_index,
    schema_matches,
)
from muragat.store.integrity import (
    Damage,
    FileSum,
    IndexDamagedError,
    check_segments,
    clean_leftovers,
    latest_generation,
    read_toc,
    record_checksums,
    remove_index_files,
    toc_name,
    verify,
)

# Writer tuning (measured with bench.index): a writer's posting pool is spilled
# to sorted runs on disk beyond this many MB, so memory stays bounded on huge archives.
WRITER_LIMIT_MB = 128


def stored_values(prepared: PreparedDocument, indexed: str | None = None) -> dict[str, Any]:
    """The stored values of one analyzed document (``indexed``: the indexing run's time)."""
    stored = dict(prepared.stored)
    stored["file"] = prepared.file
    stored["hash"] = prepared.hash
    if indexed:
        stored["indexed"] = indexed
    return stored


def add_prepared(writer: Any, prepared: PreparedDocument, replace: bool,
                 indexed: str | None = None) -> None:
    """Add one analyzed document through a ``store`` writer (``replace``: delete its old
    version first; only an ``IndexWriter`` replaces)."""
    stored = stored_values(prepared, indexed)
    if replace:
        writer.replace(prepared.id, stored, prepared.terms)
    else:
        writer.add(prepared.id, stored, prepared.terms)


def run_time() -> str:
    """A run's time as stored with the documents it writes (UTC, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class IndexSession:
    """One writing run over an index directory (use as a context manager).

    Entering takes the lock, removes what an interrupted run left, verifies the
    checksums of the current generation (``check``: full hashes) and opens the index.
    A damaged segment is left out of the next commit and the documents it held are
    indexed again (their files are read again: ``repair_files``); a damaged table of
    contents raises ``IndexDamagedError`` (``rebuild`` replaces such an index instead).
    Leaving on an exception cancels the writers, removes every file written since the
    last commit and releases the lock.
    """

    def __init__(
        self,
        index_dir: str | Path,
        report: IndexReport,
        *,
        rebuild: bool = False,
        lock_timeout: float = 30.0,
        limitmb: int = WRITER_LIMIT_MB,
        check: bool = False,
        started: str | None = None,
    ):
        self.index_dir = Path(index_dir)
        self.report = report
        self.lock = IndexLock(self.index_dir, timeout=lock_timeout)
        self.rebuild = rebuild
        self.check = check
        self.limitmb = limitmb
        self.clear_on_commit = False
        self.dirty = False
        self.segments: list[Any] = []  # finished segments of the worker processes
        self.sums: dict[str, FileSum] | None = None  # the current generation's checksums
        self.writer: Any = None
        # The run's time, stored with every document it writes (the Atom feed's <updated>).
        self.started = started or run_time()

    def __enter__(self) -> IndexSession:
        self.lock.acquire()
        try:
            self._clean()
            damaged = self._verify()
            self._open(damaged)
        except BaseException:
            self._fail()
            raise
        return self

    # Opening

    def _clean(self) -> None:
        """Remove the leftovers of an interrupted or failed run (we hold the lock)."""
        removed = clean_leftovers(self.index_dir)
        if self.index_dir.is_dir():
            prune_manifests(self.index_dir, latest_generation(self.index_dir))
        if removed:
            self.report.note(f"removed {len(removed)} file(s) an interrupted run had left")

    def _verify(self) -> list[Damage]:
        """Check the current generation against its checksums; the damage found."""
        if not index_exists(self.index_dir):
            return []
        verdict, self.sums = verify(self.index_dir, full=self.check)
        self.report.checked_files = verdict.files
        self.report.checked_bytes = verdict.hashed_bytes
        if not verdict.recorded:
            self.report.note(f"no checksums recorded for index generation {verdict.generation} "
                             "(an older Muragat, or a run stopped right after its commit): "
                             "recorded now")
        if self.check and verdict.recorded:
            self.report.note(f"checked {verdict.files} index files "
                             f"({verdict.hashed_bytes / 1e6:.1f} MB) against their checksums: "
                             + ("no damage" if verdict.ok else f"{len(verdict.damaged)} damaged"))
        damaged = list(verdict.damaged)
        toc = None
        try:
            toc = read_toc(self.index_dir)
        except IndexDamagedError as exc:
            if not any(d.is_toc for d in damaged):
                damaged.append(Damage(toc_name(verdict.generation), exc.reason))
        if toc is not None:  # a segment that cannot even be opened is damaged too
            known = {d.segment for d in damaged}
            damaged += [d for d in check_segments(self.index_dir, toc) if d.segment not in known]
        return damaged

    def _open(self, damaged: list[Damage]) -> None:
        fresh = not index_exists(self.index_dir)
        toc_damaged = [d for d in damaged if d.is_toc]
        if toc_damaged and not fresh:
            where = "; ".join(f"{self.index_dir / d.name}: {d.reason}" for d in toc_damaged)
            if not self.rebuild:
                raise IndexDamagedError(
                    f"the index is damaged ({where}); `muragat index --rebuild` recovers it",
                    str(self.index_dir / toc_damaged[0].name))
            remove_index_files(self.index_dir)
            prune_manifests(self.index_dir, -1)
            self.report.note(f"the old index was damaged ({where}): rebuilt from scratch")
            fresh, damaged = True, []
        loaded = None
        rebuild = self.rebuild
        if not fresh:
            gen = latest_generation(self.index_dir)
            manifest_name = manifest_path(self.index_dir, gen).name
            if not any(d.name == manifest_name for d in damaged):
                loaded = load_manifest(self.index_dir, gen)
            older = loaded is not None and loaded.schema_version != SCHEMA_VERSION
            if older or not schema_matches(self.index_dir):
                self.report.note("the index was built by an older Muragat: rebuilt from scratch")
                # Like --rebuild: the old index stays as it is, and searchable, until the
                # new one commits (a run killed on the way leaves it, not an empty index).
                rebuild = True
        if fresh:
            self.ix = create_index(self.index_dir)
            self.manifest = Manifest()
        else:
            self.ix = open_index(self.index_dir)  # with the current schema, whatever its TOC's
            if rebuild:
                self.manifest = Manifest()
                self.clear_on_commit = True  # the old segments go at the final commit
        # Our lock makes Muragat writers exclusive; the engine's own may still be held for a
        # moment by the workers of a process that was just killed (IndexLockedError past it).
        self.writer: IndexWriter = IndexWriter(self.ix, self.limitmb, timeout=self.lock.timeout)
        broken = {d.segment for d in damaged if d.segment is not None}
        live = None
        if broken and not fresh:
            if rebuild:  # the rebuild replaces every segment: none is read
                self.writer.drop_segments(broken, read_ids=False)
                self.report.note("damaged index segment(s) replaced by the rebuild: "
                                 + "; ".join(f"{d.name}: {d.reason}" for d in damaged if d.segment))
            else:
                live = self.writer.drop_segments(broken)
        if not fresh and not rebuild:
            if loaded is None:
                loaded = recover_manifest(self.writer.stored_documents())
                if loaded.files or loaded.loose:
                    self.report.note("no usable manifest for this index generation: "
                                     "rebuilt it from the index")
            self.manifest = loaded
        if live is not None:
            self._repair(damaged, live)
        self.existing: set[str] = self.manifest.all_ids() if not self.clear_on_commit else set()
        self.written: set[str] = set()

    def _repair(self, damaged: list[Damage], live: set[str]) -> None:
        """Forget what the dropped segments held: their documents' files are read again."""
        lost = self.manifest.all_ids() - live if not self.clear_on_commit else set()
        files = 0
        for entry in self.manifest.files.values():
            if lost.isdisjoint(entry.docs):
                continue
            entry.docs = {k: v for k, v in entry.docs.items() if k not in lost}
            entry.sig = None  # read the file again
            files += 1
        loose = [k for k in self.manifest.loose if k in lost]
        for k in loose:
            del self.manifest.loose[k]
        names = ", ".join(sorted(d.name for d in damaged if d.segment is not None))
        reasons = "; ".join(sorted({d.reason for d in damaged if d.segment is not None}))
        self.report.note(f"damaged index segment ({names}: {reasons}) removed; its "
                         f"{len(lost)} document(s) are indexed again from {files} file(s)")
        if loose:
            self.report.note(f"{len(loose)} document(s) added without a file were in the damaged "
                             "segment: index them again")
        self.report.repaired = len(lost)
        self.dirty = True

    # Writing

    def write(self, prepared: PreparedDocument) -> None:
        """Add ``prepared`` or replace the document with the same id."""
        replace = prepared.id in self.existing or prepared.id in self.written
        add_prepared(self.writer, prepared, replace, self.started)
        self._count(prepared.id, prepared.lang, prepared.year)

    def written_elsewhere(self, doc_id: str, lang: str, year: int | None) -> None:
        """Account for a document a worker wrote into its own segment (delete the old version)."""
        if doc_id in self.existing:
            self.writer.delete(doc_id)
        elif doc_id in self.written:
            # Both records went to worker segments: neither can be dropped before the commit.
            self.report.note(f"duplicate id {doc_id!r}: both records are indexed (give them distinct ids)")
            self.report.duplicates += 1
            self.report.langs[lang] += 1
            return
        self._count(doc_id, lang, year)

    def _count(self, doc_id: str, lang: str, year: int | None) -> None:
        self.report.count_written(doc_id, lang, year, self.existing, self.written)
        self.dirty = True

    def delete(self, doc_id: str) -> None:
        """Delete the document ``doc_id`` (if this run did not write it again)."""
        if doc_id in self.written:
            return
        self.writer.delete(doc_id)
        self.existing.discard(doc_id)
        self.report.deleted += 1
        self.dirty = True

    # Committing

    def commit(self, manifest: Manifest, segments: list[Any] | None = None) -> None:
        """Final commit with ``manifest`` and the workers' ``segments`` (nothing when nothing
        changed), then the checksums of the new generation."""
        if not self.dirty and not self.clear_on_commit and not segments:
            self.writer.cancel()
            gen = latest_generation(self.index_dir)
            save_manifest(self.index_dir, gen, manifest)  # refreshed file signatures only
            prune_manifests(self.index_dir, gen)
            self.report.committed = False
        else:
            gen = self.writer.generation
            save_manifest(self.index_dir, gen, manifest)
            self.writer.commit(segments or [], clear=self.clear_on_commit)
            prune_manifests(self.index_dir, gen)
            self.report.committed = True
            self.dirty = False
        self._record(gen)

    def _record(self, gen: int) -> None:
        """Record the checksums of generation ``gen`` (new files hashed, others kept)."""
        try:
            record_checksums(self.index_dir, gen, [manifest_path(self.index_dir, gen).name],
                             previous=self.sums)
        except OSError as exc:  # the commit stands; the next run records them
            clean_leftovers(self.index_dir)
            self.report.note(f"could not record the index checksums ({exc.strerror or exc}); "
                             "the next run records them")

    def abort(self) -> None:
        """Drop everything written since the last commit."""
        if self.writer is None:
            return
        try:
            self.writer.cancel()
        except Exception:  # the writer may already be closed
            pass

    def _fail(self) -> None:
        """After an error: cancel, remove every file of this run, release the lock."""
        try:
            self.abort()
            clean_leftovers(self.index_dir)
            if self.index_dir.is_dir():
                prune_manifests(self.index_dir, latest_generation(self.index_dir))
        except OSError:
            pass  # cleaning must never hide the error being raised
        finally:
            self.lock.release()

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None:
            self._fail()
        else:
            self.lock.release()
