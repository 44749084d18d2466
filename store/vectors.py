"""The semantic layer's files in the index folder: settings, a content-keyed vector cache and,
per index generation, a matrix of document vectors in document-number order.

Layout (``<index>/vectors/``)::

    settings.json            the layer is on, with this model and dimension (remembered by
                             later ``muragat index`` runs)
    cache/chunk-NNNNNN.npz   content key (16 bytes) -> vector (float16), appended in chunks as
                             the model produces them; each chunk is written whole (temporary
                             file + rename), so a run killed midway keeps every chunk it
                             finished and the next run embeds only what is missing
    docs-G-V.npy             float32 (documents of generation G) x dim, row = document number
    has-G-V.npy              bool per document: whether its row holds a vector
    win-G-V.npy              float16 (sentence windows of the documents) x dim, the windows
                             of document d in rows wstart[d]:wstart[d+1] (those embedded)
    wstart-G-V.npy           int64, documents + 1 offsets into win-G-V
    current.json             which matrix belongs to which generation (written last,
                             atomically: a reader sees a complete pair or the previous one)

The content key is a hash of the model's name and the embedded text, so a document that is
unchanged, moved or copied is never embedded twice. Only this module reads or writes these
files; the indexer asks it which documents lack vectors and hands it new ones, search/ opens
``DocVectors`` for the generation it serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from muragat.store.index import index_exists, open_index

VECTORS_DIR = "vectors"
SETTINGS_FILE = "settings.json"
CURRENT_FILE = "current.json"
CACHE_DIR = "cache"
KEY_BYTES = 16
_CHUNK_RE = re.compile(r"^chunk-(\d{6})\.npz$")


def _dir(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / VECTORS_DIR


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _save_npy(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        np.save(f, array)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# -- settings ------------------------------------------------------------------------------


def layer_settings(index_dir: str | os.PathLike) -> dict[str, Any] | None:
    """The layer's settings (``{"model", "dim"}``) when the index has it on, else None."""
    data = _read_json(_dir(index_dir) / SETTINGS_FILE)
    return data if data and data.get("model") and data.get("dim") else None


def enable_layer(index_dir: str | os.PathLike, model: str, dim: int) -> None:
    """Turn the layer on for this index (later runs keep it current)."""
    folder = _dir(index_dir)
    (folder / CACHE_DIR).mkdir(parents=True, exist_ok=True)
    _write_json(folder / SETTINGS_FILE, {"model": model, "dim": int(dim)})


def content_key(model: str, text: str) -> bytes:
    """The cache key of ``text`` embedded by ``model``."""
    return hashlib.blake2b(f"{model}\0{text}".encode("utf-8", "surrogatepass"),
                           digest_size=KEY_BYTES).digest()


# -- the content-keyed cache ---------------------------------------------------------------


class VectorCache:
    """Content key -> vector, in append-only chunks in ``folder`` (the index's own cache is
    ``<index>/vectors/cache``: ``index_cache``; a folder shared by several indexes, such as
    the evaluation's, holds the same chunks)."""

    def __init__(self, folder: str | os.PathLike, dim: int):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.dim = dim
        self._rows: dict[bytes, tuple[int, int]] = {}  # key -> (chunk number, row)
        self._chunks: dict[int, np.ndarray] = {}
        for number, path in self._chunk_files():
            try:
                with np.load(path) as data:
                    keys, vecs = data["keys"], data["vecs"]
            except (OSError, ValueError, KeyError):
                continue  # a damaged chunk: its vectors are embedded again
            if vecs.ndim != 2 or vecs.shape[1] != dim or len(keys) != len(vecs):
                continue
            self._chunks[number] = vecs
            for row, key in enumerate(keys):
                self._rows[bytes(key)] = (number, row)

    def _chunk_files(self) -> Iterator[tuple[int, Path]]:
        found = []
        for p in self.folder.iterdir():
            m = _CHUNK_RE.match(p.name)
            if m:
                found.append((int(m.group(1)), p))
        return iter(sorted(found))

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: bytes) -> bool:
        return key in self._rows

    def get(self, key: bytes) -> np.ndarray | None:
        """The cached vector of ``key`` (float32), or None."""
        at = self._rows.get(key)
        if at is None:
            return None
        return self._chunks[at[0]][at[1]].astype(np.float32)

    def add(self, keys: list[bytes], vecs: np.ndarray) -> None:
        """Store vectors as one new chunk (written whole before it counts)."""
        if not keys:
            return
        vecs = np.asarray(vecs, dtype=np.float16).reshape(len(keys), self.dim)
        number = max(self._chunks, default=0) + 1
        path = self.folder / f"chunk-{number:06d}.npz"
        tmp = path.with_name(f"chunk-{number:06d}.tmp{os.getpid()}.npz")
        np.savez(tmp, keys=np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, KEY_BYTES),
                 vecs=vecs)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        self._chunks[number] = vecs
        for row, key in enumerate(keys):
            self._rows[key] = (number, row)

    def compact(self, keep: set[bytes]) -> int:
        """Rewrite the cache with only the ``keep`` keys when less than half of it is in use
        (the new chunk is written before the old ones go); returns how many were dropped."""
        used = [k for k in self._rows if k in keep]
        unused = len(self._rows) - len(used)
        if unused <= len(self._rows) // 2:
            return 0
        vecs = (np.vstack([self.get(k) for k in used]) if used
                else np.zeros((0, self.dim), dtype=np.float32))
        old = [p for _, p in self._chunk_files()]
        self.add(used, vecs)
        number = max(self._chunks)
        for p in old:
            p.unlink(missing_ok=True)
        self._chunks = {number: self._chunks[number]} if used else {}
        self._rows = {k: (number, row) for row, k in enumerate(used)}
        return unused

    def clean_temporary(self) -> None:
        """Remove the temporary files of runs that were killed while writing a chunk."""
        for p in self.folder.iterdir():
            if ".tmp" in p.name:
                p.unlink(missing_ok=True)


