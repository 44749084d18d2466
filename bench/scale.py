"""One machine, many documents: Muragat at 100k, 300k, 1M documents, tantivy beside it.

    python -m bench.scale --docs 100000 [--docs 1000000 ...] --workdir DIR
                          [--queries 300] [--jobs 2] [--json FILE] [--no-tantivy] [--no-serve]

For each size: the ``bench.index`` archive of generated 1-2 KB documents (kept in
``DIR/archive-N`` and reused), indexed by ``muragat index`` (docs/s, peak memory of the
process tree sampled every 0.2 s, index bytes per document, an unchanged re-run) and by
tantivy on the same extracted text (``bench.tantivy_side``). Then each engine is measured
in a fresh process of its own:

The tree's memory is its PSS sum (shared pages divided among the processes sharing them:
the physical memory); the RSS sum, which counts the models a forked worker shares with the
indexer once in every process, is reported beside it ("index peak RSS-sum MB").

* open: constructing the engine, and its first answer;
* the first query of a common word ("the", "и", "және") in that process (nothing cached);
* p50/p95/p99 of results pages (top 10 + total + facets + snippets) for ``--queries``
  1-3 word queries sampled from the documents, after 60 warm-up queries;
* phrases of common words ("one of the", "екі мың жиырма", ...), first and warm;
* memory at the end: RSS, and the private part (USS: what mapped index pages shared with
  the page cache and other processes do not count in).

Last, ``muragat serve --workers 2`` answers 200 requests and each worker's RSS, PSS and
shared pages are read from /proc: the mapped index pages are shared between the workers.
Targets (issue 20, at 1M documents): p95 <= 30 ms, p99 <= 60 ms, common phrases <= 100 ms,
first common-word query <= 50 ms, open to first answer <= 1 s, search memory <= 2 GB,
index <= 3.5 KB per document, indexing peak <= 2 GB, unchanged re-run <= 3 % of a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench.common import print_table, write_json

PHRASES = ["one of the", "in the city", "екі мың жиырма", "в том числе", "жылы қазан айында"]
COMMON = ["the", "и", "және"]
TARGETS = {"p95 ms": 30.0, "p99 ms": 60.0, "phrase ms": 100.0, "first common ms": 50.0,
           "open+first s": 1.0, "search RSS MB": 2048.0, "KB/doc": 3.5, "index peak MB": 2048.0,
           "re-run %": 3.0}


# -- measuring processes -------------------------------------------------------------------


class TreeMemory:
    """Peak memory of a process and its children, sampled every ``every`` seconds.

    Two sums: RSS, which counts a page shared by several processes (the analysis models a
    forked worker shares with its parent) once in each of them, and PSS, which divides
    each shared page among its sharers: the physical memory the tree takes.
    """

    def __init__(self, pid: int, every: float = 0.2):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self.peak_pss = 0
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                rss = pss = 0
                for p in procs:
                    try:
                        rss += p.memory_info().rss
                        pss += _pss(p.pid)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
                self.peak_pss = max(self.peak_pss, pss)
            except psutil.Error:
                return
            time.sleep(self.every)

    def stop(self) -> float:
        """The peak of the RSS sum in MB (``pss_mb``: that of the PSS sum)."""
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20

    @property
    def pss_mb(self) -> float:
        """The peak of the PSS sum in MB."""
        return self.peak_pss / 2**20


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _run_measured(cmd: list[str], **kw: Any) -> tuple[float, TreeMemory, subprocess.CompletedProcess]:
    """Run ``cmd``; its wall seconds, its tree's memory peaks and result."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    mem = TreeMemory(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    mem.stop()
    return seconds, mem, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _memory() -> dict[str, float]:
    """This process's RSS and USS/PSS in MB (from /proc/self/smaps_rollup)."""
    out: dict[str, float] = {}
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].rstrip(":") in (
                        "Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean"):
                    out[parts[0].rstrip(":")] = int(parts[1]) / 1024
    except OSError:
        return out
    out["Uss"] = out.get("Private_Clean", 0) + out.get("Private_Dirty", 0)
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# -- the engines, each in its own process ------------------------------------------------------


