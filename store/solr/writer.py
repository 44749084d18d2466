"""Writing a Solr collection: documents in batches, deletions, commits.

Documents are sent ``batch_docs`` at a time (or ``batch_bytes`` of JSON); every
``commit_docs`` documents, and at the end of a run, a hard commit makes them durable and
visible. An add replaces the document with the same id (Solr's unique key), so a re-run after
an interruption converges: nothing is half-written, a document is there whole or not at all.
"""

from __future__ import annotations

import json
import time
from typing import Any

from muragat.store.solr.client import SolrClient, SolrError
from muragat.store.solr.documents import solr_document

BATCH_DOCS = 200
BATCH_BYTES = 4 * 1024 * 1024
COMMIT_DOCS = 20_000
# While a node is lost, its shards elect new leaders (after ZooKeeper notices, ~15 s) and
# updates are refused meanwhile: an update is sent again (it replaces the same ids) until this.
RETRY_S = 120.0


class SolrWriter:
    """Batched writes to one collection (not thread-safe: one per process)."""

    def __init__(self, client: SolrClient, collection: str, batch_docs: int = BATCH_DOCS,
                 batch_bytes: int = BATCH_BYTES, commit_docs: int = COMMIT_DOCS):
        self.client = client
        self.collection = collection
        self.batch_docs = batch_docs
        self.batch_bytes = batch_bytes
        self.commit_docs = commit_docs
        self._docs: list[bytes] = []
        self._bytes = 0
        self._deletes: list[str] = []
        self.sent = 0  # documents sent since the last commit
        self.added = 0

    def add(self, fields: dict[str, Any], terms: dict[str, dict[str, list[int]]]) -> None:
        """Add (or replace) one document."""
        body = json.dumps(solr_document(fields, terms), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        self._docs.append(body)
        self._bytes += len(body)
        if len(self._docs) >= self.batch_docs or self._bytes >= self.batch_bytes:
            self.flush()

    def delete(self, doc_id: str) -> None:
        """Delete the document ``doc_id`` (sent with the next batch)."""
        self._deletes.append(doc_id)
        if len(self._deletes) >= self.batch_docs:
            self.flush()

    def delete_by_query(self, query: str) -> None:
        """Delete every document matching ``query`` (after what is pending)."""
        self.flush()
        self._update(json.dumps({"delete": {"query": query}}).encode("utf-8"))

    def flush(self) -> None:
        """Send pending documents and deletions; commit every ``commit_docs`` documents."""
        if self._deletes:
            ids, self._deletes = self._deletes, []
            self._update(json.dumps({"delete": ids}, ensure_ascii=False).encode("utf-8"))
        if self._docs:
            docs, self._docs, self._bytes = self._docs, [], 0
            self._update(b"[" + b",".join(docs) + b"]")
            self.sent += len(docs)
            self.added += len(docs)
        if self.sent >= self.commit_docs:
            self.commit()

    def commit(self) -> None:
        """Send everything pending and commit (durable and visible to searches)."""
        if self._docs or self._deletes:
            self.flush()
        self._send({"commit": "true", "waitSearcher": "true"}, b"{}")
        self.sent = 0

    def _update(self, payload: bytes) -> None:
        self._send({}, payload)

    def _send(self, params: dict[str, str], payload: bytes) -> None:
        deadline = time.monotonic() + RETRY_S
        pause = 1.0
        while True:
            try:
                self.client.request(f"/{self.collection}/update", params, raw=payload,
                                    timeout=600)
                return
            except SolrError as exc:
                # 4xx: the request itself is wrong (never better on a retry).
                if 400 <= exc.status < 500 or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 10.0)
