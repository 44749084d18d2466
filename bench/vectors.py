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


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    ap = argparse.ArgumentParser(prog="python -m bench.vectors", description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--indexing", type=int, default=0, metavar="N",
                    help="also time indexing N shared passages with and without the layer")
    ap.add_argument("--json", metavar="FILE", default=None)
    args = ap.parse_args(argv)
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
