"""The semantic layer's indexing stage: embed what the index's documents lack, publish the matrix.

Runs after the lexical commit, under the same writer lock, whenever the index has the layer
(``muragat index --embeddings`` turns it on; ``store.vectors`` remembers it):

1. every live document's passage (``analysis.embeddings.passage_text``) and sentence windows
   (``passage_windows``) are keyed by content; the vectors already in the index's cache are
   taken from it, and a first matrix with them is published at once (so search fuses with
   the unchanged documents while the rest is embedded);
2. the missing passages are embedded in batches, whole passages first, then windows, each
   batch stored in the cache as it is done (a run killed midway loses at most one batch: the
   next run resumes), with a progress line (characters, passages/s, ETA);
3. the complete matrix is published, and the cache compacted when most of it is unused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from muragat.analysis.embeddings import (
    DIM,
    embed_passages,
    model_id,
    passage_text,
    passage_windows,
)
from muragat.indexer.progress import Progress
from muragat.store.vectors import (
    VectorCache,
    content_key,
    current_matrix,
    enable_layer,
    index_cache,
    indexed_documents,
    layer_settings,
    newest_generation,
    window_starts,
    write_matrix,
)

BATCH = 16  # passages per model call and per cache chunk (resuming loses at most this many)


def turn_on(index_dir: str | Path) -> None:
    """Remember that this index has the semantic layer (``EmbeddingsUnavailable`` without the
    model: checked before anything is written)."""
    from muragat.analysis.embeddings import load_model

    load_model()
    settings = layer_settings(index_dir)
    if settings is None or settings.get("model") != model_id():
        enable_layer(index_dir, model_id(), DIM)


def update_vectors(index_dir: str | Path, progress: bool = False,
                   shared_cache: str | Path | None = None) -> dict[str, Any]:
    """Bring the layer of ``index_dir`` up to date with its newest generation.

    Returns figures: documents, embedded now, from the cache, seconds embedding, passages/s.
    Nothing happens when the index does not have the layer. ``EmbeddingsUnavailable`` when
    the model cannot be loaded (the lexical index is untouched). ``shared_cache``: a folder
    of vectors shared with other indexes (read first, and given every new vector)."""
    out: dict[str, Any] = {}
    settings = layer_settings(index_dir)
    if settings is None:
        return out
    newest = newest_generation(index_dir)
    if newest is None:
        return out
    model = model_id()
    if settings.get("model") != model:
        enable_layer(index_dir, model, DIM)  # another model: its own keys, nothing mixed
    current = current_matrix(index_dir)
    if current and current.get("generation") == newest[0] and current.get("complete") \
            and current.get("windows") and current.get("model") == model \
            and current.get("n") == newest[1]:
        live = int(current.get("live", newest[1]))
        out.update(documents=live, embedded=0, cached=live, seconds=0.0)
        return out
    docs = indexed_documents(index_dir)
    if docs is None:
        return out
    cache = index_cache(index_dir, DIM)
    cache.clean_temporary()
    shared = VectorCache(shared_cache, DIM) if shared_cache is not None else None
    matrix = np.zeros((docs.n, DIM), dtype=np.float32)
    has = np.zeros(docs.n, dtype=bool)
    window_keys: list[list[bytes]] = [[] for _ in range(docs.n)]
    missing: dict[bytes, str] = {}  # key -> text: whole passages first, then windows
    missing_docs: list[tuple[int, bytes]] = []
    keys: set[bytes] = set()
    copied: dict[bytes, np.ndarray] = {}  # found in the shared cache: into the index's own

    def known(key: bytes) -> np.ndarray | None:
        vec = cache.get(key)
        if vec is None and shared is not None:
            vec = copied.get(key)
            if vec is None:
                vec = shared.get(key)
                if vec is not None:
                    copied[key] = vec
        return vec

    for docnum, title, body in docs.docs:
        text = passage_text(title, body)
        key = content_key(model, text)
        keys.add(key)
        vec = known(key)
        if vec is None:
            missing[key] = text
            missing_docs.append((docnum, key))
        else:
            matrix[docnum] = vec
            has[docnum] = True
    windows_missing: dict[bytes, str] = {}
    for docnum, title, body in docs.docs:
        for text in passage_windows(title, body):
            key = content_key(model, text)
            keys.add(key)
            window_keys[docnum].append(key)
            if key not in missing and known(key) is None:
                windows_missing[key] = text
    if copied:
        cache.add(list(copied), np.vstack(list(copied.values())))
    live = [d for d, _, _ in docs.docs]
    out.update(documents=len(docs.docs), cached=len(docs.docs) - len(missing_docs), embedded=0,
               windows=sum(len(k) for k in window_keys), windows_embedded=0)
    missing.update(windows_missing)
    if missing:
        if has.any():
            write_matrix(index_dir, docs.generation, matrix, has, model, live,
                         _windows(cache, window_keys), windows_complete=False)
        todo = list(missing.items())
        whole: dict[bytes, list[int]] = {}
        for docnum, key in missing_docs:
            whole.setdefault(key, []).append(docnum)
        bar = Progress(sum(len(t) for _, t in todo), enabled=progress, verb="embedded")
        t0 = time.monotonic()
        try:
            for start in range(0, len(todo), BATCH):
                batch = todo[start:start + BATCH]
                vecs = embed_passages([t for _, t in batch])
                cache.add([k for k, _ in batch], vecs)
                if shared is not None:
                    shared.add([k for k, _ in batch], vecs)
                for (key, _), vec in zip(batch, vecs, strict=True):
                    if key in whole:
                        matrix[whole[key]] = vec.astype(np.float16).astype(np.float32)
                        has[whole[key]] = True
                        out["embedded"] += len(whole[key])
                    else:
                        out["windows_embedded"] += 1
                bar.update(len(batch), sum(len(t) for _, t in batch))
        finally:
            bar.finish()
            out["seconds"] = time.monotonic() - t0
            done = out["embedded"] + out["windows_embedded"]
            out["passages_per_s"] = done / max(out["seconds"], 1e-9)
    write_matrix(index_dir, docs.generation, matrix, has, model, live,
                 _windows(cache, window_keys))
    out["dropped_from_cache"] = cache.compact(keys)
    return out


def _windows(cache: VectorCache, window_keys: list[list[bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """The windows matrix (float16, those in the cache, in document order) and its offsets."""
    counts = np.zeros(len(window_keys), dtype=np.int64)
    rows: list[np.ndarray] = []
    for docnum, doc_keys in enumerate(window_keys):
        for key in doc_keys:
            vec = cache.get(key)
            if vec is not None:
                rows.append(vec)
                counts[docnum] += 1
    matrix = (np.vstack(rows).astype(np.float16) if rows
              else np.zeros((0, DIM), dtype=np.float16))
    return matrix, window_starts(counts)
