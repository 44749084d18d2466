"""Benchmark of the web API: ``/api/search`` under 8 concurrent clients on loopback.

Runs ``muragat serve`` in a subprocess over the demo index (``corpus/`` indexed into a
temporary folder unless ``--index`` is given), then for a bounded time each client
thread sends requests over its own keep-alive connection. Baselines measured in the
same run: ``SearchEngine.search`` called in-process (the floor) and ``/healthz`` (the
server and app without search). The target row runs with the result cache off, so
every request is a real search; ``--with-cache`` adds a row with it on.
Targets on a 2-core machine: >= 200 requests/s, p95 <= 100 ms, zero errors.

    python -m bench.web [--index DIR] [--seconds 20] [--clients 8] [--workers 2] [--json FILE]

The per-client rate limit is switched off for the run (``--rate-limit 0``): all
clients share the loopback address.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import print_table, write_json

REPO = Path(__file__).resolve().parent.parent
TARGET_RPS = 200.0
TARGET_P95_MS = 100.0

# Queries a reader might type (inflected forms, three languages, filters, paging).
QUERIES: list[dict] = [
    {"q": "кітапхана"}, {"q": "кітаптар", "lang": "kk"}, {"q": "кітапханалардың жаңалықтары"},
    {"q": "көрме"}, {"q": "оқырмандарға"}, {"q": "мұрағат", "sort": "newest"},
    {"q": "библиотека"}, {"q": "книгами", "lang": "ru"}, {"q": "выставки", "year_from": 2015},
    {"q": "читателей"}, {"q": "конференция библиотекарей"}, {"q": "архив", "page": 2},
    {"q": "library"}, {"q": "books", "lang": "en"}, {"q": "readers events", "sort": "oldest"},
    {"q": "\"кітап көрмесі\""}, {"q": "конкурс"}, {"q": "exhibition", "size": 20},
]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_demo_index(target: Path) -> None:
    """Index the demo ``corpus/`` into ``target``."""
    from muragat.indexer import index_paths

    report = index_paths([REPO / "corpus"], target, rebuild=True)
    if not report.committed:
        raise SystemExit("indexing corpus/ failed")


def start_server(index_dir: Path, port: int, threads: int, workers: int,
                 cache_size: int) -> subprocess.Popen:
    """``muragat serve`` in a subprocess; returns once /healthz answers."""
    cmd = [sys.executable, "-m", "muragat", "serve", "--index", str(index_dir), "--host", "127.0.0.1",
           "--port", str(port), "--threads", str(threads), "--workers", str(workers),
           "--rate-limit", "0", "--cache-size", str(cache_size)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("muragat serve exited: " + proc.stderr.read().decode(errors="replace"))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("muragat serve did not start within 60 s")


def _client(port: int, paths, stop_at: float, latencies: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in paths:
        if time.monotonic() >= stop_at:
            break
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200 or not body:
                errors.append(f"{response.status} {path}")
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        latencies.append((time.perf_counter() - t0) * 1000)
    conn.close()


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds used so far by ``pids`` (this process included if listed)."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _tree(pid: int) -> list[int]:
    import psutil

    try:
        return [pid] + [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return [pid]


def load(port: int, paths: list[str], clients: int, seconds: float, server_pid: int | None = None) -> dict:
    """``clients`` threads cycling through ``paths`` for ``seconds``: throughput and latency.

    With ``server_pid``, also the CPU milliseconds per request of the server processes and
    of this client, and the requests/s they would allow on the machine's cores if nothing
    else ran (``cpu_capacity``): a figure that does not depend on other load.
    """
    pids = _tree(server_pid) if server_pid else []
    cpu0, own0 = _cpu_s(pids), _cpu_s([os.getpid()])
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(
            port, itertools.islice(itertools.cycle(paths), i, None), stop_at, latencies[i], errors))
        for i in range(clients)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    server_cpu, client_cpu = _cpu_s(pids) - cpu0, _cpu_s([os.getpid()]) - own0
    all_ms = sorted(ms for part in latencies for ms in part)
    q = statistics.quantiles(all_ms, n=100, method="inclusive") if len(all_ms) > 1 else [0.0] * 99
    return {
        "requests": len(all_ms),
        "req_per_s": round(len(all_ms) / elapsed, 1),
        "p50_ms": round(q[49], 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "errors": len(errors),
        "server_cpu_ms": round(1000 * server_cpu / max(len(all_ms), 1), 2) if pids else None,
        "client_cpu_ms": round(1000 * client_cpu / max(len(all_ms), 1), 2),
        "cpu_capacity": round((os.cpu_count() or 1) * len(all_ms) / (server_cpu + client_cpu), 1)
        if pids and server_cpu + client_cpu > 0 else None,
        "error_samples": errors[:5],
    }


def engine_in_process(index_dir: Path, seconds: float) -> dict:
    """``SearchEngine.search`` called directly, one thread: the floor under the HTTP numbers."""
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest

    engine = SearchEngine(index_dir)
    reqs = []
    for q in QUERIES:
        args = dict(q)
        if "lang" in args:
            args["langs"] = (args.pop("lang"),)
        reqs.append(SearchRequest(**args))
    for req in reqs:
        engine.search(req)  # warm-up
    latencies: list[float] = []
    stop_at = time.monotonic() + seconds
    t0 = time.perf_counter()
    for req in itertools.cycle(reqs):
        if time.monotonic() >= stop_at:
            break
        t1 = time.perf_counter()
        engine.search(req)
        latencies.append((time.perf_counter() - t1) * 1000)
    elapsed = time.perf_counter() - t0
    engine.close()
    q = statistics.quantiles(sorted(latencies), n=100, method="inclusive")
    return {"requests": len(latencies), "req_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2), "p99_ms": round(q[98], 2),
            "errors": 0, "server_cpu_ms": None, "client_cpu_ms": None, "cpu_capacity": None}


def search_paths() -> list[str]:
    """The ``/api/search`` URLs of ``QUERIES``."""
    return ["/api/search?" + urlencode(q) for q in QUERIES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an existing index (default: index corpus/ now)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per endpoint")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per worker")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="muragat serve worker processes (default: one per core)")
    parser.add_argument("--with-cache", action="store_true",
                        help="also measure with the result cache on (repeated queries hit it)")
    parser.add_argument("--json", help="write the results as JSON here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="muragat-bench-web-") as tmp:
        index_dir = args.index
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            t0 = time.perf_counter()
            build_demo_index(index_dir)
            print(f"indexed corpus/ in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        engine = engine_in_process(index_dir, min(args.seconds, 5.0))
        # The target is measured with the result cache off: every request runs a search.
        docs, baseline, search = _measure(index_dir, args, cache_size=0, with_baseline=True)
        cached = None
        if args.with_cache:
            _, _, cached = _measure(index_dir, args, cache_size=256, with_baseline=False)

    ok = (search["req_per_s"] >= TARGET_RPS and search["p95_ms"] <= TARGET_P95_MS
          and search["errors"] == 0)
    rows = [
        {"endpoint": "engine.search in-process, 1 thread", **engine},
        {"endpoint": "/healthz (baseline)", **{k: v for k, v in baseline.items() if k != "error_samples"}},
        {"endpoint": "/api/search (target; cache off)",
         **{k: v for k, v in search.items() if k != "error_samples"}},
    ]
    if cached is not None:
        rows.append({"endpoint": "/api/search (result cache on, same 18 queries)",
                     **{k: v for k, v in cached.items() if k != "error_samples"}})
    rows = [{k: "-" if v is None else v for k, v in row.items()} for row in rows]
    print_table(rows, f"muragat serve, {args.clients} clients, {args.workers} workers x "
                      f"{args.threads} threads, "
                      f"{docs} documents, {os.cpu_count()} cores, {args.seconds:g} s")
    print(f"target: >= {TARGET_RPS:g} req/s, p95 <= {TARGET_P95_MS:g} ms, 0 errors -> "
          f"{'PASS' if ok else 'FAIL'}")
    print("server_cpu_ms / client_cpu_ms: CPU time per request; cpu_capacity: requests/s the "
          "cores would allow if nothing else ran (load average now: "
          f"{os.getloadavg()[0]:.1f})")
    if search["error_samples"]:
        print("errors, e.g.:", search["error_samples"])
    if args.json:
        write_json(args.json, {"documents": docs, "clients": args.clients, "threads": args.threads,
                               "workers": args.workers,
                               "seconds": args.seconds, "engine_in_process": engine,
                               "baseline": baseline, "search": search, "search_cached": cached,
                               "targets": {"req_per_s": TARGET_RPS, "p95_ms": TARGET_P95_MS},
                               "pass": ok})
    return 0 if ok else 1


def _measure(index_dir: Path, args, cache_size: int, with_baseline: bool):
    """Start ``muragat serve``, warm it up, measure /healthz (optional) and /api/search."""
    port = free_port()
    proc = start_server(index_dir, port, args.threads, args.workers, cache_size)
    try:
        docs = json.loads(_get(port, "/healthz"))["documents"]
        load(port, search_paths() * 3, args.clients, 2.0)  # warm-up, not reported
        baseline = (load(port, ["/healthz"], args.clients, min(args.seconds, 10.0), proc.pid)
                    if with_baseline else None)
        search = load(port, search_paths(), args.clients, args.seconds, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return docs, baseline, search


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


if __name__ == "__main__":
    sys.exit(main())
