"""Search latency benchmark: Muragat vs plain Whoosh, measured in the same run.

    python -m bench.search [--docs N] [--queries N] [--index DIR] [--json FILE]

The archive is the generated one of ``bench.index`` (``--docs`` documents of 1-2 KB
composed from the shared real sentences, kk/ru/en, dates, sources), indexed with
Muragat's indexer (or reused with ``--index DIR``). The baseline index holds the same
documents (id, title + body, lang, year, source) with Whoosh's StandardAnalyzer.

Queries: 1-3 consecutive words taken from random documents. Each query is answered
the way a results page needs it: top 10, total, facets (lang, year, source) and
snippets. Muragat: ``SearchEngine.search``; baseline: ``searcher.search`` with
``groupedby`` facets and Whoosh's highlighter. Both warm (searcher opened once,
warm-up queries first, measured queries not seen before). Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb, print_table, write_json

TARGET_P95_MS = 50.0


def build_archive_index(n: int, work: Path, jobs: int) -> Path:
    """Generate the ``bench.index`` archive of ``n`` documents and index it with Muragat."""
    from muragat.indexer import index_paths

    from bench.index import generate_archive, sentence_pools
    from muragat.settings import shared_data_dir

    data = shared_data_dir()
    if data is None:
        raise SystemExit("bench.search: ../shared/data not found (set MURAGAT_SHARED_DATA)")
    root = work / "archive"
    generate_archive(root, n, sentence_pools(data))
    index_dir = work / "muragat-index"
    t0 = time.perf_counter()
    index_paths([str(root)], index_dir, jobs=jobs, rebuild=True, progress=False)
    print(f"indexed {n:,} generated documents in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    shutil.rmtree(root, ignore_errors=True)
    return index_dir


def stored_documents(index_dir: Path) -> list[dict[str, Any]]:
    """Stored fields of every document of a Muragat index."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir), indexname="MAIN")
    with ix.searcher() as s:
        return [dict(f) for f in s.all_stored_fields()]


def build_baseline(docs: list[dict[str, Any]], path: Path) -> Any:
    """Plain Whoosh index of the same documents (StandardAnalyzer, sortable facet fields)."""
    from whoosh import index as whoosh_index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True),
                    body=TEXT(analyzer=StandardAnalyzer(), stored=True),
                    lang=ID(stored=True, sortable=True),
                    year=NUMERIC(int, stored=True, sortable=True),
                    source=ID(stored=True, sortable=True))
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), schema)
    with ix.writer(limitmb=256) as w:
        for d in docs:
            w.add_document(id=d["id"], title=d.get("title") or "", body=d.get("body") or "",
                           lang=d.get("lang") or "other", year=d.get("year") or 0,
                           source=d.get("source") or "")
    return ix


def sample_queries(docs: list[dict[str, Any]], n: int, seed: int) -> list[str]:
    """``n`` queries of 1-3 consecutive words (4+ letters) from random documents."""
    from muragat.analysis import tokenize

    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        body = rng.choice(docs).get("body") or ""
        words = [t.text for t in tokenize(body) if len(t.text) >= 4 and t.text.isalpha()]
        k = 1 + len(out) % 3
        if len(words) < k:
            continue
        i = rng.randrange(len(words) - k + 1)
        out.append(" ".join(words[i : i + k]))
    return out


def time_muragat(index_dir: Path, warm: list[str], queries: list[str]
                 ) -> tuple[list[float], list[float], int]:
    """Wall and CPU latencies (ms) of Muragat searches with facets and snippets; hits seen."""
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest

    engine = SearchEngine(index_dir)
    for q in warm:
        engine.search(SearchRequest(q=q))
    times, cpu, hits = [], [], 0
    for q in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        resp = engine.search(SearchRequest(q=q))
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
        if resp.error:
            print(f"muragat error for {q!r}: {resp.error}", file=sys.stderr)
        hits += resp.total
    engine.close()
    return times, cpu, hits