def measure_muragat(index_dir: Path, queries: list[str]) -> dict[str, Any]:
    """Open, first answers, latencies, phrases and memory of Muragat's engine."""
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest

    t0 = time.perf_counter()
    engine = SearchEngine(index_dir)
    opened = time.perf_counter() - t0
    t1 = time.perf_counter()
    engine.search(SearchRequest(q=queries[0]))
    first = time.perf_counter() - t1
    out: dict[str, Any] = {"open s": opened, "first answer s": first}
    for word in COMMON:
        t = time.perf_counter()
        engine.search(SearchRequest(q=word))
        out[f"first {word} ms"] = (time.perf_counter() - t) * 1000
    warm, measured = queries[1:61], queries[61:]
    for q in warm:
        engine.search(SearchRequest(q=q))
    times, totals = [], 0
    for q in measured:
        t = time.perf_counter()
        resp = engine.search(SearchRequest(q=q))
        times.append((time.perf_counter() - t) * 1000)
        totals += resp.total
    out.update(_latencies(times))
    out["avg hits"] = totals / max(len(measured), 1)
    for phrase in PHRASES:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            resp = engine.search(SearchRequest(q=f'"{phrase}"'))
            runs.append((time.perf_counter() - t) * 1000)
        out[f"phrase {phrase}"] = {"first ms": runs[0], "warm ms": min(runs[1:]),
                                   "hits": resp.total, "error": resp.error_code}
    out["memory"] = _memory()
    return out


def measure_tantivy(index_dir: Path, queries: list[str]) -> dict[str, Any]:
    """The same measurements of tantivy."""
    from bench.tantivy_side import TantivySearch

    t0 = time.perf_counter()
    engine = TantivySearch(index_dir)
    opened = time.perf_counter() - t0
    t1 = time.perf_counter()
    engine.page(queries[0])
    out: dict[str, Any] = {"open s": opened, "first answer s": time.perf_counter() - t1}
    for word in COMMON:
        t = time.perf_counter()
        engine.page(word)
        out[f"first {word} ms"] = (time.perf_counter() - t) * 1000
    for q in queries[1:61]:
        engine.page(q)
    times, totals = [], 0
    for q in queries[61:]:
        t = time.perf_counter()
        totals += engine.page(q)
        times.append((time.perf_counter() - t) * 1000)
    out.update(_latencies(times))
    out["avg hits"] = totals / max(len(queries) - 61, 1)
    for phrase in PHRASES:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            hits = engine.page(phrase, phrase=True)
            runs.append((time.perf_counter() - t) * 1000)
        out[f"phrase {phrase}"] = {"first ms": runs[0], "warm ms": min(runs[1:]), "hits": hits}
    out["memory"] = _memory()
    return out


def _latencies(times: list[float]) -> dict[str, float]:
    if not times:
        return {}
    return {"p50 ms": _pct(times, 50), "p95 ms": _pct(times, 95), "p99 ms": _pct(times, 99),
            "mean ms": statistics.fmean(times)}


def _in_process(kind: str, index_dir: Path, queries_file: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.scale", f"--measure-{kind}", str(index_dir),
           "--queries-file", str(queries_file)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=7200)
    if proc.returncode:
        raise SystemExit(f"bench.scale: measuring {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- serving with two workers ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smaps(pid: int) -> dict[str, float]:
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].rstrip(":") in (
                        "Rss", "Pss", "Shared_Clean", "Private_Clean", "Private_Dirty"):
                    out[parts[0].rstrip(":")] = int(parts[1]) / 1024
    except OSError:
        pass
    return out


def measure_serve(index_dir: Path, queries: list[str]) -> dict[str, Any]:
    """RSS/PSS/shared pages of each worker of ``muragat serve --workers 2`` after requests."""
    import psutil

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "muragat", "serve", "--index", str(index_dir),
                             "--port", str(port), "--workers", "2", "--rate-limit", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        for q in queries[:200]:
            try:
                urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"q": q}),
                                       timeout=60).read()
            except OSError:
                pass
        workers = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        return {"workers": [_smaps(pid) for pid in (workers or [proc.pid])]}
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=60)


# -- one size ----------------------------------------------------------------------------------


def _stored(index_dir: Path, limit: int | None = None):
    """Muragat's stored fields, streamed (``limit`` documents at most)."""
    from muragat.store import open_snapshot

    snap = open_snapshot(index_dir)
    assert snap is not None
    live = snap.live
    count = 0
    for d in range(snap.n):
        if not live[d]:
            continue
        yield snap.stored(d)
        count += 1
        if limit is not None and count >= limit:
            return


