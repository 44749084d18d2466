"""The semantic layer at scale: storage formats of the document vectors, size and query time.

``python -m bench.vectors [--docs 100000] [--repeat 20] [--json FILE]``

Random unit vectors (384 dimensions, as multilingual-e5-small's) stand in for documents; a
query is a perturbed copy of one of them. For each format the table gives the matrix size,
the time of one query against every document (median and p95, numpy on this machine) and
how many of the exact float32 top 10 it keeps:

* float32: what ``store.vectors`` publishes and ``search.semantic`` multiplies (BLAS);
* float16: half the size, but numpy has no float16 BLAS: converted in blocks of 8,192 rows;
* int8: a quarter of the size (one scale for the matrix), converted in blocks as well.

The baseline is float32 measured in the same run.

``--indexing N`` also measures what the layer costs to build: the first N passages of the
shared KazQAD and XQuAD-ru corpora indexed lexically, then the same with ``--embeddings``
(empty vector cache), then again (everything from the cache): documents/s and the ratio to
the lexical run. Needs the ``semantic`` extra and ../shared/data.

``--search INDEX`` measures what the layer costs a results page (issue 17's target: p95 <=
60 ms at 100k documents). INDEX (e.g. the 100k index ``bench.scale`` leaves in its workdir)
is copied to a temporary folder and given a published matrix of random unit vectors, one per
document, and 1-5 random sentence windows per document (3 on average): embedding 100k
documents takes a day here, and a query costs the same whatever the
vectors hold (one matrix product over every row, the same number of candidates fused).
Queries are ``bench.search``'s (1-3 words from the documents); each is answered as a results
page (top 10 + total + facets + snippets) with the layer (query embedded by the real model,
its vector not cached) and without it, alternately, after ``--warmup`` queries.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import print_table, write_json

DIM = 384
BLOCK = 8192


def _times(fn, repeat: int) -> tuple[float, float]:
    fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return float(np.median(out) * 1000), float(np.percentile(out, 95) * 1000)


def _blocks(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    return np.concatenate([matrix[i:i + BLOCK].astype(np.float32) @ q
                           for i in range(0, len(matrix), BLOCK)])


def indexing(n: int) -> list[dict[str, object]]:
    """Lexical vs semantic-layer indexing of ``n`` shared passages (see the module docstring)."""
    from muragat.indexer import index_documents

    from muragat.evaluation.retrieval import corpus_documents
    from muragat.settings import shared_data_dir

    data = shared_data_dir()
    if data is None:
        raise SystemExit("bench.vectors --indexing: ../shared/data not found (MURAGAT_SHARED_DATA)")
    docs = corpus_documents([data / "kazqad_retrieval_kk/corpus.jsonl",
                             data / "xquad_retrieval_ru_en/corpus.ru.jsonl"])
    docs = docs[:: max(1, len(docs) // n)][:n]
    rows = []
    with tempfile.TemporaryDirectory(prefix="muragat-vectors-") as tmp:
        # warm-up (analyzers and the model loaded once per process; not counted)
        index_documents(docs[:5], Path(tmp) / "warm", rebuild=True, embeddings=True)
        for label, folder, emb in (("lexical", "lex", False), ("with the layer", "sem", True),
                                   ("with the layer, cached", "sem", True)):
            t0 = time.perf_counter()
            report = index_documents(docs, Path(tmp) / folder, rebuild=True, embeddings=emb)
            seconds = time.perf_counter() - t0
            rows.append({"run": label, "docs": len(docs), "seconds": seconds,
                         "docs/s": len(docs) / seconds,
                         "embedded": (report.vectors or {}).get("embedded", 0)})
    for r in rows:
        r["ratio to lexical"] = float(r["seconds"]) / float(rows[0]["seconds"])
    return rows


WINDOWS_PER_DOC = 3  # random sentence windows per document (mean), as the XQuAD passages have


def search_cost(index: Path, nqueries: int, warmup: int) -> list[dict[str, object]]:
    """p50/p95 of results pages with and without the layer (see the module docstring)."""
    import shutil

    from muragat.analysis.embeddings import DIM as MODEL_DIM
    from muragat.analysis.embeddings import available, model_id
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest
    from muragat.store import open_snapshot
    from muragat.store.vectors import (
        enable_layer,
        newest_generation,
        window_starts,
        write_matrix,
    )

    from bench.search import sample_queries

    if not available():
        raise SystemExit("bench.vectors --search: the semantic extra is not installed "
                         "(pip install 'muragat[semantic]')")
    rows = []
    with tempfile.TemporaryDirectory(prefix="muragat-vectors-search-") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(index, copy)
        generation, n = newest_generation(copy) or (0, 0)
        if not n:
            raise SystemExit(f"bench.vectors --search: no index in {index}")
        enable_layer(copy, model_id(), MODEL_DIM)
        rng = np.random.default_rng(23)
        matrix = np.empty((n, MODEL_DIM), dtype=np.float32)
        for i in range(0, n, 65_536):  # random unit vectors, a block at a time
            block = rng.standard_normal((min(65_536, n - i), MODEL_DIM), dtype=np.float32)
            matrix[i:i + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
        counts = rng.integers(1, 2 * WINDOWS_PER_DOC, size=n)  # sentence windows, ~3 a doc
        windows = np.empty((int(counts.sum()), MODEL_DIM), dtype=np.float16)
        for i in range(0, len(windows), 65_536):
            block = rng.standard_normal((min(65_536, len(windows) - i), MODEL_DIM),
                                        dtype=np.float32)
            windows[i:i + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
        write_matrix(copy, generation, matrix, np.ones(n, dtype=bool), model_id(),
                     windows=(windows, window_starts(counts)))
        del matrix, windows
        snap = open_snapshot(copy)
        assert snap is not None
        sample = [snap.stored(d) for d in range(0, snap.n, max(1, snap.n // 20_000))]
        queries = sample_queries(sample, nqueries + warmup, seed=29)
        engine = SearchEngine(copy)
        times: dict[bool, list[float]] = {True: [], False: []}
        fused = 0
        for i, q in enumerate(queries):
            for layer in (True, False):
                t0 = time.perf_counter()
                resp = engine.search(SearchRequest(q=q, size=10, semantic=layer))
                dt = time.perf_counter() - t0
                if i >= warmup:
                    times[layer].append(dt)
                    fused += int(layer and resp.semantic)
        for layer in (True, False):
            t = np.array(times[layer]) * 1000
            rows.append({"results page": "with the layer" if layer else "lexical only",
                         "docs": n, "queries": len(t), "p50 ms": float(np.percentile(t, 50)),
                         "p95 ms": float(np.percentile(t, 95)),
                         "p99 ms": float(np.percentile(t, 99)),
                         "fused": fused if layer else 0})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    ap = argparse.ArgumentParser(prog="python -m bench.vectors", description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--indexing", type=int, default=0, metavar="N",
                    help="also time indexing N shared passages with and without the layer")
    ap.add_argument("--search", metavar="INDEX", default=None,
                    help="measure results pages with and without the layer on a copy of INDEX")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=60)
    ap.add_argument("--json", metavar="FILE", default=None)
    args = ap.parse_args(argv)
    if args.search:
        search_rows = search_cost(Path(args.search), args.queries, args.warmup)
        print_table(search_rows, "Results pages (top 10 + total + facets + snippets) with the "
                    "semantic layer and without it, alternating, same run; document vectors "
                    "are random stand-ins")
        if args.json:
            write_json(args.json, {"search": search_rows})
        return 0
    index_rows = indexing(args.indexing) if args.indexing else []
    rng = np.random.default_rng(17)
    m32 = rng.standard_normal((args.docs, DIM), dtype=np.float32)
    m32 /= np.linalg.norm(m32, axis=1, keepdims=True)
    q = m32[args.docs // 2] + 0.1 * rng.standard_normal(DIM, dtype=np.float32)
    q /= np.linalg.norm(q)
    exact = set(np.argsort(-(m32 @ q))[:10].tolist())
    m16 = m32.astype(np.float16)
    scale = 127.0 / float(np.abs(m32).max())
    m8 = np.round(m32 * scale).astype(np.int8)
    rows = []
    for name, matrix, fn in (("float32", m32, lambda: m32 @ q),
                             ("float16", m16, lambda: _blocks(m16, q)),
                             ("int8", m8, lambda: _blocks(m8, q))):
        med, p95 = _times(fn, args.repeat)
        top = set(np.argsort(-fn())[:10].tolist())
        rows.append({"format": name, "docs": args.docs, "MB": matrix.nbytes / 1e6,
                     "query ms (median)": med, "query ms (p95)": p95,
                     "ratio to float32": 0.0, "top-10 kept": len(top & exact)})
    for r in rows:
        r["ratio to float32"] = r["query ms (median)"] / rows[0]["query ms (median)"]
    print_table(rows, f"Document vectors: {args.docs:,} x {DIM}, one query against all "
                "(numpy; float32 is the baseline, same run)")
    if index_rows:
        print_table(index_rows, "Indexing cost of the semantic layer (this machine; lexical run "
                    "is the baseline, same run)")
    if args.json:
        write_json(args.json, {"formats": rows, "indexing": index_rows})

    return 0


if __name__ == "__main__":
    raise SystemExit(main())