def time_baseline(ix: Any, warm: list[str], queries: list[str]
                  ) -> tuple[list[float], list[float], int]:
    """Wall and CPU latencies (ms) of plain Whoosh: AND of the words, groupedby facets,
    highlights."""
    from whoosh import query as wq
    from whoosh import sorting

    analyzer = ix.schema["body"].analyzer
    facets = {name: sorting.FieldFacet(name) for name in ("lang", "year", "source")}
    times, cpu, hits = [], [], 0
    with ix.searcher() as s:
        def one(q: str) -> int:
            terms = [wq.Term("body", t.text) for t in analyzer(q)]
            if not terms:
                return 0
            res = s.search(wq.And(terms), limit=10, groupedby=facets)
            for name in facets:
                res.groups(name)
            for hit in res:
                hit.highlights("body")
            return len(res)

        for q in warm:
            one(q)
        for q in queries:
            t0, c0 = time.perf_counter(), time.thread_time()
            hits += one(q)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    return times, cpu, hits


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _row(name: str, times: list[float], cpu: list[float], hits: int) -> dict[str, Any]:
    return {"engine": name, "queries": len(times), "p50 ms": round(_pct(times, 50), 2),
            "p95 ms": round(_pct(times, 95), 2), "max ms": round(max(times), 2),
            "mean ms": round(statistics.fmean(times), 2),
            "cpu p50 ms": round(_pct(cpu, 50), 2), "cpu p95 ms": round(_pct(cpu, 95), 2),
            "avg hits": round(hits / len(times), 1)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (exit 1 if Muragat misses the p95 target)."""
    if argv is None:
        argv = sys.argv[1:]
    if "--backend" in argv and argv[argv.index("--backend") + 1:][:1] == ["solr"]:
        # The Solr backend beside the embedded index, indexing and searching in one run.
        from bench.solr import main as solr_main

        rest = argv[: argv.index("--backend")] + argv[argv.index("--backend") + 2:]
        return solr_main(rest)
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000, help="generated documents")
    parser.add_argument("--queries", type=int, default=300, help="measured queries")
    parser.add_argument("--warmup", type=int, default=60, help="warm-up queries (not measured)")
    parser.add_argument("--index", default=None, metavar="DIR",
                        help="reuse this Muragat index instead of generating one")
    parser.add_argument("--keep", default=None, metavar="DIR",
                        help="build the generated index in DIR and keep it (for --index later)")
    parser.add_argument("--baseline-index", default=None, metavar="DIR",
                        help="build the plain-Whoosh index here, or reuse it if it exists")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", default=None, metavar="FILE")
    args = parser.parse_args(argv)
    from whoosh import index as whoosh_index

    with tempfile.TemporaryDirectory(prefix="muragat-bench-search-") as tmp:
        work = Path(tmp)
        if args.index:
            index_dir = Path(args.index)
        elif args.keep:
            index_dir = build_archive_index(args.docs, Path(args.keep), args.jobs)
        else:
            index_dir = build_archive_index(args.docs, work, args.jobs)
        docs = stored_documents(index_dir)
        base_dir = Path(args.baseline_index) if args.baseline_index else work / "baseline"
        base_ix = None
        if args.baseline_index and whoosh_index.exists_in(str(base_dir)):
            base_ix = whoosh_index.open_dir(str(base_dir))
            if not {"lang", "year", "source"} <= set(base_ix.schema.names()):
                print(f"{base_dir} is not this benchmark's baseline index (no lang/year/source "
                      f"fields): building it again", file=sys.stderr)
                base_ix = None
        if base_ix is None:
            base_ix = build_baseline(docs, base_dir)
        queries = sample_queries(docs, args.warmup + args.queries, seed=11)
        warm, measured = queries[: args.warmup], queries[args.warmup :]
        m_times, m_cpu, m_hits = time_muragat(index_dir, warm, measured)
        b_times, b_cpu, b_hits = time_baseline(base_ix, warm, measured)
    rows = [_row("muragat", m_times, m_cpu, m_hits), _row("plain whoosh", b_times, b_cpu, b_hits)]
    print_table(rows, f"Search latency, {len(docs):,} documents, 1-3 word queries, top 10 + "
                      f"facets + snippets (warm)")
    ok = rows[0]["p95 ms"] <= TARGET_P95_MS
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if ok else 'NOT met'}; "
          f"peak RSS {peak_rss_mb():.0f} MB; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores (wall times include waiting for the CPU, cpu columns do not)")
    if args.json:
        write_json(args.json, {"documents": len(docs), "rows": rows, "target_p95_ms": TARGET_P95_MS,
                               "met": ok})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
