"""Tuning the fusion of lexical and semantic rankings, k-fold, on the shared dev halves only.

``python -m bench.fusion [--folds 5] [--json FILE]``

For each set (xquad-ru, xquad-en, kazqad and the cross-language xquad-ru->en, xquad-en->ru)
the corpus is indexed with the semantic layer (vectors from the evaluation's cache, see
``muragat.evaluation.retrieval``), and for every question the lexical ranking (the engine
with ``semantic=False``, 100 deep), the cosine of every document and the best cosine of its
sentence windows (``analysis.embeddings.passage_windows``) are captured once. Each
candidate ``FusionParams`` is then applied by ``search.fusion`` exactly as the engine applies
it (``semantic_candidates`` -> ``admitted`` -> ``combine``), and MRR@10 computed.

Cross-validation: the questions of each set are split into ``folds`` parts by a hash of their
id; for each part, the parameters with the best macro-average MRR@10 over the five sets on
the other parts are chosen and scored on it. The table gives, per set, lexical alone,
semantic alone (whole passages; and blended with the best window), the fixed default (``fusion.DEFAULT``) and the cross-validated fused MRR@10,
and the parameters chosen on all questions (what ``fusion.DEFAULT`` should be).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import pickle
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from muragat.analysis import normalize_text
from muragat.analysis.embeddings import embed_query
from muragat.search import fusion
from muragat.search.batch import read_queries, run_batch
from muragat.search.engine import SearchEngine
from muragat.search.executor import Context
from muragat.search.models import SearchRequest
from muragat.search.query_parser import parse, positive_words
from muragat.search.semantic import query_text
from muragat.store import open_snapshot
from muragat.store.vectors import open_vectors

from bench.common import print_table, write_json
from muragat.evaluation.retrieval import (
    EXTRA_SETS,
    SETS,
    build_index,
    corpus_documents,
    read_qrels,
)
from muragat.settings import shared_data_dir

LATENCY_QUERIES = 150  # per set
SET_NAMES = ["xquad-ru", "xquad-en", "kazqad", "xquad-ru->en", "xquad-en->ru"]
DEPTH = 100
WINDOWS = (0.0, 0.25, 0.5, 0.75)  # weights of the best sentence window tried


@dataclass
class Captured:
    """One question: lexical ranking (docnums, best first), cosines of all documents, relevant."""

    qid: str
    lex_ids: np.ndarray
    lex_scores: np.ndarray
    sims: np.ndarray
    mask: np.ndarray
    relevant: frozenset[int]
    coverage: float = 1.0  # share of the question's words that match some document
    wmax: np.ndarray | None = None  # best sentence-window cosine of every document


def latency(engine: SearchEngine, queries: list[tuple[str, str]]) -> dict[str, float]:
    """p50/p95 of a first results page (10 hits, snippets, facets) with and without the layer."""
    out = {}
    for label, sem in (("lexical", False), ("fused", True)):
        times = [engine.search(SearchRequest(q=q, any_words=True, semantic=sem)).took_ms
                 for _, q in queries]
        out[f"{label} p50 ms"] = float(np.percentile(times, 50))
        out[f"{label} p95 ms"] = float(np.percentile(times, 95))
    return out


def capture(name: str, data: Path, work: Path,
            timings: dict[str, dict[str, float]] | None = None) -> list[Captured]:
    """Index set ``name`` with the layer and capture its questions' two rankings (and, into
    ``timings``, the query latency with and without the layer)."""
    rset = {**SETS, **EXTRA_SETS}[name]
    docs = corpus_documents(data / c for c in rset.corpora)
    queries = list(read_queries((data / rset.queries).read_text(encoding="utf-8").splitlines()))
    qrels: dict[str, set[str]] = {}
    for q in read_qrels(data / rset.qrels):
        if q.relevance > 0:
            qrels.setdefault(q.query_id, set()).add(q.doc_id)
    index_dir = work / name.replace(">", "")
    build_index(docs, index_dir, embeddings=True)
    snap = open_snapshot(index_dir)
    assert snap is not None
    vectors = open_vectors(index_dir, snap.generation)
    if vectors is None or not vectors.has.all():
        raise RuntimeError(f"{name}: the semantic layer is incomplete")
    docnum = {snap.stored(int(d)).get("id", ""): int(d) for d in np.flatnonzero(snap.live)}
    mask = snap.live & vectors.has
    engine = SearchEngine(index_dir)
    lexical: dict[str, list[tuple[int, float]]] = {}
    try:
        for qid, doc_id, _rank, score in run_batch(engine, queries, DEPTH, semantic=False):
            lexical.setdefault(qid, []).append((docnum[doc_id], score))
        if timings is not None:
            timings[name] = latency(engine, queries)
        coverage = {qid: _coverage(engine, q) for qid, q in queries}
    finally:
        engine.close()
    out = []
    for qid, q in queries:
        if qid not in qrels:
            continue
        typed = normalize_text(q)
        parsed = parse(typed)
        text = query_text(positive_words(parsed.node), typed if parsed.plain else None)
        qvec = embed_query(text) if text else None
        sims = (vectors.similarities(qvec) if qvec is not None
                else np.zeros(snap.n, dtype=np.float32))
        wmax = (vectors.window_max(np.arange(snap.n), qvec, sims) if qvec is not None
                else sims)
        lex = lexical.get(qid, [])
        out.append(Captured(qid, np.array([d for d, _ in lex], dtype=np.int64),
                            np.array([s for _, s in lex], dtype=np.float64),
                            np.asarray(sims, dtype=np.float32), mask,
                            frozenset(docnum[p] for p in qrels[qid] if p in docnum),
                            coverage[qid], np.asarray(wmax, dtype=np.float32)))
    snap.close()
    return out


def _coverage(engine: SearchEngine, q: str) -> float:
    """The share of the question's words that match some document, as the engine computes it
    for the fusion (through its matching step)."""
    parsed = parse(normalize_text(q))
    snap = engine._snapshot()  # noqa: SLF001 - the bench replays the engine's own step
    if parsed.node is None or snap is None:
        return 1.0
    with snap.lock:
        ctx = Context(snap, any_words=True)
        engine._match(ctx, parsed.node)  # noqa: SLF001
    return fusion.coverage_of(ctx.word_hits)


def rr10(ids: np.ndarray, relevant: frozenset[int]) -> float:
    """Reciprocal rank of the first relevant document in the top 10 (0 when none)."""
    for rank, d in enumerate(ids[:10].tolist(), start=1):
        if d in relevant:
            return 1.0 / rank
    return 0.0


def _window_max(c: Captured) -> fusion.WindowMax | None:
    if c.wmax is None:
        return None
    wmax = c.wmax
    return lambda ids, whole: wmax[ids]


def fused_rr(c: Captured, params: fusion.FusionParams) -> float:
    """RR@10 of the fused ranking (as ``SearchEngine`` fuses, without filters)."""
    sem_ids, sem_sims = fusion.semantic_candidates(c.sims, c.mask, params.depth,
                                                   _window_max(c), params.windows)
    keep = fusion.admitted(sem_ids, sem_sims, c.lex_ids[: params.depth], params)
    ids, _ = fusion.combine(c.lex_ids, c.lex_scores, sem_ids[keep], sem_sims[keep], params,
                            c.coverage)
    return rr10(ids, c.relevant)


def semantic_rr(c: Captured, windows: float = 0.0) -> float:
    """RR@10 of the semantic ranking alone (whole passages, or blended with the best sentence
    window by ``windows``)."""
    ids, _ = fusion.semantic_candidates(c.sims, c.mask, 10, _window_max(c), windows)
    return rr10(ids, c.relevant)


def grid() -> list[fusion.FusionParams]:
    """The candidate parameters."""
    out = []
    for windows in WINDOWS:
        for k, w, floor, margin, boost in itertools.product((30.0, 60.0), (1.0, 2.0),
                                                            (0.75, 0.80), (0.06, 1.0),
                                                            (0.0, 1.0)):
            out.append(fusion.FusionParams("rrf", k=k, weight=w, depth=DEPTH, floor=floor,
                                           margin=margin, boost=boost, windows=windows))
        for w, floor, margin, boost in itertools.product((0.4, 0.5, 0.6, 0.7),
                                                         (0.60, 0.65, 0.70, 0.75, 0.80),
                                                         (0.03, 0.06, 0.10, 1.0),
                                                         (0.0, 0.2, 0.4, 0.6, 0.8)):
            out.append(fusion.FusionParams("linear", weight=w, depth=DEPTH, floor=floor,
                                           margin=margin, boost=boost, windows=windows))
    return out


def fold_of(qid: str, folds: int) -> int:
    """The fold of a question (a stable hash of its id)."""
    return int(hashlib.md5(qid.encode("utf-8")).hexdigest(), 16) % folds


def main(argv: list[str] | None = None) -> int:
    """Capture, tune k-fold, print the table."""
    ap = argparse.ArgumentParser(prog="python -m bench.fusion", description=__doc__)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--latency", action="store_true",
                    help="also time a results page per question with and without the layer")
    ap.add_argument("--save", metavar="FILE", default=None,
                    help="keep the captured rankings in FILE (pickle) for --load")
    ap.add_argument("--load", metavar="FILE", default=None,
                    help="tune on rankings captured by an earlier --save (no indexing)")
    ap.add_argument("--json", metavar="FILE", default=None, help="write the figures as JSON")
    args = ap.parse_args(argv)
    data = shared_data_dir()
    if data is None:
        print("bench.fusion: ../shared/data not found (set MURAGAT_SHARED_DATA): skipped",
              file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    timings: dict[str, dict[str, float]] = {}
    if args.load:
        with open(args.load, "rb") as f:
            sets, timings = pickle.load(f)  # noqa: S301 - a file this bench wrote
    else:
        with tempfile.TemporaryDirectory(prefix="muragat-fusion-") as tmp:
            sets = {name: capture(name, data, Path(tmp), timings if args.latency else None)
                    for name in SET_NAMES}
    if args.save:
        with open(args.save, "wb") as f:
            pickle.dump((sets, timings), f)
    captured_s = time.perf_counter() - t0
    candidates = grid()
    # rr[p][set] = per-question RR@10 array, fold[set] = fold of each question
    folds = {n: np.array([fold_of(c.qid, args.folds) for c in cs]) for n, cs in sets.items()}
    rr = [{n: np.array([fused_rr(c, p) for c in cs]) for n, cs in sets.items()}
          for p in candidates]

    def macro(i: int, n_fold: int | None, held: bool) -> float:
        vals = []
        for n in SET_NAMES:
            sel = (folds[n] == n_fold) if held else (folds[n] != n_fold)
            vals.append(float(rr[i][n][sel].mean()) if n_fold is not None else float(rr[i][n].mean()))
        return float(np.mean(vals))

    cv = {n: np.zeros(len(sets[n])) for n in SET_NAMES}
    chosen_per_fold = []
    for f in range(args.folds):
        best = max(range(len(candidates)), key=lambda i, f=f: macro(i, f, held=False))
        chosen_per_fold.append(asdict(candidates[best]))
        for n in SET_NAMES:
            sel = folds[n] == f
            cv[n][sel] = rr[best][n][sel]
    best_all = max(range(len(candidates)), key=lambda i: macro(i, None, held=False))
    default_i = next((i for i, p in enumerate(candidates) if p == fusion.DEFAULT), None)
    rows = []
    for n in SET_NAMES:
        cs = sets[n]
        rows.append({
            "set": n, "questions": len(cs),
            "lexical": float(np.mean([rr10(c.lex_ids, c.relevant) for c in cs])),
            "semantic": float(np.mean([semantic_rr(c) for c in cs])),
            "semantic + windows": float(np.mean([semantic_rr(c, fusion.DEFAULT.windows or 0.5)
                                                 for c in cs])),
            "default": (float(rr[default_i][n].mean()) if default_i is not None
                        else float(np.mean([fused_rr(c, fusion.DEFAULT) for c in cs]))),
            f"fused {args.folds}-fold CV": float(cv[n].mean()),
            "fused, chosen on all": float(rr[best_all][n].mean()),
        })
    print_table(rows, f"MRR@10 of lexical, semantic and fused rankings ({len(candidates)} "
                f"parameter sets, {args.folds}-fold cross-validation on the dev halves)")
    print(f"chosen on all questions: {candidates[best_all]}")
    for f, p in enumerate(chosen_per_fold):
        print(f"fold {f}: {p}")
    print(f"default: {fusion.DEFAULT}; captured in {captured_s:.0f} s")
    if timings:
        print_table([{"set": n, "docs": len(next(iter(sets[n])).mask), **t}
                     for n, t in timings.items()],
                    "Query latency, first page with snippets and facets (this machine, loaded)")
    if args.json:
        write_json(args.json, {"rows": rows, "chosen": asdict(candidates[best_all]),
                               "per_fold": chosen_per_fold, "default": asdict(fusion.DEFAULT),
                               "folds": args.folds, "latency": timings})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
