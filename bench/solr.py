"""The SolrCloud backend beside the embedded Whoosh index, in one run (docs/SCALE.md).

    python -m bench.solr [--docs 100000] [--solr URL] [--shards 2 --replicas 1] [--json FILE]
        [--archive DIR]  (e.g. the 1M archive of bench.scale, instead of generating one)
    (also: python -m bench.index --backend solr ..., python -m bench.search --backend solr ...)

Generates the archive of ``bench.index`` (sentences of ../shared/data), indexes it with
``muragat index`` into the embedded index and into a Solr collection (each run a process of its
own: docs/s and the peak memory of its process tree), then times the same warm queries (top 10,
total, facets, snippets: ``SearchEngine.search``) on both: p50/p95. Memory: the indexer's
peak RSS (main + workers), the search process's RSS, and the RSS of each Solr JVM. Without
``--solr`` a 2-node development cluster is started in the work folder (``--heap`` per node).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench.common import print_table, write_json
from muragat.settings import shared_data_dir


def _tree_rss_mb(proc: psutil.Process) -> float:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 1e6


def run_indexer(cmd: list[str]) -> dict[str, Any]:
    """Run ``muragat index ... --json`` and sample its process tree's RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, _tree_rss_mb(ps))
            except psutil.Error:
                pass
            stop.wait(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    stop.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench.solr: {' '.join(cmd[:6])} failed: {err[-2000:]}")
    report = json.loads(out)
    seconds = time.perf_counter() - t0
    return {"docs": report["added"] + report["updated"], "seconds": seconds,
            "docs/s": (report["added"] + report["updated"]) / seconds, "peak RSS MB": peak}


def time_searches(location: str, warm: list[str], queries: list[str]) -> dict[str, Any]:
    """p50/p95 of warm searches (top 10 + total + facets + snippets) and this process's RSS."""
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest

    engine = SearchEngine(location)
    for q in warm:
        engine.search(SearchRequest(q=q))
    times, errors, hits = [], 0, 0
    for q in queries:
        t0 = time.perf_counter()
        resp = engine.search(SearchRequest(q=q))
        times.append((time.perf_counter() - t0) * 1000)
        errors += bool(resp.error)
        hits += resp.total
    engine.close()
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]  # noqa: E731
    return {"queries": len(queries), "p50 ms": pct(50), "p95 ms": pct(95), "errors": errors,
            "hits": hits, "search process RSS MB": psutil.Process().memory_info().rss / 1e6}


