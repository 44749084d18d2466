"""Load benchmark: ``muragat serve`` on loopback under N concurrent clients for a fixed time.

    python -m bench.load [--index DIR] [--clients 8,16,32] [--duration 10] [--json FILE]

Without ``--index`` the demo ``corpus/`` is indexed into a temporary folder first.
The server runs as a child process (``muragat serve --rate-limit 0``: the per-client
limit would otherwise answer 429 to a single loopback client). Each client thread
keeps one HTTP/1.1 connection and cycles through a fixed mix of requests: searches
in the three languages with facets and snippets, filters, sorts, later pages, the
HTML results page and documents. Reported per client count: requests/s, p50/p95/p99
and max latency, errors (anything but 200), and the server's resident memory after
warm-up, at the end and at its peak. The baseline row, measured in the same run, is
``/healthz`` (the server and framework floor, no search).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.common import print_table, write_json

REPO = Path(__file__).resolve().parent.parent
# Query words written for the benchmark: library life, inflected, in kk/ru/en.
QUERY_WORDS = [
    "кітапхана", "кітапханалар", "кітапханада", "көрме", "оқырмандар", "конференция",
    "библиотека", "библиотеками", "выставки", "читателей", "конференции", "книга",
    "library", "libraries", "exhibition", "readers", "conference", "book", "poetry", "archives",
]
WARMUP_SHARE = 0.25  # memory is compared from the end of this share of the run to its end


@dataclass
class LoadResult:
    """What one load run measured."""

    label: str
    clients: int
    duration_s: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rss_warm_mb: float
    rss_end_mb: float
    rss_peak_mb: float
    error_samples: list[str] = field(default_factory=list)

    def row(self) -> dict:
        """The table row."""
        d = asdict(self)
        d.pop("error_samples")
        return d


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``muragat serve`` in a child process (its own process group)."""

    def __init__(self, index_dir: Path, threads: int = 8, port: int | None = None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "muragat", "serve", "--index", str(index_dir),
             "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(threads),
             "--rate-limit", "0"],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"))

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        """Wait until ``/healthz`` answers 200; raise with the server's log if it never does."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"muragat serve did not start:\n{self.log()}")

    def log(self) -> str:
        """What the server printed so far."""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def rss_mb(self) -> float:
        """The server's resident memory (0 when it is gone)."""
        import psutil

        try:
            return psutil.Process(self.proc.pid).memory_info().rss / (1024 * 1024)
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()


def request_mix(port: int, seed: int = 1) -> list[str]:
    """A fixed, shuffled mix of request paths over the query words and some document ids."""
    rng = random.Random(seed)
    paths = []
    for word in QUERY_WORDS:
        paths.append("/api/search?" + urlencode({"q": word}))
        paths.append("/api/search?" + urlencode({"q": word, "sort": "newest", "page": 2}))
        paths.append("/api/search?" + urlencode({"q": word, "lang": ["kk", "ru"]}, doseq=True))
        paths.append("/api/search?" + urlencode({"q": word, "year_from": 2017, "year_to": 2022}))
        paths.append("/search?" + urlencode({"q": word}))
    for a, b in zip(QUERY_WORDS, QUERY_WORDS[3:], strict=False):
        paths.append("/api/search?" + urlencode({"q": f"{a} {b}", "size": 20}))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for word in QUERY_WORDS[::4]:
        conn.request("GET", "/api/search?" + urlencode({"q": word, "size": 5}))
        data = json.loads(conn.getresponse().read() or b"{}")
        for hit in data.get("hits", [])[:2]:
            paths.append("/api/documents/" + quote(hit["id"], safe=""))
    conn.close()
    rng.shuffle(paths)
    return paths


def run_load(server: Server, paths: list[str], clients: int, duration_s: float,
             label: str = "search mix") -> LoadResult:
    """``clients`` threads, each on one keep-alive connection, for ``duration_s`` seconds."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + duration_s

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        mine, bad = [], []
        i = k * 7
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    bad.append(f"{resp.status} {path}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    rss: list[tuple[float, float]] = []
    sampling = threading.Event()

    def sampler() -> None:
        while not sampling.is_set():
            rss.append((time.monotonic() - start, server.rss_mb()))
            sampling.wait(0.25)

    sample_thread = threading.Thread(target=sampler, daemon=True)
    sample_thread.start()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    sampling.set()
    sample_thread.join()
    rss.append((elapsed, server.rss_mb()))
    warm = [mb for t, mb in rss if t >= duration_s * WARMUP_SHARE] or [rss[-1][1]]
    ms = sorted(x * 1000 for x in latencies) or [0.0]

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p * len(ms)))]

    return LoadResult(
        label=label, clients=clients, duration_s=round(elapsed, 2), requests=len(latencies),
        errors=len(errors), rps=round(len(latencies) / elapsed, 1),
        p50_ms=round(statistics.median(ms), 2), p95_ms=round(pct(0.95), 2),
        p99_ms=round(pct(0.99), 2), max_ms=round(ms[-1], 2), rss_warm_mb=round(warm[0], 1),
        rss_end_mb=round(rss[-1][1], 1), rss_peak_mb=round(max(mb for _, mb in rss), 1),
        error_samples=errors[:10],
    )


def build_demo_index(target: Path) -> Path:
    """Index the demo ``corpus/`` into ``target`` with the real command."""
    subprocess.run([sys.executable, "-m", "muragat", "index", str(REPO / "corpus"),
                    "--index", str(target)], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index to serve (default: index corpus/ first)")
    parser.add_argument("--clients", default="8,16,32", help="client counts (default 8,16,32)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="server threads (default 8)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.clients.split(",") if c.strip()]

    with tempfile.TemporaryDirectory(prefix="muragat-load-") as tmp:
        index = args.index or build_demo_index(Path(tmp) / "index")
        server = Server(index, threads=args.threads)
        try:
            server.wait_ready()
            paths = request_mix(server.port)
            run_load(server, paths, counts[0], min(3.0, args.duration), label="warm-up")
            results = [run_load(server, ["/healthz"], counts[0], args.duration,
                                label="baseline /healthz")]
            results += [run_load(server, paths, n, args.duration) for n in counts]
        finally:
            server.stop()
    print_table([r.row() for r in results],
                f"muragat serve on loopback, {args.threads} threads, {len(paths)} request paths")
    for r in results:
        if r.error_samples:
            print(f"errors ({r.label}, {r.clients} clients): {r.error_samples}")
    if args.json:
        write_json(args.json, {"threads": args.threads, "results": [asdict(r) for r in results]})
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
