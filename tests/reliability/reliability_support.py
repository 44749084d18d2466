"""Helpers of the reliability tests: run ``muragat`` in a child process and watch it.

``run_muragat`` measures the child's peak memory three ways: the kernel's own figure
for the process and every descendant it waited for (``wait4``'s ``ru_maxrss``: the
largest single process); the sum of resident memory (RSS) over the whole process
tree, sampled with psutil, which counts the pages forked workers share with their
parent once per process; and the sum of proportional set sizes (PSS) over the tree,
which counts each shared page once — the memory the machine actually has to hold.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

FULL = os.environ.get("MURAGAT_RELIABILITY_FULL") == "1"
SEED = int(os.environ.get("MURAGAT_RELIABILITY_SEED", "20261122"))
REPO = Path(__file__).resolve().parents[2]
# A guard, not the bound under test: no single child process may map more than this, so
# a runaway indexer (a zip bomb inflating in memory) fails instead of exhausting the
# machine the tests share. The bounds the tests assert are far lower.
CHILD_ADDRESS_SPACE_MB = 4096


@dataclass
class RunResult:
    """What a child ``muragat`` run did."""

    args: list[str]
    returncode: int | None  # None: killed by us
    stdout: str
    stderr: str
    elapsed_s: float
    peak_tree_rss_mb: float  # sum of RSS over the process tree, sampled
    peak_tree_pss_mb: float  # sum of PSS over the process tree, sampled (shared pages once)
    peak_process_rss_mb: float  # largest single process (kernel figure)
    timed_out: bool = False

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + "\n" + self.stderr


def muragat_command(*args: str) -> list[str]:
    """The command line running ``muragat ARGS`` with this interpreter."""
    return [sys.executable, "-m", "muragat", *args]


def _tree_memory(proc: psutil.Process) -> tuple[float, float]:
    """(RSS sum, PSS sum) over ``proc`` and its descendants, in MB."""
    rss = pss = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0
    for p in procs:
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss += info.pss
        except psutil.Error:
            pass
    return rss / (1024 * 1024), pss / (1024 * 1024)


def run_muragat(args: list[str], timeout_s: float, cwd: Path | None = None,
                kill_after_s: float | None = None,
                rlimits: dict[int, int] | None = None) -> RunResult:
    """Run ``muragat ARGS`` in its own process group; SIGKILL the group after ``kill_after_s``.

    The child writes to files (not pipes), so a chatty child never blocks and a killed
    one leaves its output readable. ``rlimits``: extra resource limits of the child
    (``resource.RLIMIT_FSIZE``: ``ulimit -f``).
    """
    out_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    stamp = f"{os.getpid()}-{time.monotonic_ns()}"
    out_path, err_path = out_dir / f"muragat-{stamp}.out", out_dir / f"muragat-{stamp}.err"
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(REPO))
    start = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(muragat_command(*args), stdout=out, stderr=err, cwd=cwd or REPO,
                                env=env, start_new_session=True,
                                preexec_fn=lambda: _limit_memory(rlimits))
    ps = psutil.Process(proc.pid)
    peak_tree = peak_pss = 0.0
    returncode: int | None = None
    maxrss_kb = 0
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            returncode = os.waitstatus_to_exitcode(status)
            maxrss_kb = usage.ru_maxrss
            break
        rss, pss = _tree_memory(ps)
        peak_tree, peak_pss = max(peak_tree, rss), max(peak_pss, pss)
        elapsed = time.monotonic() - start
        if kill_after_s is not None and elapsed >= kill_after_s:
            _kill_group(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)
            maxrss_kb = usage.ru_maxrss
            returncode = None
            break
        if elapsed > timeout_s:
            timed_out = True
            _kill_group(proc.pid)
            _, status, usage = os.wait4(proc.pid, 0)
            maxrss_kb = usage.ru_maxrss
            break
        time.sleep(0.05)
    proc.returncode = returncode if returncode is not None else -9  # already reaped by wait4
    _kill_group(proc.pid)  # orphaned workers, if any, die with the group
    result = RunResult(
        args=args,
        returncode=returncode,
        stdout=out_path.read_text("utf-8", errors="replace"),
        stderr=err_path.read_text("utf-8", errors="replace"),
        elapsed_s=time.monotonic() - start,
        peak_tree_rss_mb=peak_tree,
        peak_tree_pss_mb=peak_pss,
        peak_process_rss_mb=maxrss_kb / 1024,
        timed_out=timed_out,
    )
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return result


def _limit_memory(extra: dict[int, int] | None = None) -> None:
    limit = CHILD_ADDRESS_SPACE_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for which, value in (extra or {}).items():
        resource.setrlimit(which, (value, value))


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


_WORD = re.compile(r"[^\W\d_]{3,}")


def named_with_reason(output: str, relpath: str) -> bool:
    """Whether a line of ``output`` names ``relpath`` (or its file name) and gives a reason.

    A reason is at least two words of three or more letters on the same line, besides
    the path itself (``links/loop_a.txt: too many levels of symbolic links``).
    """
    name = Path(relpath).name
    for line in output.splitlines():
        if name not in line:
            continue
        rest = " ".join(tok for tok in line.split() if name not in tok)
        if len(_WORD.findall(rest)) >= 2:
            return True
    return False


def search_ids(engine, word: str, size: int = 100) -> list[str]:
    """Ids of the documents the engine returns for the query ``word``."""
    from muragat.search.models import SearchRequest

    response = engine.search(SearchRequest(q=word, size=size, snippets=False, facets=False))
    assert response.error is None, f"query {word!r} answered with an error: {response.error}"
    return [hit.id for hit in response.hits]


def missing_words(engine, expected: dict[str, str]) -> dict[str, str]:
    """The entries of ``expected`` (word -> id) whose id the engine does not return for the word."""
    return {w: doc_id for w, doc_id in expected.items() if doc_id not in search_ids(engine, w)}