def jvm_rss(cluster: Path | None) -> dict[str, float]:
    """RSS (MB) of each process of a development cluster."""
    if cluster is None:
        return {}
    from muragat.store.solr.devcluster import pids

    out = {}
    for name, pid in pids(cluster).items():
        try:
            out[name] = psutil.Process(pid).memory_info().rss / 1e6
        except psutil.Error:
            pass
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=60)
    ap.add_argument("--solr", default=None, metavar="URL",
                    help="an existing cluster (default: start a 2-node development cluster)")
    ap.add_argument("--shards", type=int, default=2)
    ap.add_argument("--replicas", type=int, default=1)
    ap.add_argument("--heap", default="1g", help="heap per development node (default 1g)")
    ap.add_argument("--workdir", default=None, help="keep archive, indexes, cluster here")
    ap.add_argument("--archive", default=None, metavar="DIR",
                    help="an archive generated earlier by bench.index or bench.scale "
                         "(default: generate --docs documents in the work folder)")
    ap.add_argument("--json", default=None, metavar="FILE")
    ap.add_argument("--queries-file", default=None, metavar="FILE",
                    help="a JSON list of queries, e.g. bench.scale's queries-N.json: the first "
                         "is the open query, the next --warmup warm up, the rest are timed "
                         "(default: sample from the stored documents, which holds them all)")
    ap.add_argument("--search-only", action="store_true",
                    help="reuse the indexes and cluster of an earlier run in --workdir")
    args = ap.parse_args(argv)
    if args.search_only and not args.workdir:
        ap.error("--search-only needs --workdir")

    from muragat.store.solr import devcluster

    from bench.index import generate_archive, sentence_pools
    from bench.search import sample_queries, stored_documents

    data = shared_data_dir()
    if data is None:
        print("bench.solr: ../shared/data is not present; nothing to measure", file=sys.stderr)
        return 2
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="muragat-bench-solr-"))
    work.mkdir(parents=True, exist_ok=True)
    cluster = None
    try:
        url = args.solr
        if url is None:
            why = devcluster.java_missing()
            if why:
                print(f"bench.solr: {why}", file=sys.stderr)
                return 2
            cluster = work / "cluster"
            port = _two_free_ports()
            if args.search_only and devcluster.load_info(cluster) is not None:
                port = devcluster.load_info(cluster).port
            info = devcluster.start(cluster, nodes=2, port=port, heap=args.heap)
            url = ",".join(info.urls)
        from muragat.store.solr.admin import delete_collection
        from muragat.store.solr.client import SolrClient

        if not args.search_only:
            delete_collection(SolrClient(url.split(",")), "bench")
        archive = Path(args.archive) if args.archive else work / "archive"
        if args.archive and not archive.is_dir():
            ap.error(f"--archive {archive}: not a folder")
        if not archive.exists():
            generate_archive(archive, args.docs, sentence_pools(data))
        muragat = [sys.executable, "-m", "muragat", "index", str(archive), "--jobs",
                   str(args.jobs), "--quiet", "--json", "--rebuild"]
        whoosh_dir = work / "whoosh"
        rows = []
        skipped = {"docs": None, "seconds": None, "docs/s": None, "peak RSS MB": None}
        if args.search_only:
            from muragat.store.solr.admin import upload_configset, wait_active

            client = SolrClient(url.split(","))
            upload_configset(client)  # the configset of this checkout
            client.request("/admin/collections", {"action": "RELOAD", "name": "bench"})
            wait_active(client, "bench")
            w = s = skipped
        else:
            w = run_indexer([*muragat, "--index", str(whoosh_dir)])
            s = run_indexer([*muragat, "--index", str(work / "solr-state"), "--backend",
                             "solr", "--solr", url, "--collection", "bench", "--shards",
                             str(args.shards), "--replicas", str(args.replicas)])
        jvm_after_index = jvm_rss(cluster)
        if args.queries_file:
            queries = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))[1:]
        else:
            docs = stored_documents(whoosh_dir)
            queries = sample_queries(docs, args.queries + args.warmup, seed=11)
            del docs
        warm, measured = queries[: args.warmup], queries[args.warmup:]
        ws = time_searches(str(whoosh_dir), warm, measured)
        ss = time_searches(f"solr:{url}/bench", warm, measured)
        jvm_after_search = jvm_rss(cluster)
        for name, ix, se in (("whoosh (embedded)", w, ws),
                             (f"solr {args.shards}x{args.replicas} on 2 nodes", s, ss)):
            rows.append({"backend": name, "docs": ix["docs"], "index s": ix["seconds"],
                         "docs/s": ix["docs/s"], "indexer peak RSS MB": ix["peak RSS MB"],
                         "search p50 ms": se["p50 ms"], "search p95 ms": se["p95 ms"],
                         "search errors": se["errors"], "hits": se["hits"],
                         "search process RSS MB": se["search process RSS MB"]})
        n = w["docs"] or s["docs"]
        print_table(rows, f"Indexing and search, {n:,} generated documents, same run" if n
                    else "Search, the indexes of an earlier run")
        print(f"Solr JVM RSS MB after indexing: {json.dumps(jvm_after_index)}; "
              f"after searching: {json.dumps(jvm_after_search)}")
        if args.json:
            write_json(args.json, {"rows": rows, "jvm_rss_mb_after_index": jvm_after_index,
                                   "jvm_rss_mb_after_search": jvm_after_search,
                                   "shards": args.shards, "replicas": args.replicas})
    finally:
        if cluster is not None:
            devcluster.stop(cluster)
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _two_free_ports() -> int:
    import socket

    for _ in range(100):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        with socket.socket() as b:
            try:
                b.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise OSError("no two free ports in a row")


if __name__ == "__main__":
    sys.exit(main())
