"""The semantic layer's indexing stage: embed what the index's documents lack, publish the matrix.

Runs after the lexical commit, under the same writer lock, whenever the index has the layer
(``muragat index --embeddings`` turns it on; ``store.vectors`` remembers it):

1. every live document's passage (``analysis.embeddings.passage_text``) is keyed by content;
   the vectors already in the index's cache are taken from it, and a first matrix with them
   is published at once (so search fuses with the unchanged documents while the rest is
   embedded);
2. the missing passages are embedded in batches, each batch stored in the cache as it is
   done (a run killed midway loses at most one batch: the next run resumes), with a progress
   line (documents, passages/s, ETA);
3. the complete matrix is published, and the cache compacted when most of it is unused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from muragat.analysis.embeddings import DIM, embed_passages, model_id, passage_text
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
            and current.get("model") == model and current.get("n") == newest[1]:
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
    missing: list[tuple[int, bytes, str]] = []
    keys: set[bytes] = set()
    copied: dict[bytes, np.ndarray] = {}  # found in the shared cache: into the index's own
    for docnum, title, body in docs.docs:
        text = passage_text(title, body)
        key = content_key(model, text)
        keys.add(key)
        vec = cache.get(key)
        if vec is None and shared is not None:
            vec = shared.get(key)
            if vec is not None:
                copied[key] = vec
        if vec is None:
            missing.append((docnum, key, text))
        else:
            matrix[docnum] = vec
            has[docnum] = True
    if copied:
        cache.add(list(copied), np.vstack(list(copied.values())))
    out.update(documents=len(docs.docs), cached=len(docs.docs) - len(missing), embedded=0)
    if missing:
        if has.any():
            write_matrix(index_dir, docs.generation, matrix, has, model, [d for d, _, _ in docs.docs])
        bar = Progress(sum(len(t) for _, _, t in missing), enabled=progress, verb="embedded")
        t0 = time.monotonic()
        try:
            for start in range(0, len(missing), BATCH):
                batch = missing[start:start + BATCH]
                vecs = embed_passages([t for _, _, t in batch])
                cache.add([k for _, k, _ in batch], vecs)
                if shared is not None:
                    shared.add([k for _, k, _ in batch], vecs)
                for (docnum, _, _), vec in zip(batch, vecs, strict=True):
                    matrix[docnum] = vec.astype(np.float16).astype(np.float32)
                    has[docnum] = True
                out["embedded"] += len(batch)
                bar.update(len(batch), sum(len(t) for _, _, t in batch))
        finally:
            bar.finish()
            out["seconds"] = time.monotonic() - t0
            out["passages_per_s"] = out["embedded"] / max(out["seconds"], 1e-9)
    write_matrix(index_dir, docs.generation, matrix, has, model, [d for d, _, _ in docs.docs])
    out["dropped_from_cache"] = cache.compact(keys)
    return out
