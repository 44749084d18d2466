"""Failure paths end (issue 13, item 3).

Any error while indexing — a full disk (a small tmpfs), a file size limit (``ulimit -f``,
``RLIMIT_FSIZE``), an I/O error, ``MemoryError`` or a crashed worker — ends the run within
seconds with exit 1 and one line saying why. Afterwards the previous index is byte for
byte what it was and still answers, the lock is released, nothing the run wrote is left
behind, and the next run succeeds. A run killed with SIGKILL leaves files behind; the
next run removes them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest
import reliability_docgen as docgen
import reliability_support as rs

RUN1_DOCS = 40
RUN2_DOCS = 4000  # enough to overflow the 3 MB tmpfs / the file size limit
FAIL_WITHIN_S = 30.0  # "within seconds", with room for a loaded CI machine
pytestmark = pytest.mark.slow


def index_state(index: Path) -> dict[str, str]:
    """Every file of the index folder (recursively) and the SHA-256 of its content."""
    out = {}
    for path in sorted(index.rglob("*")):
        if path.is_file():
            out[path.relative_to(index).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            out[path.relative_to(index).as_posix() + "/"] = "dir"
    return out


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """Run 1 (a small archive) and run 2 (the same plus many more records)."""
    base = tmp_path_factory.mktemp("fail-archives")
    run1 = docgen.compose_records(RUN1_DOCS, rs.SEED, start=0, salt="f")
    run2 = docgen.compose_records(RUN2_DOCS, rs.SEED, start=RUN1_DOCS, salt="f")
    small, big = base / "small", base / "big"
    docgen.write_jsonl_batches(small / "lib", run1)
    docgen.write_jsonl_batches(big / "lib", run1)
    docgen.write_jsonl_batches(big / "more", run2, per_file=300)
    return {"small": small, "big": big, "run1": run1}


def _index(archive: Path, index: Path, jobs: int, **kw) -> rs.RunResult:
    return rs.run_muragat(["index", str(archive), "--index", str(index), "--jobs", str(jobs),
                           "--quiet"], timeout_s=kw.pop("timeout_s", 300), **kw)


def _assert_failed_cleanly(result: rs.RunResult, index: Path, before: dict[str, str],
                           reason: str, run1: list[dict]) -> None:
    from muragat.search.engine import SearchEngine

    assert not result.timed_out, f"the failed run did not end: {result.output[-2000:]}"
    assert result.returncode == 1, result.output[-2000:]
    assert result.elapsed_s < FAIL_WITHIN_S, f"took {result.elapsed_s:.1f} s to fail"
    print(f"\nfailed cleanly in {result.elapsed_s:.1f} s: {result.stderr.strip()}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got: {result.stderr[-2000:]}"
    assert reason in lines[0] and "previous index is unchanged" in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert index_state(index) == before, "the failed run changed or left files in the index"
    assert not (index / "muragat.lock").exists()
    engine = SearchEngine(index)
    try:
        assert engine.health() == (True, None)
        assert not rs.missing_words(engine, {r["marker"]: r["id"] for r in run1[:10]})
    finally:
        engine.close()


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 3 MB tmpfs (needs root and mount: skipped with the reason otherwise)."""
    mnt = tmp_path / "tmpfs"
    mnt.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (CI runs as root): {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)


def _used(path: Path) -> int:
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


@pytest.mark.parametrize("jobs", [1, 2])
def test_full_disk_ends_cleanly(archives, small_tmpfs, jobs):
    index = small_tmpfs / "index"
    first = _index(archives["small"], index, jobs)
    assert first.returncode == 0, first.output[-2000:]
    before, used = index_state(index), _used(small_tmpfs)
    result = _index(archives["big"], index, jobs)
    _assert_failed_cleanly(result, index, before, "No space left on device", archives["run1"])
    assert _used(small_tmpfs) <= used + 64 * 1024, "the failed run left data on the disk"
    again = _index(archives["small"], index, jobs)  # the next run is not blocked
    assert again.returncode == 0 and "index unchanged" in again.stdout, again.output[-2000:]


@pytest.mark.parametrize("jobs", [1, 2])
def test_file_size_limit_ends_cleanly(archives, tmp_path, jobs):
    index = tmp_path / "index"
    first = _index(archives["small"], index, jobs)
    assert first.returncode == 0, first.output[-2000:]
    before = index_state(index)
    largest = max(p.stat().st_size for p in index.iterdir() if p.is_file())
    # ``ulimit -f``: no file may grow past this (the run-2 segments must, the old ones fit).
    limit = max(largest + 4096, 600 * 1024)
    result = _index(archives["big"], index, jobs, rlimits={resource.RLIMIT_FSIZE: limit})
    _assert_failed_cleanly(result, index, before, "File too large", archives["run1"])
    again = _index(archives["small"], index, jobs)
    assert again.returncode == 0 and "index unchanged" in again.stdout, again.output[-2000:]


