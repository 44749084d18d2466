"""Batch search: ``qid<TAB>query`` lines in, a TREC run out (natural-language mode).

A TREC run line is ``qid Q0 docid rank score tag``, split at whitespace by every reader
(trec_eval, ir_measures, trectools), so an id must not hold any. ``trec_id`` writes ids
with whitespace, control characters and ``%`` percent-encoded as UTF-8 (``a b`` ->
``a%20b``; ``urllib.parse.unquote`` gives the id back); other ids are written as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest

from muragat.settings import LIMITS

RUN_TAG = "muragat"
# The deepest run a query can have: every page the engine serves.
MAX_BATCH_LIMIT = LIMITS.max_page * LIMITS.max_page_size
_TREC_UNSAFE_RE = re.compile(r"[%\s\x00-\x1f\x7f-\x9f\u200b\u2060\ufeff]")


def read_queries(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(qid, query)`` pairs from ``qid<TAB>query`` lines (blank and malformed lines skipped;
    a byte order mark at the start of a line is not part of the qid)."""
    for line in lines:
        line = line.lstrip("\ufeff").rstrip("\n\r")
        if "\t" not in line:
            continue
        qid, query = line.split("\t", 1)
        if qid.strip() and query.strip():
            yield qid.strip(), query.strip()


def run_batch(
    engine: SearchEngine, queries: Iterable[tuple[str, str]], limit: int = 100
) -> Iterator[tuple[str, str, int, float]]:
    """``(qid, doc id, rank, score)`` for the top ``limit`` documents of each query (any words).

    Deeper than one page (``LIMITS.max_page_size``) the engine's pages are read in turn;
    ``limit`` is at most ``MAX_BATCH_LIMIT`` (``ValueError`` otherwise).
    """
    if not 1 <= limit <= MAX_BATCH_LIMIT:
        raise ValueError(f"the batch limit must be between 1 and {MAX_BATCH_LIMIT}")
    size = min(limit, LIMITS.max_page_size)
    for qid, query in queries:
        rank = 0
        for page in range(1, LIMITS.max_page + 1):
            resp = engine.search(SearchRequest(q=query, size=size, page=page, any_words=True,
                                               snippets=False, facets=False))
            for hit in resp.hits[: limit - rank]:
                rank += 1
                yield qid, hit.id, rank, hit.score
            if rank >= limit or not resp.hits or page * size >= resp.total:
                break


def trec_id(value: str) -> str:
    """``value`` usable as one field of a TREC line (see the module docstring)."""
    return _TREC_UNSAFE_RE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), value)


def write_trec(rows: Iterable[tuple[str, str, int, float]], out: TextIO, tag: str = RUN_TAG) -> int:
    """Write TREC run lines ``qid Q0 docid rank score tag``; returns the number of lines."""
    n = 0
    for qid, doc_id, rank, score in rows:
        out.write(f"{trec_id(qid)} Q0 {trec_id(doc_id)} {rank} {score:.4f} {tag}\n")
        n += 1
    return n