def _live_documents(index_dir: Path) -> int:
    """Documents a committed index holds (0 when there is none)."""
    from muragat.store import open_snapshot

    snap = open_snapshot(index_dir)
    return 0 if snap is None else int(snap.live.sum())


def _check_indexed(index_dir: Path, n: int, proc: subprocess.CompletedProcess) -> None:
    """Stop the benchmark unless ``muragat index`` committed all ``n`` documents.

    Exit 1 means "committed, some files failed": the generated archive has no bad file,
    so anything but exit 0 and ``n`` live documents is a failed run, not a figure.
    """
    live = _live_documents(index_dir)
    if proc.returncode != 0 or live != n:
        raise SystemExit(f"bench.scale: muragat index exited {proc.returncode} with {live:,} of "
                         f"{n:,} documents committed:\n{proc.stderr[-3000:]}")


def run_size(n: int, work: Path, jobs: int, nqueries: int, tantivy: bool, serve: bool,
             reuse: bool = False) -> dict[str, Any]:
    """Everything measured at ``n`` documents."""
    from bench.index import generate_archive, sentence_pools
    from bench.search import sample_queries
    from muragat.settings import shared_data_dir

    archive = work / f"archive-{n}"
    if not (archive / ".complete").exists():
        data = shared_data_dir()
        if data is None:
            raise SystemExit("bench.scale: ../shared/data not found (set MURAGAT_SHARED_DATA)")
        shutil.rmtree(archive, ignore_errors=True)
        print(f"[{n:,}] generating the archive", file=sys.stderr)
        generate_archive(archive, n, sentence_pools(data))
        (archive / ".complete").write_text("")
    row: dict[str, Any] = {"docs": n, "archive MB": _dir_bytes(archive) / 2**20}
    index = work / f"muragat-{n}"
    figures = work / f"muragat-{n}.indexing.json"
    cmd = [sys.executable, "-m", "muragat", "index", str(archive), "--index", str(index),
           "--jobs", str(jobs), "--quiet"]
    if reuse and figures.exists() and index.is_dir():
        print(f"[{n:,}] reusing the Muragat index and its indexing figures", file=sys.stderr)
        row.update(json.loads(figures.read_text(encoding="utf-8")))
        if _live_documents(index) != n:
            raise SystemExit(f"bench.scale: {index} does not hold {n:,} documents: run without "
                             f"--reuse")
    else:
        shutil.rmtree(index, ignore_errors=True)
        print(f"[{n:,}] indexing with Muragat", file=sys.stderr)
        seconds, mem, proc = _run_measured(cmd)
        _check_indexed(index, n, proc)
        rerun, remem, reproc = _run_measured(cmd)
        _check_indexed(index, n, reproc)
        measured = {"index s": seconds, "docs/s": n / seconds,
                    "index peak MB": mem.pss_mb, "index peak RSS-sum MB": mem.stop(),
                    "re-run s": rerun, "re-run %": 100 * rerun / seconds,
                    "re-run peak MB": remem.pss_mb,
                    "index MB": _dir_bytes(index) / 2**20,
                    "KB/doc": _dir_bytes(index) / n / 1024,
                    "segments": len(list(index.glob("*.mti"))) + len(list(index.glob("*.seg")))}
        figures.write_text(json.dumps(measured), encoding="utf-8")
        row.update(measured)
    sample = list(_stored(index, limit=20_000))
    queries = sample_queries(sample, nqueries + 61, seed=11)
    qfile = work / f"queries-{n}.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    print(f"[{n:,}] measuring Muragat search", file=sys.stderr)
    row["muragat"] = _in_process("muragat", index, qfile)
    if serve:
        print(f"[{n:,}] serving with two workers", file=sys.stderr)
        row["serve"] = measure_serve(index, queries)
    if tantivy:
        from bench.tantivy_side import available, build

        if available():
            tindex = work / f"tantivy-{n}"
            tfigures = work / f"tantivy-{n}.indexing.json"
            if reuse and tfigures.exists() and tindex.is_dir():
                row["tantivy index"] = json.loads(tfigures.read_text(encoding="utf-8"))
            else:
                shutil.rmtree(tindex, ignore_errors=True)
                print(f"[{n:,}] indexing with tantivy", file=sys.stderr)
                mem = TreeMemory(os.getpid())
                t0 = time.perf_counter()
                build(_stored(index), tindex)
                tsec = time.perf_counter() - t0
                mem.stop()
                row["tantivy index"] = {"s": tsec, "docs/s": n / tsec,
                                        "peak MB (incl. reading Muragat)": mem.pss_mb,
                                        "KB/doc": _dir_bytes(tindex) / n / 1024}
                tfigures.write_text(json.dumps(row["tantivy index"]), encoding="utf-8")
            print(f"[{n:,}] measuring tantivy search", file=sys.stderr)
            row["tantivy"] = _in_process("tantivy", tindex, qfile)
        else:
            row["tantivy"] = "not installed (pip install tantivy==0.27.0)"
    return row


