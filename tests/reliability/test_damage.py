"""Damage is detected (issue 13, items 4 and 6).

Index files are damaged on disk as a failing disk or a careless hand would: a table of
contents truncated, zeroed or overwritten; 200 KB of a segment zeroed; single bytes of a
segment flipped with its size and modification time kept. Then:

* ``muragat search`` answers in one line naming the damaged file, never a traceback;
* ``muragat index`` repairs a damaged segment (its documents are read again from their
  files: the answers then equal those of a fresh build), finds flipped bytes with
  ``--check``, and refuses a damaged TOC in one line saying ``--rebuild`` recovers it;
* ``muragat index --rebuild`` always recovers;
* the web app answers 503 (``/healthz`` with the reason, ``index_damaged`` in the API),
  never "no such document"; a server that holds a good generation keeps serving it when
  a newer one is damaged;
* an internal error while reading a document is a 500 (``error_code: internal``), logged
  with its traceback, never a 404.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
import reliability_docgen as docgen
import reliability_equivalence as eq
import reliability_support as rs

DOCS = 300
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An archive (JSON Lines of generated records in two libraries, plus a folder of texts
    without dates), a pristine index of it (jobs 2) and a fresh reference index."""
    from muragat.indexer import index_paths

    base = tmp_path_factory.mktemp("damage")
    archive = base / "archive"
    records = docgen.compose_records(DOCS, rs.SEED, salt="d")
    docgen.write_jsonl_batches(archive / "north", records[: DOCS // 2])
    docgen.write_jsonl_batches(archive / "south", records[DOCS // 2 :])
    notes = archive / "notes"
    notes.mkdir()
    for i, lang in enumerate(docgen.LANGS * 3):
        (notes / f"note-{i}.txt").write_text(" ".join(docgen.SENTENCES[lang][i % 5 : i % 5 + 3]),
                                             encoding="utf-8")
    pristine = base / "pristine"
    assert not index_paths([archive], pristine, jobs=2, progress=False).failed
    reference = base / "reference"
    assert not index_paths([archive], reference, jobs=1, progress=False).failed
    return {"archive": archive, "pristine": pristine, "reference": reference, "records": records}


def _copy(built, tmp_path: Path) -> Path:
    index = tmp_path / "index"
    shutil.copytree(built["pristine"], index)
    return index


def _toc(index: Path) -> Path:
    from muragat.store.integrity import latest_generation, toc_name

    return index / toc_name(latest_generation(index))


def _largest_segment(index: Path) -> Path:
    return max(index.glob("MAIN_*.*"), key=lambda p: p.stat().st_size)


def _same_answers(index: Path, reference: Path) -> None:
    from muragat.search.engine import SearchEngine

    a, b = SearchEngine(index), SearchEngine(reference)
    try:
        assert a.serving, a.problem
        diffs = eq.differences(a, b)
        assert not diffs, "\n".join(diffs)
    finally:
        a.close()
        b.close()


def _one_line(result: rs.RunResult, *needles: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.output[-3000:]
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _damage_toc(path: Path, how: str) -> None:
    size = path.stat().st_size
    if how == "truncated":
        os.truncate(path, size // 3)
    elif how == "zeroed":
        path.write_bytes(b"\0" * size)
    else:  # overwritten in the middle
        with open(path, "r+b") as f:
            f.seek(size // 2)
            f.write(b"\xff" * min(64, size // 4))


@pytest.mark.parametrize("how", ["truncated", "zeroed", "overwritten"])
def test_damaged_toc(built, tmp_path, how):
    from muragat.search.engine import SearchEngine
    from muragat.web.app import create_app

    index = _copy(built, tmp_path)
    toc = _toc(index)
    _damage_toc(toc, how)
    search = rs.run_muragat(["search", "library", "--index", str(index)], timeout_s=120)
    assert search.returncode == 1
    _one_line(search, toc.name, "--rebuild")
    update = rs.run_muragat(["index", str(built["archive"]), "--index", str(index), "--quiet"],
                            timeout_s=300)
    assert update.returncode == 1
    _one_line(update, toc.name, "--rebuild")
    assert not (index / "muragat.lock").exists()

    engine = SearchEngine(index)
    ok, reason = engine.health()
    assert not ok and toc.name in reason
    client = create_app({"INDEX_DIR": str(index), "RATE_LIMIT_PER_S": 0}, engine=engine).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and toc.name in health.get_json()["reason"]
    api = client.get("/api/search?q=library")
    assert api.status_code == 503 and api.get_json()["error_code"] == "index_damaged"
    doc = client.get(f"/api/documents/{built['records'][0]['id']}")
    assert doc.status_code == 503 and doc.get_json()["error_code"] == "index_damaged"
    assert client.get("/search?q=library").status_code == 503
    engine.close()

    rebuild = rs.run_muragat(["index", str(built["archive"]), "--index", str(index), "--quiet",
                              "--rebuild"], timeout_s=300)
    assert rebuild.returncode == 0, rebuild.output[-3000:]
    assert "damaged" in rebuild.stdout
    _same_answers(index, built["reference"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_zeroed_segment_is_detected_and_repaired(built, tmp_path, jobs):
    index = _copy(built, tmp_path)
    seg = _largest_segment(index)
    size = seg.stat().st_size
    with open(seg, "r+b") as f:  # 200 KB (or a third of a smaller segment) from a third in
        f.seek(size // 3)
        f.write(b"\0" * min(200_000, size // 3))
    search = rs.run_muragat(["search", "library", "--index", str(index)], timeout_s=120)
    assert search.returncode == 1
    _one_line(search, seg.name, "muragat index")
    update = rs.run_muragat(["index", str(built["archive"]), "--index", str(index), "--quiet",
                             "--jobs", str(jobs)], timeout_s=300)
    assert update.returncode == 0, update.output[-3000:]
    assert f"damaged index segment ({seg.name}" in update.stdout
    assert not seg.exists()
    _same_answers(index, built["reference"])


def test_flipped_bytes_are_found_by_check(built, tmp_path):
    from muragat.indexer import index_paths

    index = _copy(built, tmp_path)
    seg = _largest_segment(index)
    st = seg.stat()
    data = bytearray(seg.read_bytes())
    for k in range(1, 6):  # five bytes spread over the segment
        data[len(data) * k // 6] ^= 0x5A
    seg.write_bytes(bytes(data))
    os.utime(seg, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time
    cheap = index_paths([built["archive"]], index, progress=False)
    assert not cheap.changed, "size and time are unchanged: the cheap check cannot see it"
    checked = index_paths([built["archive"]], index, progress=False, check=True)
    assert checked.repaired > 0 and checked.checked_files > 0
    assert any(seg.name in n and "content differs" in n for n in checked.notes), checked.notes
    _same_answers(index, built["reference"])
    again = index_paths([built["archive"]], index, progress=False, check=True)
    assert not again.changed and any("no damage" in n for n in again.notes)


def test_rebuild_recovers_from_anything(built, tmp_path):
    """--rebuild over an index whose every file is garbage, and over a missing segment."""
    from muragat.indexer import index_paths

    index = _copy(built, tmp_path)
    for path in index.iterdir():
        if path.is_file() and path.name != "MAIN_WRITELOCK":
            path.write_bytes(os.urandom(max(16, path.stat().st_size // 2)))
    report = index_paths([built["archive"]], index, progress=False, rebuild=True)
    assert not report.failed
    _same_answers(index, built["reference"])
    _largest_segment(index).unlink()
    report = index_paths([built["archive"]], index, progress=False, rebuild=True)
    assert any("missing" in n for n in report.notes), report.notes
    _same_answers(index, built["reference"])


def test_a_server_keeps_its_good_generation(built, tmp_path):
    """A newer generation with a damaged new segment is not swapped in: the good one keeps
    being served (healthz 200 with a warning); the repaired one is then picked up."""
    from muragat.indexer import index_paths
    from muragat.search.engine import SearchEngine
    from muragat.web.app import create_app

    index = _copy(built, tmp_path)
    archive = tmp_path / "archive"
    shutil.copytree(built["archive"], archive)
    engine = SearchEngine(index)
    client = create_app({"INDEX_DIR": str(index), "RATE_LIMIT_PER_S": 0,
                         "REFRESH_INTERVAL_S": 0}, engine=engine).test_client()
    old_segments = set(index.glob("MAIN_*.mpo"))
    extra = docgen.compose_records(30, rs.SEED + 1, start=DOCS, salt="d")
    docgen.write_jsonl_batches(archive / "east", extra)
    assert index_paths([archive], index, jobs=2, progress=False).committed
    new = sorted(set(index.glob("MAIN_*.mpo")) - old_segments)
    assert new
    with open(new[0], "r+b") as f:
        f.write(b"\0" * 4096)
    assert engine.refresh() is False
    assert new[0].name in (engine.problem or "")
    before = rs.search_ids(engine, built["records"][0]["marker"])
    assert before == [built["records"][0]["id"]]
    assert not rs.search_ids(engine, extra[0]["marker"])
    health = client.get("/healthz")
    assert health.status_code == 200 and new[0].name in health.get_json()["warning"]
    assert client.get(f"/api/documents/{built['records'][1]['id']}").status_code == 200
    report = index_paths([archive], index, jobs=2, progress=False)
    assert report.repaired > 0
    assert engine.refresh() is True and engine.problem is None
    assert rs.search_ids(engine, extra[0]["marker"]) == [extra[0]["id"]]
    assert "warning" not in client.get("/healthz").get_json()
    engine.close()


def test_internal_errors_are_500_not_404(built, tmp_path, monkeypatch, caplog):
    """A document that cannot be read is an internal error (500, logged with its traceback)."""
    from muragat.search.engine import SearchEngine
    from muragat.store.snapshot import Snapshot
    from muragat.web.app import create_app

    engine = SearchEngine(built["pristine"])
    client = create_app({"INDEX_DIR": str(built["pristine"]), "RATE_LIMIT_PER_S": 0},
                        engine=engine).test_client()
    doc_id = built["records"][0]["id"]
    assert client.get(f"/api/documents/{doc_id}").status_code == 200

    def broken(self, docnum):
        raise ValueError("stored fields of this segment cannot be decoded")

    monkeypatch.setattr(Snapshot, "stored", broken)
    caplog.set_level(logging.ERROR)
    api = client.get(f"/api/documents/{doc_id}")
    assert api.status_code == 500 and api.get_json()["error_code"] == "internal"
    assert "cannot be decoded" not in api.get_data(as_text=True)
    assert any(r.exc_info and "cannot be decoded" in str(r.exc_info[1]) for r in caplog.records)
    assert client.get(f"/doc/{doc_id}").status_code == 500
    assert client.get(f"/explain?id={doc_id}&q=library").status_code == 500
    search = client.get("/api/search?q=library")
    assert search.status_code == 500 and search.get_json()["error_code"] == "internal"
    health = client.get("/healthz")
    assert health.status_code == 503 and "cannot be decoded" in health.get_json()["reason"]
    assert client.get("/api/documents/no-such-document").status_code == 404
    engine.close()
