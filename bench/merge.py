"""Memory and time of merging segments, by the merge's chunk size.

``python -m bench.merge INDEX [--chunks 4000000,1000000,500000] [--segments 8] [--json FILE]``

INDEX (e.g. a bench.scale index) is copied to a temporary folder for each run, and its
``--segments`` smallest segments are merged into one by ``store.merge.merge_segments`` with
``store.merge.CHUNK_POSTINGS`` set to each of ``--chunks`` (postings decoded at once per
field). The table gives the seconds, the peak of memory traced by ``tracemalloc`` (numpy
reports its arrays to it) and the peak of the process's PSS (``/proc/self/smaps_rollup``,
sampled every 20 ms: it also counts the pages of the mapped segment files the merge has read)
above its PSS before the merge, each run in a fresh process; the chunk size in use is marked:
it is the baseline the others are compared with in the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import print_table, write_json


def measure(index: Path, chunk: int, segments: int) -> dict[str, Any]:
    """One merge of a copy of ``index`` (in this process)."""
    import tracemalloc

    from muragat.store import merge
    from muragat.store.index import open_index

    with tempfile.TemporaryDirectory(prefix="muragat-merge-") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(index, copy)
        merge.CHUNK_POSTINGS = chunk
        ix = open_index(copy)
        segs = sorted(ix._segments(), key=lambda s: s.doc_count_all())[:segments]
        before = _pss_mb()
        sampler = _PeakPss()
        tracemalloc.start()
        t = time.perf_counter()
        new = merge.merge_segments(ix, segs)
        took = time.perf_counter() - t
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pss_peak = sampler.stop()
    return {"chunk postings": chunk, "segments": len(segs),
            "documents": new.doc_count_all() if new is not None else 0,
            "seconds": took, "traced peak MB": peak / 2**20,
            "PSS peak above start MB": pss_peak - before}


def _pss_mb() -> float:
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _PeakPss:
    """The highest PSS of this process, sampled every 20 ms by a thread until ``stop``."""

    def __init__(self) -> None:
        import threading

        self.peak = _pss_mb()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _pss_mb())

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return max(self.peak, _pss_mb())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.merge", description=__doc__.split("\n")[0])
    ap.add_argument("index")
    ap.add_argument("--chunks", default="4000000,1000000,500000")
    ap.add_argument("--segments", type=int, default=8)
    ap.add_argument("--json")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single run (child process)
    args = ap.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(Path(args.index), args.one, args.segments)))
        return 0
    from muragat.store.merge import CHUNK_POSTINGS

    rows = []
    for chunk in (int(c) for c in args.chunks.split(",")):
        out = subprocess.run([sys.executable, "-m", "bench.merge", args.index, "--one", str(chunk),
                              "--segments", str(args.segments)],
                             capture_output=True, text=True, check=True)
        row = json.loads(out.stdout)
        row["in use"] = "yes" if chunk == CHUNK_POSTINGS else ""
        rows.append(row)
    print_table(rows, "Merging segments by chunk size (tracemalloc peak during the merge)")
    if args.json:
        write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