def _summary(row: dict[str, Any], engine: str) -> dict[str, Any]:
    m = row.get(engine)
    if not isinstance(m, dict):
        return {}
    phrases = [v for k, v in m.items() if k.startswith("phrase ")]
    return {
        "docs": row["docs"], "engine": engine,
        "p50 ms": m.get("p50 ms"), "p95 ms": m.get("p95 ms"), "p99 ms": m.get("p99 ms"),
        "phrase ms": max((p["first ms"] for p in phrases), default=None),
        "first common ms": max(m.get(f"first {w} ms", 0) for w in COMMON),
        "open+first s": m.get("open s", 0) + m.get("first answer s", 0),
        "search RSS MB": m.get("memory", {}).get("Rss"),
        "search USS MB": m.get("memory", {}).get("Uss"),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, action="append", help="sizes (default 100000)")
    ap.add_argument("--workdir", required=False, help="archives and indexes (kept)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--no-tantivy", action="store_true")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse indexes (and their indexing figures) left in --workdir by an "
                         "earlier run: measure searching only")
    ap.add_argument("--measure-muragat", metavar="INDEX", help=argparse.SUPPRESS)
    ap.add_argument("--measure-tantivy", metavar="INDEX", help=argparse.SUPPRESS)
    ap.add_argument("--queries-file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure_muragat or args.measure_tantivy:
        queries = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
        if args.measure_muragat:
            result = measure_muragat(Path(args.measure_muragat), queries)
        else:
            result = measure_tantivy(Path(args.measure_tantivy), queries)
        print(json.dumps(result))
        return 0
    if not args.workdir:
        ap.error("--workdir is required")
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.docs or [100_000]:
        rows.append(run_size(n, work, args.jobs, args.queries, not args.no_tantivy,
                             not args.no_serve, args.reuse))
    indexing = [{k: r.get(k, "") for k in ("docs", "docs/s", "index peak MB",
                                           "index peak RSS-sum MB", "re-run %", "KB/doc",
                                           "segments")} for r in rows]
    for r in rows:
        t = r.get("tantivy index")
        if isinstance(t, dict):
            indexing.append({"docs": r["docs"], "docs/s": t["docs/s"],
                             "index peak MB": t["peak MB (incl. reading Muragat)"],
                             "re-run %": "", "KB/doc": t["KB/doc"], "segments": "tantivy"})
    print_table(indexing, f"Indexing (Muragat jobs={args.jobs}; tantivy from Muragat's "
                          f"extracted text)")
    searching = [s for r in rows for s in (_summary(r, "muragat"), _summary(r, "tantivy")) if s]
    print_table(searching, "Search (results page: top 10 + total + facets + snippets)")
    big = rows[-1]
    summary = {**_summary(big, "muragat"), **{k: big[k] for k in ("KB/doc", "index peak MB",
                                                                   "re-run %")}}
    print(f"targets at {big['docs']:,} documents:")
    for key, target in TARGETS.items():
        value = summary.get(key)
        ok = value is not None and value <= target
        print(f"  {key:16s} {value if value is not None else '-':>10} <= {target:<8} "
              f"{'met' if ok else 'NOT met'}")
    for r in rows:
        if "serve" in r:
            print(f"serve --workers 2 at {r['docs']:,}: " + "; ".join(
                f"worker RSS {w.get('Rss', 0):.0f} MB, PSS {w.get('Pss', 0):.0f} MB, "
                f"shared {w.get('Shared_Clean', 0):.0f} MB" for w in r["serve"]["workers"]))
    if args.json:
        write_json(args.json, {"rows": rows, "targets": TARGETS})
    return 0


if __name__ == "__main__":
    sys.exit(main())