def index_cache(index_dir: str | os.PathLike, dim: int) -> VectorCache:
    """The vector cache inside the index folder."""
    return VectorCache(_dir(index_dir) / CACHE_DIR, dim)


# -- the documents of the index ------------------------------------------------------------


@dataclass
class IndexedDocs:
    """The newest generation's documents: count, and ``(docnum, title, body)`` of each live one."""

    generation: int
    n: int
    docs: list[tuple[int, str, str]]


def newest_generation(index_dir: str | os.PathLike) -> tuple[int, int] | None:
    """The newest generation's number and document count (None without an index); cheap."""
    if not index_exists(index_dir):
        return None
    ix = open_index(index_dir)
    with ix.reader() as reader:
        return int(reader.generation() or 0), reader.doc_count_all()


def indexed_documents(index_dir: str | os.PathLike) -> IndexedDocs | None:
    """Title and text of every live document of the newest generation (None without an index)."""
    if not index_exists(index_dir):
        return None
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        gen = int(reader.generation() or 0)
        n = reader.doc_count_all()
        docs = [(int(d), f.get("title") or "", f.get("body") or "") for d, f in reader.iter_docs()]
    return IndexedDocs(gen, n, docs)


# -- the matrix of a generation -----------------------------------------------------------


def window_starts(counts: np.ndarray) -> np.ndarray:
    """Offsets of each document's windows (``counts`` per document) in the windows matrix."""
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts


def write_matrix(index_dir: str | os.PathLike, generation: int, matrix: np.ndarray,
                 has: np.ndarray, model: str, live_docs: list[int] | None = None,
                 windows: tuple[np.ndarray, np.ndarray] | None = None,
                 windows_complete: bool = True) -> None:
    """Publish the document vectors of ``generation`` (rows in document-number order;
    ``live_docs``: the live document numbers, complete when each has a vector; ``windows``:
    the sentence windows' vectors and their ``window_starts``, ``windows_complete``: whether
    every live document's windows are there; both go into "complete")."""
    live_mask = np.zeros(len(has), dtype=bool)
    if live_docs is None:
        live_mask[:] = True
    else:
        live_mask[np.asarray(live_docs, dtype=np.int64)] = True
    live = int(live_mask.sum())
    folder = _dir(index_dir)
    current = _read_json(folder / CURRENT_FILE) or {}
    version = int(current.get("version", 0)) + 1
    docs, mask = f"docs-{generation}-{version}.npy", f"has-{generation}-{version}.npy"
    _save_npy(folder / docs, np.ascontiguousarray(matrix, dtype=np.float32))
    _save_npy(folder / mask, np.asarray(has, dtype=bool))
    published = {"generation": int(generation), "version": version, "docs": docs, "has": mask,
                 "model": model, "n": int(len(has)), "live": int(live),
                 "complete": bool(np.all(has[live_mask])) and bool(windows_complete)}
    if windows is not None:
        wmatrix, wstarts = windows
        if len(wstarts) != len(has) + 1 or int(wstarts[-1]) != len(wmatrix):
            raise ValueError("window offsets do not match the documents or the windows")
        published["windows"] = f"win-{generation}-{version}.npy"
        published["wstarts"] = f"wstart-{generation}-{version}.npy"
        _save_npy(folder / published["windows"],
                  np.ascontiguousarray(wmatrix, dtype=np.float16).reshape(len(wmatrix),
                                                                          matrix.shape[1]))
        _save_npy(folder / published["wstarts"], np.asarray(wstarts, dtype=np.int64))
    _write_json(folder / CURRENT_FILE, published)
    keep = {docs, mask, published.get("windows"), published.get("wstarts")}
    for p in folder.iterdir():  # older matrices (a process that still maps one keeps it open)
        if p.suffix == ".npy" and p.name not in keep \
                and p.name.startswith(("docs-", "has-", "win-", "wstart-")):
            p.unlink(missing_ok=True)


