"""Retrieval quality on the shared question -> passage sets, against a plain-Whoosh baseline.

For each set: index the corpus (JSONL, ``pid`` as the document id) into a
temporary directory with Muragat's indexer, run the questions in batch mode
(any words, top 100), and score MRR@10, nDCG@10 and Recall@10 with ir-measures.
The baseline is Whoosh out of the box: ``StandardAnalyzer`` (no morphology), BM25F,
the question's words OR-ed — measured in the same run on the same corpus.

With ``embeddings`` the index gets the semantic layer (its vectors cached by content in
``<model cache>/eval-vectors``, so a second evaluation embeds nothing) and each set is run
twice on it: fused (``muragat``) and lexical only (``lexical``), in the same run.
"""

from __future__ import annotations

import gzip
import json
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from muragat.indexer.document import Document
from muragat.search.batch import read_queries, run_batch
from muragat.search.engine import SearchEngine
from muragat.store.baseline import PlainIndex

MEASURE_NAMES = {"RR@10": "MRR@10", "nDCG@10": "nDCG@10", "R@10": "Recall@10"}


class MissingDependency(RuntimeError):
    """An optional package that this evaluation needs is not installed."""


def _ir_measures() -> Any:
    """The ir-measures package (test and evaluation extra), imported when first needed, so that
    ``muragat`` starts on an install without extras."""
    try:
        import ir_measures
    except ImportError as exc:
        raise MissingDependency(
            "muragat eval retrieval needs ir-measures: pip install 'muragat[test]' "
            "(or pip install ir-measures==0.4.3)") from exc
    return ir_measures
RUN_DEPTH = 100

# MRR@10 targets of issue 5 (dev halves).
TARGETS = {"xquad-ru": 0.960, "xquad-en": 0.960, "kazqad": 0.780}


@dataclass(frozen=True)
class RetrievalSet:
    """A named evaluation set: corpus files, queries file, qrels file (relative to shared data)."""

    name: str
    corpora: tuple[str, ...]
    queries: str
    qrels: str
    target: float | None = None
    distractors_limit: int | None = None  # for gzipped distractor corpora: how many docs


SETS: dict[str, RetrievalSet] = {
    "xquad-ru": RetrievalSet("xquad-ru", ("xquad_retrieval_ru_en/corpus.ru.jsonl",),
                             "xquad_retrieval_ru_en/queries.ru.tsv",
                             "xquad_retrieval_ru_en/qrels.tsv", TARGETS["xquad-ru"]),
    "xquad-en": RetrievalSet("xquad-en", ("xquad_retrieval_ru_en/corpus.en.jsonl",),
                             "xquad_retrieval_ru_en/queries.en.tsv",
                             "xquad_retrieval_ru_en/qrels.tsv", TARGETS["xquad-en"]),
    "kazqad": RetrievalSet("kazqad", ("kazqad_retrieval_kk/corpus.jsonl",),
                           "kazqad_retrieval_kk/queries.tsv",
                           "kazqad_retrieval_kk/qrels.tsv", TARGETS["kazqad"]),
}
# Reported without a target: harder or cross-language variants.
EXTRA_SETS: dict[str, RetrievalSet] = {
    "kazqad+kaznerd": RetrievalSet(
        "kazqad+kaznerd",
        ("kazqad_retrieval_kk/corpus.jsonl", "multilingual_docs/kk_kaznerd_news_sentences.jsonl.gz"),
        "kazqad_retrieval_kk/queries.tsv", "kazqad_retrieval_kk/qrels.tsv"),
    "xquad-ru->en": RetrievalSet("xquad-ru->en", ("xquad_retrieval_ru_en/corpus.en.jsonl",),
                                 "xquad_retrieval_ru_en/queries.ru.tsv",
                                 "xquad_retrieval_ru_en/qrels.tsv"),
    "xquad-en->ru": RetrievalSet("xquad-en->ru", ("xquad_retrieval_ru_en/corpus.ru.jsonl",),
                                 "xquad_retrieval_ru_en/queries.en.tsv",
                                 "xquad_retrieval_ru_en/qrels.tsv"),
}
GROUPS = {"all": [*SETS, *EXTRA_SETS], "targets": list(SETS), **{k: [k] for k in (*SETS, *EXTRA_SETS)}}


@dataclass
class SetResult:
    """Scores of Muragat and of the baseline on one set."""

    name: str
    queries: int
    documents: int
    muragat: dict[str, float]
    baseline: dict[str, float]
    target: float | None
    seconds: float
    per_query_rr: dict[str, float] = field(default_factory=dict)
    lexical: dict[str, float] | None = None  # with the semantic layer: the lexical run alone

    @property
    def passed(self) -> bool | None:
        """Whether MRR@10 reaches the target (None without a target)."""
        return None if self.target is None else self.muragat["MRR@10"] >= self.target

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        out = {"set": self.name, "queries": self.queries, "documents": self.documents,
               "muragat": self.muragat, "baseline": self.baseline, "target_mrr10": self.target,
               "passed": self.passed, "seconds": round(self.seconds, 1)}
        if self.lexical is not None:
            out["lexical"] = self.lexical
        return out


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a (possibly gzipped) JSON Lines file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def corpus_documents(paths: Iterable[Path]) -> list[Document]:
    """``Document`` objects of the corpus files (``pid`` or ``doc_id`` as id)."""
    docs = []
    for path in paths:
        for rec in read_jsonl(path):
            doc_id = str(rec.get("pid") or rec.get("doc_id"))
            docs.append(Document(id=doc_id, text=rec.get("text") or "",
                                 title=rec.get("title") or "", lang=None, file=path.name))
    return docs


