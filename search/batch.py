"""Batch search: ``qid<TAB>query`` lines in, a TREC run out (natural-language mode)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest

RUN_TAG = "muragat"


def read_queries(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(qid, query)`` pairs from ``qid<TAB>query`` lines (blank and malformed lines skipped)."""
    for line in lines:
        line = line.rstrip("\n\r")
        if "\t" not in line:
            continue
        qid, query = line.split("\t", 1)
        if qid.strip() and query.strip():
            yield qid.strip(), query.strip()


def run_batch(
    engine: SearchEngine, queries: Iterable[tuple[str, str]], limit: int = 100
) -> Iterator[tuple[str, str, int, float]]:
    """``(qid, doc id, rank, score)`` for the top ``limit`` documents of each query (any words)."""
    for qid, query in queries:
        resp = engine.search(SearchRequest(q=query, size=limit, any_words=True,
                                           snippets=False, facets=False))
        for rank, hit in enumerate(resp.hits, 1):
            yield qid, hit.id, rank, hit.score


def write_trec(rows: Iterable[tuple[str, str, int, float]], out: TextIO, tag: str = RUN_TAG) -> int:
    """Write TREC run lines ``qid Q0 docid rank score tag``; returns the number of lines."""
    n = 0
    for qid, doc_id, rank, score in rows:
        out.write(f"{qid} Q0 {doc_id} {rank} {score:.4f} {tag}\n")
        n += 1
    return n