def current_matrix(index_dir: str | os.PathLike) -> dict[str, Any] | None:
    """What ``current.json`` says (generation, model, complete), or None."""
    return _read_json(_dir(index_dir) / CURRENT_FILE)


class DocVectors:
    """The document vectors of one generation, memory-mapped; similarity to a query vector."""

    def __init__(self, matrix: np.ndarray, has: np.ndarray, generation: int, model: str,
                 signature: tuple[Any, ...], windows: np.ndarray | None = None,
                 wstarts: np.ndarray | None = None):
        self.matrix = matrix
        self.has = has
        self.generation = generation
        self.model = model
        self.signature = signature
        self.windows = windows  # float16, memory-mapped; None in a layer without windows
        self.wstarts = wstarts

    @property
    def n(self) -> int:
        """Rows (documents of the generation)."""
        return len(self.has)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of every document to ``query`` (0 for documents without a vector)."""
        return self.matrix @ np.asarray(query, dtype=np.float32)

    def window_max(self, docs: np.ndarray, query: np.ndarray, otherwise: np.ndarray
                   ) -> np.ndarray:
        """The best cosine of each of ``docs``' sentence windows to ``query``; ``otherwise``
        (one value per document) where a document has no window. Reads only their rows."""
        out = np.array(otherwise, dtype=np.float32, copy=True)
        if self.windows is None or self.wstarts is None or not len(docs):
            return out
        docs = np.asarray(docs, dtype=np.int64)
        first, counts = self.wstarts[docs], self.wstarts[docs + 1] - self.wstarts[docs]
        some = counts > 0
        if not some.any():
            return out
        first, counts = first[some], counts[some]
        group = np.cumsum(counts) - counts  # where each document's windows start in ``rows``
        rows = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(group - first, counts)
        sims = self.windows[rows].astype(np.float32) @ np.asarray(query, dtype=np.float32)
        out[some] = np.maximum.reduceat(sims, group)
        return out


def vectors_signature(index_dir: str | os.PathLike) -> tuple[Any, ...] | None:
    """Changes whenever a new matrix is published (cheap: one ``stat``)."""
    try:
        st = (_dir(index_dir) / CURRENT_FILE).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def open_vectors(index_dir: str | os.PathLike, generation: int) -> DocVectors | None:
    """The document vectors published for ``generation``, or None (no layer, another
    generation, or damaged files)."""
    signature = vectors_signature(index_dir)
    current = current_matrix(index_dir)
    if signature is None or not current or int(current.get("generation", -1)) != generation:
        return None
    folder = _dir(index_dir)
    try:
        matrix = np.load(folder / str(current["docs"]), mmap_mode="r")
        has = np.load(folder / str(current["has"]))
        windows = wstarts = None
        if current.get("windows"):
            windows = np.load(folder / str(current["windows"]), mmap_mode="r")
            wstarts = np.load(folder / str(current["wstarts"]))
    except (OSError, ValueError, KeyError):
        return None
    if matrix.ndim != 2 or len(matrix) != len(has):
        return None
    if windows is not None and (windows.ndim != 2 or windows.shape[1] != matrix.shape[1]
                                or len(wstarts) != len(has) + 1
                                or int(wstarts[-1]) != len(windows)):
        return None
    return DocVectors(matrix, has, generation, str(current.get("model", "")), signature,
                      windows, wstarts)
