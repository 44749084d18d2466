"""Safety: failures reported, interrupted runs, stale and live locks, exit codes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from indexer_test_helpers import ids_with_word, stored_docs, write
from muragat.indexer import index_paths
from muragat.store import SCHEMA_VERSION, IndexLock, IndexLockedError, IndexWriter, open_index

from muragat.cli import main

EN = "The library organized a meeting with young poets."


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_unreadable_files_are_reported_and_the_rest_indexed(archive, index_dir):
    write(archive, "good.txt", EN)
    write(archive, "broken.pdf", b"%PDF-1.4 this is not really a pdf")
    write(archive, "empty.docx", b"")
    write(archive, "binary.txt", b"\x00\x01\x02\x03" * 100)
    write(archive, "bad.json", "{not json")
    report = index_paths([archive], index_dir, jobs=1)
    failed = {f.path: f.reason for f in report.failed}
    assert set(failed) == {"broken.pdf", "empty.docx", "binary.txt", "bad.json"}
    assert all(failed.values())
    assert set(stored_docs(index_dir)) == {"good.txt"}


def test_a_failed_file_keeps_its_previous_version(archive, index_dir):
    write(archive, "a.json", json.dumps({"id": "A", "text": EN}))
    index_paths([archive], index_dir, jobs=1)
    write(archive, "a.json", "{broken")
    report = index_paths([archive], index_dir, jobs=1)
    assert report.deleted == 0 and len(report.failed) == 1
    assert "A" in stored_docs(index_dir)


def test_cli_exit_codes_and_no_traceback(archive, index_dir, capsys):
    write(archive, "good.txt", EN)
    assert main(["index", str(archive), "--index", str(index_dir), "--jobs", "1", "--quiet"]) == 0
    write(archive, "broken.pdf", b"%PDF-1.4 junk")
    assert main(["index", str(archive), "--index", str(index_dir), "--jobs", "1", "--quiet"]) == 1
    out = capsys.readouterr()
    assert "FAILED broken.pdf" in out.out and "Traceback" not in out.out + out.err
    assert main(["index", str(archive / "missing"), "--index", str(index_dir)]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["index", str(archive), "--index", str(index_dir), "--jobs", "0"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["index", "--index", str(index_dir)])  # no PATH
    assert exc.value.code == 2


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_interrupted_run_leaves_the_previous_index_searchable(archive, index_dir, monkeypatch, error):
    write(archive, "old.txt", "Chess tournament in the reading room.")
    index_paths([archive], index_dir, jobs=1)
    write(archive, "new.txt", "Poetry evening for young readers.")
    write(archive, "old.txt", "Rewritten text about painting.")

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(IndexWriter, "commit", boom)
    with pytest.raises(type(error)):
        index_paths([archive], index_dir, jobs=1)
    monkeypatch.undo()
    assert set(stored_docs(index_dir)) == {"old.txt"}
    assert ids_with_word(index_dir, "chess") == {"old.txt"}
    assert not (index_dir / "muragat.lock").exists()
    report = index_paths([archive], index_dir, jobs=1)  # the next run finishes the job
    assert (report.added, report.updated) == (1, 1)
    assert ids_with_word(index_dir, "painting") == {"old.txt"}


def test_interrupted_rebuild_keeps_the_old_index(archive, index_dir, monkeypatch):
    write(archive, "a.txt", "Chess tournament.")
    index_paths([archive], index_dir, jobs=1)
    monkeypatch.setattr(IndexWriter, "commit",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("killed")))
    with pytest.raises(RuntimeError):
        index_paths([archive], index_dir, jobs=1, rebuild=True)
    assert ids_with_word(index_dir, "chess") == {"a.txt"}


def _segment_ids(index) -> set[str]:
    return {p.name.split(".")[0] for ext in ("pst", "mpo") for p in index.glob(f"MAIN_*.{ext}")}


def _mark_older(index) -> None:
    """Make the index look written by an older Muragat (another ``SCHEMA_VERSION``)."""
    for manifest in index.glob("muragat-manifest-*.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["schema_version"] = SCHEMA_VERSION - 1
        manifest.write_text(json.dumps(data), encoding="utf-8")
    for record in index.glob("muragat-checksums-*.json"):  # an older Muragat recorded none
        record.unlink()


@pytest.mark.parametrize("older", [False, True], ids=["update", "upgrade-rebuild"])
def test_kill_9_mid_run_leaves_the_previous_index_and_the_next_run_completes(tmp_path, older):
    # older: the killed run is the rebuild an index of an older Muragat gets; the old index
    # must stay searchable until that rebuild commits, as with any other run.
    archive, index = tmp_path / "archive", tmp_path / "index"
    write(archive, "first/a.txt", "Chess tournament in the reading room.")
    index_paths([archive], index, jobs=1)
    if older:
        _mark_older(index)
    before = _segment_ids(index)
    for i in range(200):
        write(archive, f"second/{i:03d}.txt",
              f"Report number {i}. The library held a poetry evening and a chess club meeting.\n" * 20)
    cmd = [sys.executable, "-m", "muragat", "index", str(archive), "--index", str(index),
           "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    # Kill once the workers are writing their segments (the main writer's + at least one more).
    deadline = time.monotonic() + 120
    while len(_segment_ids(index) - before) < 2 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # at once: a run this small ends soon after
    proc.wait()
    assert (index / "muragat.lock").exists(), "the run finished before it could be killed"
    assert ids_with_word(index, "chess") == {"first/a.txt"}  # the index opens, run 1 is whole
    report = index_paths([archive], index, jobs=2, lock_timeout=5)  # stale lock taken over
    expected = (201, 0, 0) if older else (200, 1, 0)  # an upgrade rebuilds every file
    assert (report.added, report.unchanged, len(report.failed)) == expected
    assert len(stored_docs(index)) == 201
    assert len(ids_with_word(index, "chess")) == 201
    live = {seg.segment_id() for seg in open_index(index)._segments()}
    on_disk = {p.name.split(".")[0] for p in index.glob("MAIN_*") if p.name != "MAIN_WRITELOCK"}
    assert on_disk == live  # the killed run's unfinished segment files were cleaned up


def test_stale_lock_of_a_dead_process_is_taken_over(archive, index_dir):
    write(archive, "a.txt", EN)
    index_dir.mkdir()
    (index_dir / "muragat.lock").write_text(json.dumps(
        {"pid": _dead_pid(), "host": socket.gethostname(), "since": time.time() - 60}))
    report = index_paths([archive], index_dir, jobs=1, lock_timeout=5)
    assert report.added == 1
    assert not (index_dir / "muragat.lock").exists()


def test_live_lock_makes_the_second_writer_wait_then_say_why(archive, index_dir, capsys):
    write(archive, "a.txt", EN)
    with IndexLock(index_dir):
        with pytest.raises(IndexLockedError, match=f"process {os.getpid()}"):
            index_paths([archive], index_dir, jobs=1, lock_timeout=0.3)
        code = main(["index", str(archive), "--index", str(index_dir), "--lock-timeout", "0.3"])
        assert code == 1
        assert "is being written by process" in capsys.readouterr().err


def test_two_concurrent_writers_serialize_and_the_index_stays_whole(tmp_path, index_dir):
    one, two = tmp_path / "one", tmp_path / "two"
    for i in range(30):
        write(one, f"a/{i}.txt", f"Alpha document {i} about the reading room.")
        write(two, f"b/{i}.txt", f"Beta document {i} about the archive.")
    results: dict[str, object] = {}

    def run(name, path):
        try:
            results[name] = index_paths([path], index_dir, jobs=1, lock_timeout=120)
        except Exception as exc:  # recorded and asserted below
            results[name] = exc

    threads = [threading.Thread(target=run, args=(n, p)) for n, p in (("one", one), ("two", two))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert all(getattr(r, "added", None) == 30 for r in results.values()), results
    assert len(stored_docs(index_dir)) == 60
    assert open_index(index_dir).doc_count() == 60
