"""The incremental manifest: what each archive file contributed to the index.

For every file (keyed by its path relative to the archive root) the manifest
records the root, the file's size and modification time (a change detector
only, never a document date) and the ids and content hashes of its documents.

Consistency with the index: the manifest of index generation ``g`` is written
atomically (temporary file + rename) to ``muragat-manifest-<g>.json`` *before*
the Whoosh commit that creates generation ``g``. A reader takes the manifest of
the index's current generation, so an interrupted run (before or after either
write) always pairs a committed index with its own manifest. Without one (an
index written by other means) the manifest is rebuilt from the stored fields.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from muragat.store import SCHEMA_VERSION

_NAME = "muragat-manifest-{}.json"
_NAME_RE = re.compile(r"^muragat-manifest-(\d+)\.json$")


class FileEntry:
    """What one archive file contributed: its signature and ``{doc id: content hash}``.

    One per archive file, a million in a large archive, so an entry is kept small: the
    signature as two ints (not a tuple), and the usual single document as its id and hash
    (not a one-entry dict, ~190 bytes more); the root strings are shared between entries
    (``Manifest.from_json``, ``ArchiveRun``). ``docs`` is a read-only view: assign a new
    mapping, or ``add`` one document.
    """

    __slots__ = ("root", "_size", "_mtime", "_id", "_docs", "needs")

    def __init__(self, root: str | None, sig: tuple[int, int] | None,
                 docs: Mapping[str, str] | None = None, needs: str | None = None):
        self.root = root
        self.sig = sig  # (size, mtime_ns); None forces a re-read
        self.docs = docs or {}
        # "ocr": scanned pages were left unread (no Tesseract): read again once OCR is installed.
        self.needs = needs

    @property
    def sig(self) -> tuple[int, int] | None:
        """(size, mtime_ns): a change detector only; None forces a re-read."""
        return None if self._size is None else (self._size, self._mtime)

    @sig.setter
    def sig(self, sig: tuple[int, int] | None) -> None:
        self._size, self._mtime = (None, None) if sig is None else sig

    @property
    def docs(self) -> Mapping[str, str]:
        """``{doc id: content hash}`` of the file's documents (read-only)."""
        if self._id is None:
            return MappingProxyType(self._docs)
        return MappingProxyType({self._id: self._docs})

    @docs.setter
    def docs(self, docs: Mapping[str, str]) -> None:
        if len(docs) == 1:
            (self._id, self._docs), = docs.items()
        else:
            self._id, self._docs = None, dict(docs)

    @property
    def ndocs(self) -> int:
        """How many documents the file holds (without building the ``docs`` view)."""
        return 1 if self._id is not None else len(self._docs)

    def add(self, doc_id: str, digest: str) -> None:
        """Record one more document (or a new hash of a known one)."""
        if self._id is None and len(self._docs) > 1:
            self._docs[doc_id] = digest  # our own dict: in place (a file of many records)
        else:
            self.docs = {**self.docs, doc_id: digest}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileEntry):
            return NotImplemented
        return (self.root, self.sig, dict(self.docs), self.needs) == \
            (other.root, other.sig, dict(other.docs), other.needs)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (f"FileEntry(root={self.root!r}, sig={self.sig!r}, docs={dict(self.docs)!r}, "
                f"needs={self.needs!r})")


@dataclass
class Manifest:
    """All file entries of an index, plus the documents added without a file."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    loose: dict[str, str] = field(default_factory=dict)  # doc id -> hash (no archive file)
    schema_version: int = SCHEMA_VERSION
    recovered: bool = False  # rebuilt from the index (no manifest for its generation)

    def all_ids(self) -> set[str]:
        """Every document id the index holds according to the manifest."""
        ids = set(self.loose)
        for entry in self.files.values():
            ids.update(entry.docs)
        return ids

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form."""
        return {
            "schema_version": self.schema_version,
            "files": {
                k: {"root": e.root, "sig": list(e.sig) if e.sig else None, "docs": dict(e.docs),
                    **({"needs": e.needs} if e.needs else {})}
                for k, e in self.files.items()
            },
            "loose": self.loose,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Inverse of ``to_json``."""
        roots: dict[str, str] = {}  # one string per archive root, not one per entry
        files = {}
        for k, v in data.get("files", {}).items():
            root = v.get("root")
            if root is not None:
                root = roots.setdefault(root, root)
            docs = v.get("docs", {})
            if k in docs:  # a file of one document named by its path: one string for both
                docs = {(k if d == k else d): h for d, h in docs.items()}
            files[k] = FileEntry(root, tuple(v["sig"]) if v.get("sig") else None,
                                 docs, v.get("needs"))
        return cls(files, data.get("loose", {}), int(data.get("schema_version", 0)))

    def write_json(self, out: Any) -> None:
        """Write ``to_json()`` to the text file ``out``, an entry at a time (no copy of the
        whole manifest in memory)."""
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        out.write(f'{{"schema_version":{int(self.schema_version)},"files":{{')
        for i, (k, e) in enumerate(self.files.items()):
            entry = {"root": e.root, "sig": list(e.sig) if e.sig else None, "docs": dict(e.docs),
                     **({"needs": e.needs} if e.needs else {})}
            out.write(("," if i else "") + dumps(k) + ":" + dumps(entry))
        out.write('},"loose":' + dumps(self.loose) + "}")


def is_manifest_name(name: str) -> bool:
    """Whether ``name`` is the file name of a manifest (one of an index folder's markers)."""
    return bool(_NAME_RE.match(name))


def manifest_path(index_dir: str | Path, generation: int) -> Path:
    """The manifest file belonging to index generation ``generation``."""
    return Path(index_dir) / _NAME.format(generation)


def load_manifest(index_dir: str | Path, generation: int) -> Manifest | None:
    """The manifest of ``generation``, or None when it is missing or unreadable."""
    try:
        with open(manifest_path(index_dir, generation), encoding="utf-8") as f:
            return Manifest.from_json(json.load(f))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def recover_manifest(documents: Iterable[dict[str, Any]]) -> Manifest:
    """Rebuild a manifest from the stored ``id``/``file``/``hash`` values of an index's
    documents (``IndexWriter.stored_documents``)."""
    manifest = Manifest(recovered=True)
    for stored in documents:
        doc_id, file, digest = stored.get("id"), stored.get("file") or "", stored.get("hash", "")
        if doc_id is None:
            continue
        if file:
            entry = manifest.files.setdefault(file, FileEntry(None, None))
            entry.add(doc_id, digest)
        else:
            manifest.loose[doc_id] = digest
    return manifest


def save_manifest(index_dir: str | Path, generation: int, manifest: Manifest) -> Path:
    """Write the manifest of ``generation`` atomically."""
    path = manifest_path(index_dir, generation)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        manifest.write_json(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def prune_manifests(index_dir: str | Path, keep: int) -> None:
    """Delete manifests (and leftovers) of generations other than ``keep``."""
    for p in Path(index_dir).iterdir():
        m = _NAME_RE.match(p.name)
        if (m and int(m.group(1)) != keep) or (p.name.startswith("muragat-manifest-") and ".tmp" in p.name):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