def _kill_once_segments_appear(archive: Path, index: Path, timeout_s: float = 300) -> set[str]:
    """Run ``muragat index`` and SIGKILL its process group as soon as a new segment file (or
    Whoosh's temporary folder) appears in the index; the files it leaves."""
    before = set(os.listdir(index))
    env = dict(os.environ, PYTHONPATH=str(rs.REPO))
    proc = subprocess.Popen(rs.muragat_command("index", str(archive), "--index", str(index),
                                               "--jobs", "2", "--quiet"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + timeout_s
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if any(n not in before and n.startswith("MAIN") for n in os.listdir(index)):
                break
            time.sleep(0.01)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it wrote a segment file"
    return set(os.listdir(index)) - before


def test_the_next_run_removes_what_a_killed_run_left(archives, tmp_path):
    """SIGKILL (the whole process group) while segment files are being written leaves them
    behind; the next run removes them, and the index then holds only the files of its
    generation."""
    from muragat.store.integrity import generation_files, latest_generation, read_toc

    index = tmp_path / "index"
    assert _index(archives["small"], index, 2).returncode == 0
    left = _kill_once_segments_appear(archives["big"], index)
    assert any(n.startswith("MAIN") for n in left), left
    after = _index(archives["big"], index, 2)
    assert after.returncode == 0, after.output[-2000:]
    assert "an interrupted run had left" in after.stdout
    gen = latest_generation(index)
    expected = set(generation_files(index, read_toc(index, gen))) | {
        f"muragat-manifest-{gen}.json", f"muragat-checksums-{gen}.json", "MAIN_WRITELOCK"}
    assert set(os.listdir(index)) == expected


# Worker faults injected in this process (the workers are forked from it).


def _fault(kind: str, real):
    calls = {"n": 0}

    def run_task(task):
        calls["n"] += 1
        if calls["n"] >= 2:
            if kind == "memory":
                raise MemoryError
            if kind == "crash":
                os.kill(os.getpid(), signal.SIGKILL)
        return real(task)

    return run_task


@pytest.mark.parametrize("kind", ["memory", "crash", "eio-segment", "enospc-main"])
def test_worker_faults_end_the_run(archives, tmp_path, monkeypatch, kind):
    import muragat.indexer.pipeline as pipeline
    import muragat.indexer.writer as writer
    import muragat.store as store
    from muragat.indexer import index_paths
    from muragat.indexer.parallel import WorkerError
    from muragat.search.engine import SearchEngine

    index = tmp_path / "index"
    index_paths([archives["small"]], index, jobs=2, progress=False)
    before = index_state(index)
    jobs = 2
    if kind in ("memory", "crash"):
        monkeypatch.setattr(pipeline, "_run_task", _fault(kind, pipeline._run_task))
    elif kind == "eio-segment":
        def finish(w):
            raise OSError(errno.EIO, "Input/output error")
        monkeypatch.setattr(store.SegmentWriter, "finish", finish)
    else:  # the main process writes (jobs 1) and its disk fills up
        real_add = writer.add_prepared
        added = {"n": 0}

        def add_prepared(w, prepared, replace, *args, **kw):
            added["n"] += 1
            if added["n"] > 20:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_add(w, prepared, replace, *args, **kw)
        monkeypatch.setattr(writer, "add_prepared", add_prepared)
        jobs = 1
    start = time.monotonic()
    with pytest.raises((WorkerError, OSError)) as raised:
        index_paths([archives["big"]], index, jobs=jobs, progress=False)
    assert time.monotonic() - start < FAIL_WITHIN_S
    message = str(raised.value)
    assert "\n" not in message
    want = {"memory": "MemoryError", "crash": "killed by signal 9",
            "eio-segment": "Input/output error", "enospc-main": "No space left"}[kind]
    assert want in message, message
    assert index_state(index) == before
    assert not (index / "muragat.lock").exists()
    monkeypatch.undo()
    engine = SearchEngine(index)
    try:
        assert engine.health() == (True, None)
        assert not rs.missing_words(engine, {r["marker"]: r["id"] for r in archives["run1"][:10]})
    finally:
        engine.close()
    report = index_paths([archives["small"]], index, jobs=2, progress=False)
    assert not report.changed and not report.failed
