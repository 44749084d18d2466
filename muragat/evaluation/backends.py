"""The same questions on the embedded index and on a SolrCloud collection, in one run.

``muragat eval retrieval --backend solr`` indexes each set's corpus twice (Whoosh, then a
Solr collection ``muragat-eval-<set>``), runs the questions on both and reports MRR@10 of
each, their ratio (target >= 0.98), and where the two rankings differ and why:

* ``same``: identical top 10 (documents and order);
* ``ties``: the same scores in the same places; documents of equal score in another order, or
  at the cut of the top 10 other documents of that score (the embedded index orders ties by
  document number, the Solr path by Solr's own order of its candidates);
* ``outside``: a document of the embedded top 10 was not among Solr's candidates (Solr's own
  BM25 ranked it below ``CANDIDATES``: its first phase approximates Muragat's scores);
* ``scores``: other score differences (floating point, or figures that differ between the
  engines, e.g. document frequencies that count deleted documents).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from muragat.evaluation.retrieval import (
    RUN_DEPTH,
    RetrievalSet,
    build_index,
    corpus_documents,
    read_qrels,
    score_run,
)
from muragat.search.batch import read_queries, run_batch
from muragat.search.engine import SearchEngine

TARGET_RATIO = 0.98


@dataclass
class BackendComparison:
    """MRR@10 of both backends on one set and how their rankings differ."""

    name: str
    queries: int
    documents: int
    whoosh: dict[str, float]
    solr: dict[str, float]
    differences: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    seconds_whoosh: float = 0.0
    seconds_solr: float = 0.0

    @property
    def ratio(self) -> float:
        base = self.whoosh["MRR@10"]
        return self.solr["MRR@10"] / base if base else 1.0

    @property
    def passed(self) -> bool:
        return self.ratio >= TARGET_RATIO

    def to_json(self) -> dict[str, Any]:
        return {"set": self.name, "queries": self.queries, "documents": self.documents,
                "whoosh": self.whoosh, "solr": self.solr, "ratio": round(self.ratio, 4),
                "passed": self.passed, "differences": self.differences,
                "examples": self.examples,
                "seconds": {"whoosh": round(self.seconds_whoosh, 1),
                            "solr": round(self.seconds_solr, 1)}}


def _top(run: list[tuple[str, str, int, float]]) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for qid, doc, rank, score in run:
        if rank <= 10:
            out.setdefault(qid, []).append((doc, round(score, 4)))
    return out


def _same_but_ties(ta: list[tuple[str, float]], tb: list[tuple[str, float]]) -> bool:
    """The same scores in the same places, documents of equal score in another order or, at
    the cut of the top 10, other documents of that same score."""
    if [s for _, s in ta] != [s for _, s in tb]:
        return False
    if not ta:
        return True
    cut = ta[-1][1]
    above_a = sorted(x for x in ta if x[1] != cut)
    above_b = sorted(x for x in tb if x[1] != cut)
    return above_a == above_b


def classify(whoosh_run: list, solr_run: list) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Count the questions by how Solr's top 10 differs from the embedded index's. Solr's
    candidates get Muragat's exact scores, so a document of the embedded top 10 missing from
    Solr's while the documents both hold score the same was not among the candidates."""
    a, b = _top(whoosh_run), _top(solr_run)
    counts = {"same": 0, "ties": 0, "outside": 0, "scores": 0}
    examples: dict[str, list[str]] = {k: [] for k in counts}
    for qid in sorted(set(a) | set(b)):
        ta, tb = a.get(qid, []), b.get(qid, [])
        if ta == tb:
            kind = "same"
        elif _same_but_ties(ta, tb):
            kind = "ties"
        elif set(ta) & set(tb) == {x for x in ta if x[0] in {d for d, _ in tb}}:
            kind = "outside"
        else:
            kind = "scores"
        counts[kind] += 1
        if kind != "same" and len(examples[kind]) < 5:
            examples[kind].append(qid)
    return counts, {k: v for k, v in examples.items() if v}


def compare_set(rset: RetrievalSet, data_dir: Path, location: Any, shards: int = 2,
                replicas: int = 1) -> BackendComparison:
    """Index ``rset``'s corpus into both backends and compare the runs."""
    from muragat.indexer import index_documents
    from muragat.indexer.solr_session import SolrTarget
    from muragat.store.solr.admin import delete_collection
    from muragat.store.solr.client import SolrClient
    from muragat.store.solr.location import SolrLocation

    docs = corpus_documents(data_dir / c for c in rset.corpora)
    queries = list(read_queries((data_dir / rset.queries).read_text(encoding="utf-8").splitlines()))
    qrels = read_qrels(data_dir / rset.qrels)
    wanted = {q for q, _ in queries}
    qrels = [q for q in qrels if q.query_id in wanted]
    collection = "muragat-eval-" + "".join(c if c.isalnum() else "-" for c in rset.name)
    target = SolrLocation(location.urls, collection)
    with tempfile.TemporaryDirectory(prefix="muragat-eval-") as tmp:
        t0 = time.perf_counter()
        build_index(docs, Path(tmp) / "muragat")
        engine = SearchEngine(Path(tmp) / "muragat")
        try:
            whoosh_run = list(run_batch(engine, queries, RUN_DEPTH))
        finally:
            engine.close()
        t1 = time.perf_counter()
        client = SolrClient(location.urls)
        delete_collection(client, collection)
        index_documents(docs, Path(tmp) / "solr-state", rebuild=True,
                        solr=SolrTarget(target, shards, replicas))
        engine = SearchEngine(str(target))
        try:
            solr_run = list(run_batch(engine, queries, RUN_DEPTH))
        finally:
            engine.close()
        t2 = time.perf_counter()
        delete_collection(client, collection)
    counts, examples = classify(whoosh_run, solr_run)
    return BackendComparison(rset.name, len(queries), len(docs), score_run(qrels, whoosh_run),
                             score_run(qrels, solr_run), counts, examples, t1 - t0, t2 - t1)