def eval_vector_cache() -> Path | None:
    """The folder where the evaluation keeps the vectors it embedded (None: no model cache)."""
    from muragat.analysis.model_cache import cache_dir

    folder = cache_dir()
    return folder / "eval-vectors" if folder is not None else None


def build_index(docs: list[Document], index_dir: Path, embeddings: bool = False,
                progress: bool = False) -> None:
    """Index ``docs`` afresh with Muragat's indexer (``embeddings``: with the semantic layer)."""
    from muragat.indexer import index_documents

    report = index_documents(docs, index_dir, rebuild=True, embeddings=embeddings,
                             progress=progress,
                             vector_cache=eval_vector_cache() if embeddings else None)
    if report.failed:
        raise RuntimeError("; ".join(f"{f.path}: {f.reason}" for f in report.failed))


def build_baseline_index(docs: list[Document], index_dir: Path) -> PlainIndex:
    """The plain-Whoosh baseline index of ``docs`` (title + text, no morphology)."""
    return PlainIndex.build(((d.id, f"{d.title}\n{d.text}") for d in docs), index_dir)


def run_baseline(ix: PlainIndex, queries: list[tuple[str, str]], limit: int = RUN_DEPTH
                 ) -> Iterator[tuple[str, str, int, float]]:
    """The baseline run: each question's analyzed words OR-ed, BM25F."""
    for qid, text in queries:
        for rank, (doc_id, score) in enumerate(ix.search_any(text, limit), 1):
            yield qid, doc_id, rank, score


def read_qrels(path: Path) -> list[Any]:
    """TREC qrels lines as ir-measures ``Qrel`` objects."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            out.append(_ir_measures().Qrel(parts[0], parts[2], int(parts[3])))
    return out


def score_run(qrels: list[Any], run: Iterable[tuple[str, str, int, float]]) -> dict[str, float]:
    """MRR@10, nDCG@10 and Recall@10 of a run (questions without results count as 0)."""
    ir_measures = _ir_measures()
    measures = [ir_measures.parse_measure(name) for name in MEASURE_NAMES]
    scored = [ir_measures.ScoredDoc(q, d, float(RUN_DEPTH - r + 1)) for q, d, r, _ in run]
    agg = ir_measures.calc_aggregate(measures, qrels, scored)
    qids_with_rel = {q.query_id for q in qrels if q.relevance > 0}
    ran = {s.query_id for s in scored}
    missing = len(qids_with_rel - ran)
    out = {}
    for m in measures:
        value = float(agg.get(m, 0.0))
        if missing and qids_with_rel:  # ir-measures averages over queries present in the run
            value = value * (len(qids_with_rel) - missing) / len(qids_with_rel)
        out[MEASURE_NAMES[str(m)]] = round(value, 4)
    return out


def per_query_rr(qrels: list[Any], run: list[tuple[str, str, int, float]]) -> dict[str, float]:
    """Reciprocal rank (cut at 10) of each question, for error analysis."""
    rel = {(q.query_id, q.doc_id) for q in qrels if q.relevance > 0}
    out: dict[str, float] = {q.query_id: 0.0 for q in qrels if q.relevance > 0}
    for qid, doc, rank, _ in run:
        if rank <= 10 and (qid, doc) in rel and out.get(qid, 0.0) == 0.0:
            out[qid] = 1.0 / rank
    return out


def evaluate_set(rset: RetrievalSet, data_dir: Path, work_dir: Path | None = None,
                 embeddings: bool = False, progress: bool = False) -> SetResult:
    """Index, run and score one set for Muragat and for the baseline (``embeddings``: with
    the semantic layer, and the lexical run alone beside it)."""
    t0 = time.perf_counter()
    docs = corpus_documents(data_dir / c for c in rset.corpora)
    queries = list(read_queries((data_dir / rset.queries).read_text(encoding="utf-8").splitlines()))
    qrels = read_qrels(data_dir / rset.qrels)
    wanted = {q for q, _ in queries}
    qrels = [q for q in qrels if q.query_id in wanted]
    lexical = None
    with tempfile.TemporaryDirectory(prefix="muragat-eval-", dir=work_dir) as tmp:
        build_index(docs, Path(tmp) / "muragat", embeddings, progress)
        engine = SearchEngine(Path(tmp) / "muragat")
        try:
            run = list(run_batch(engine, queries, RUN_DEPTH))
            if embeddings:
                lexical = score_run(qrels, run_batch(engine, queries, RUN_DEPTH, semantic=False))
        finally:
            engine.close()
        base_ix = build_baseline_index(docs, Path(tmp) / "baseline")
        base_run = list(run_baseline(base_ix, queries))
    return SetResult(rset.name, len(queries), len(docs), score_run(qrels, run),
                     score_run(qrels, base_run), rset.target, time.perf_counter() - t0,
                     per_query_rr(qrels, run), lexical)


def evaluate_sets(names: Iterable[str], data_dir: Path, embeddings: bool = False,
                  progress: bool = False) -> list[SetResult]:
    """Evaluate several sets by name (see ``SETS`` and ``EXTRA_SETS``)."""
    every = {**SETS, **EXTRA_SETS}
    return [evaluate_set(every[n], data_dir, embeddings=embeddings, progress=progress)
            for n in names]
