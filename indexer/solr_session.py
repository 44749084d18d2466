"""Indexing into a SolrCloud collection (``muragat index --backend solr``; docs/SCALE.md).

``SolrIndexSession`` has the interface of ``writer.IndexSession``: the pipeline reads,
analyses and accounts for documents exactly as for the embedded index. The analysis worker
processes send their documents to Solr themselves (``SolrSink``, in batches); the main process
deletes the documents of changed and removed files and commits.

The incremental manifest lives in a local state folder (``--index DIR``, default
``./muragat-index``) as ``solr-manifest-<collection>.json``, written after the final commit.
After an interrupted run the manifest is the previous one: the next run reads the files it
had not recorded again and sends their documents again, which replace the ones already there
(Solr's unique key): the collection converges, and a document is never half-written. Without
a manifest (another machine, a lost folder) it is rebuilt from the stored ``id``, ``file`` and
``hash`` of the collection. ``--rebuild`` deletes, after its final commit, every document an
earlier run wrote (``indexed`` is the run's time): the old documents stay searchable until then.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from muragat.indexer.manifest import Manifest, recover_manifest
from muragat.indexer.prepare import PreparedDocument
from muragat.indexer.report import IndexReport
from muragat.store import SCHEMA_VERSION, IndexLock
from muragat.store.solr.admin import ensure_collection
from muragat.store.solr.client import SolrClient
from muragat.store.solr.location import SolrLocation
from muragat.store.solr.writer import COMMIT_DOCS, SolrWriter


@dataclass(frozen=True)
class SolrTarget:
    """Where ``muragat index --backend solr`` writes: a collection (created with ``shards`` x
    ``replicas`` when missing)."""

    location: SolrLocation
    shards: int = 1
    replicas: int = 1


def prepared_fields(prepared: PreparedDocument, indexed: str | None) -> dict[str, Any]:
    """The stored values of one analysed document (as ``writer.add_prepared`` stores them)."""
    fields = dict(prepared.stored)
    fields["id"] = prepared.id
    fields["file"] = prepared.file
    fields["hash"] = prepared.hash
    if indexed:
        fields["indexed"] = indexed
    return fields


class SolrSink:
    """What a worker process writes with: its own batched writer (no commits: the main
    process commits). Picklable: built in the worker."""

    def __init__(self, location: SolrLocation):
        self.location = location
        self.writer: SolrWriter | None = None

    def add(self, prepared: PreparedDocument, indexed: str | None) -> None:
        if self.writer is None:
            self.writer = SolrWriter(SolrClient(self.location.urls), self.location.collection,
                                     commit_docs=1 << 62)
        self.writer.add(prepared_fields(prepared, indexed), prepared.terms)

    def close(self) -> None:
        """Send what is pending."""
        if self.writer is not None:
            self.writer.flush()


def manifest_file(state_dir: Path, collection: str) -> Path:
    return state_dir / f"solr-manifest-{collection}.json"


class _StoredFields:
    """The collection's stored ``id``/``file``/``hash`` for ``recover_manifest``."""

    def __init__(self, client: SolrClient, collection: str):
        self.client = client
        self.collection = collection

    def all_stored_fields(self) -> Iterator[dict[str, Any]]:
        cursor = "*"
        while True:
            data = self.client.request(f"/{self.collection}/select", {
                "q": "*:*", "fl": "id,file,hash", "rows": 5000, "sort": "id asc",
                "cursorMark": cursor})
            yield from data["response"]["docs"]
            nxt = data.get("nextCursorMark", cursor)
            if nxt == cursor:
                return
            cursor = nxt


class SolrIndexSession:
    """One writing run into a Solr collection (a context manager, like ``IndexSession``)."""

    def __init__(self, state_dir: str | Path, target: SolrTarget, report: IndexReport, *,
                 rebuild: bool = False, lock_timeout: float = 30.0):
        self.index_dir = Path(state_dir)
        self.target = target
        self.collection = target.location.collection
        self.report = report
        self.rebuild = rebuild
        self.lock = IndexLock(self.index_dir, timeout=lock_timeout)
        self.dirty = False
        self.segments: list[Any] = []
        self.started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.worker_sink = SolrSink(target.location)
        self._since_commit = 0

    def __enter__(self) -> SolrIndexSession:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            self.client = SolrClient(self.target.location.urls)
            ensure_collection(self.client, self.collection, self.target.shards,
                              self.target.replicas)
            self.writer = SolrWriter(self.client, self.collection, commit_docs=COMMIT_DOCS)
            self.manifest = Manifest() if self.rebuild else self._load_manifest()
        except BaseException:
            self.lock.release()
            raise
        self.existing: set[str] = self.manifest.all_ids()
        self.written: set[str] = set()
        return self

    def _load_manifest(self) -> Manifest:
        try:
            data = json.loads(manifest_file(self.index_dir, self.collection).read_text("utf-8"))
            manifest = Manifest.from_json(data)
            if manifest.schema_version == SCHEMA_VERSION:
                return manifest
        except (OSError, ValueError, KeyError, TypeError):
            pass
        manifest = recover_manifest(_StoredFields(self.client, self.collection).all_stored_fields())
        if manifest.files or manifest.loose:
            self.report.note("no manifest for this collection here: rebuilt it from the collection")
        return manifest

    # Writing (the interface of IndexSession)

    def write(self, prepared: PreparedDocument) -> None:
        """Add ``prepared`` (replacing the document with the same id)."""
        self.writer.add(prepared_fields(prepared, self.started), prepared.terms)
        self._count(prepared.id, prepared.lang, prepared.year)

    def written_elsewhere(self, doc_id: str, lang: str, year: int | None) -> None:
        """Account for a document a worker sent (it replaced any older version itself)."""
        self._count(doc_id, lang, year)

    def _count(self, doc_id: str, lang: str, year: int | None) -> None:
        self.report.count_written(doc_id, lang, year, self.existing, self.written)
        self.dirty = True
        self._since_commit += 1
        if self._since_commit >= COMMIT_DOCS:  # batched commits (the workers' documents too)
            self.writer.commit()
            self._since_commit = 0

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
        """Final commit, then the manifest (after a rebuild: older runs' documents deleted)."""
        if self.dirty or self.rebuild:
            self.writer.commit()
            if self.rebuild:
                self.writer.delete_by_query(f'*:* -indexed:"{self.started}"')
                self.writer.commit()
            self.report.committed = True
        else:
            self.report.committed = False
        path = manifest_file(self.index_dir, self.collection)
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(manifest.to_json(), f, ensure_ascii=False, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        self.dirty = False

    def abort(self) -> None:
        """Nothing to undo: what was sent stays (whole documents); the manifest is the old one."""

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.lock.release()
