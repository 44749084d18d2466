"""Retrieval quality on the shared question -> passage sets, against a plain-Whoosh baseline.

For each set: index the corpus (JSONL, ``pid`` as the document id) into a
temporary directory with Muragat's indexer, run the questions in batch mode
(any words, top 100), and score MRR@10, nDCG@10 and Recall@10 with ir-measures.
The baseline is Whoosh out of the box: ``StandardAnalyzer`` (no morphology), BM25F,
the question's words OR-ed — measured in the same run on the same corpus.
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

    @property
    def passed(self) -> bool | None:
        """Whether MRR@10 reaches the target (None without a target)."""
        return None if self.target is None else self.muragat["MRR@10"] >= self.target

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"set": self.name, "queries": self.queries, "documents": self.documents,
                "muragat": self.muragat, "baseline": self.baseline, "target_mrr10": self.target,
                "passed": self.passed, "seconds": round(self.seconds, 1)}


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


def build_index(docs: list[Document], index_dir: Path) -> None:
    """Index ``docs`` with Muragat's indexer (or a minimal writer while it is not there)."""
    try:
        from muragat.indexer import index_documents  # type: ignore[attr-defined]
    except ImportError:
        index_documents = None
    if index_documents is not None:
        index_documents(docs, index_dir, rebuild=True)
        return
    write_minimal_index(docs, index_dir)


def write_minimal_index(docs: Iterable[Document], index_dir: Path) -> None:
    """Write documents with the store schema and ``analysis`` (no incremental bookkeeping)."""
    from whoosh import index as whoosh_index

    from muragat.analysis import INDEX_LANGS, analyze_document, normalize_text
    from muragat.store import TermStream, build_schema

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), build_schema(), indexname="MAIN")
    writer = ix.writer(limitmb=256)
    fields = set(ix.schema.names())
    for doc in docs:
        body = normalize_text(doc.text)
        title = normalize_text(doc.title).strip()
        b = analyze_document(body, doc.lang)
        t = analyze_document(title, doc.lang or b.primary) if title else None
        values: dict[str, Any] = {"id": doc.id, "file": doc.file, "title": title, "body": body,
                                  "segments": [[s.start, s.end, s.lang] for s in b.segments],
                                  "lang": b.primary, "langs": " ".join(b.langs) or b.primary}
        for lang in INDEX_LANGS:
            if b.terms.get(lang):
                values[f"body_{lang}"] = TermStream.of(b.terms[lang])
            if t is not None and t.terms.get(lang):
                values[f"title_{lang}"] = TermStream.of(t.terms[lang])
        for name in ("exact", "fold"):
            if name not in fields:
                continue
            terms = list(getattr(b, name, None) or [])
            extra = list(getattr(t, name, None) or []) if t is not None else []
            shift = (terms[-1][1] + 10) if terms else 0
            terms += [(x[0], x[1] + shift, x[2], x[3]) for x in extra]
            if terms:
                values[name] = TermStream.of(terms)
        year = doc.year or (int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else None)
        for key, value in (("year", year), ("date", doc.date), ("source", doc.source),
                           ("url", doc.url)):
            if value:
                values[key] = value
        writer.add_document(**values)
    writer.commit()


def build_baseline_index(docs: list[Document], index_dir: Path) -> Any:
    """Plain Whoosh: title + text with ``StandardAnalyzer``, BM25F defaults."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    index_dir.mkdir(parents=True, exist_ok=True)
    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=StandardAnalyzer()))
    ix = whoosh_index.create_in(str(index_dir), schema)
    with ix.writer(limitmb=256) as w:
        for d in docs:
            w.add_document(id=d.id, text=f"{d.title}\n{d.text}")
    return ix


def run_baseline(ix: Any, queries: list[tuple[str, str]], limit: int = RUN_DEPTH
                 ) -> Iterator[tuple[str, str, int, float]]:
    """The baseline run: each question's analyzed words OR-ed, BM25F."""
    from whoosh import query as wq

    analyzer = ix.schema["text"].analyzer
    with ix.searcher() as s:
        for qid, text in queries:
            words = list(dict.fromkeys(t.text for t in analyzer(text)))
            if not words:
                continue
            results = s.search(wq.Or([wq.Term("text", w) for w in words]), limit=limit)
            for rank, hit in enumerate(results, 1):
                yield qid, hit["id"], rank, float(hit.score)


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


def evaluate_set(rset: RetrievalSet, data_dir: Path, work_dir: Path | None = None) -> SetResult:
    """Index, run and score one set for Muragat and for the baseline."""
    t0 = time.perf_counter()
    docs = corpus_documents(data_dir / c for c in rset.corpora)
    queries = list(read_queries((data_dir / rset.queries).read_text(encoding="utf-8").splitlines()))
    qrels = read_qrels(data_dir / rset.qrels)
    wanted = {q for q, _ in queries}
    qrels = [q for q in qrels if q.query_id in wanted]
    with tempfile.TemporaryDirectory(prefix="muragat-eval-", dir=work_dir) as tmp:
        build_index(docs, Path(tmp) / "muragat")
        engine = SearchEngine(Path(tmp) / "muragat")
        try:
            run = list(run_batch(engine, queries, RUN_DEPTH))
        finally:
            engine.close()
        base_ix = build_baseline_index(docs, Path(tmp) / "baseline")
        base_run = list(run_baseline(base_ix, queries))
    return SetResult(rset.name, len(queries), len(docs), score_run(qrels, run),
                     score_run(qrels, base_run), rset.target, time.perf_counter() - t0,
                     per_query_rr(qrels, run))


def evaluate_sets(names: Iterable[str], data_dir: Path) -> list[SetResult]:
    """Evaluate several sets by name (see ``SETS`` and ``EXTRA_SETS``)."""
    every = {**SETS, **EXTRA_SETS}
    return [evaluate_set(every[n], data_dir) for n in names]
