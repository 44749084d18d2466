"""store/integrity.py: checksums of a generation, their verification, leftover cleanup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from muragat.indexer import index_documents
from muragat.indexer.document import Document
from muragat.store.integrity import (
    clean_leftovers,
    generation_files,
    is_index_dir,
    latest_generation,
    load_checksums,
    read_toc,
    record_checksums,
    remove_index_files,
    verify,
)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    path = tmp_path / "index"
    docs = [Document(id=f"d{i}", title=f"Кітапхана {i}", lang="kk",
                     text=f"Облыстық кітапханада {i} жаңа кітап көрмесі ашылды.") for i in range(5)]
    index_documents(docs, path)
    index_documents([Document(id="e1", title="Library", text="A new reading room.", lang="en")],
                    path)
    return path


def test_a_commit_records_every_file_of_its_generation(index):
    gen = latest_generation(index)
    sums = load_checksums(index, gen)
    files = generation_files(index, read_toc(index, gen))
    assert sums is not None and set(files) <= set(sums)
    assert f"muragat-manifest-{gen}.json" in sums  # the indexer's extra file
    for name, s in sums.items():
        st = (index / name).stat()
        assert (s.size, s.mtime_ns) == (st.st_size, st.st_mtime_ns)
    verdict, _ = verify(index, full=True)
    assert verdict.ok and verdict.recorded and verdict.files == len(sums)
    assert not [p for p in index.glob("muragat-checksums-*") if p.name != f"muragat-checksums-{gen}.json"]


def test_verification_cheap_and_full(index):
    seg = max(index.glob("MAIN_*.*"), key=lambda p: p.stat().st_size)
    st = seg.stat()
    data = bytearray(seg.read_bytes())
    data[len(data) // 2] ^= 1
    seg.write_bytes(bytes(data))
    os.utime(seg, ns=(st.st_atime_ns, st.st_mtime_ns))
    cheap, _ = verify(index)
    assert cheap.ok and cheap.hashed_bytes == 0  # same size and time: not read
    full, _ = verify(index, full=True)
    assert [(d.name, d.reason) for d in full.damaged] == [(seg.name, "content differs from its checksum")]
    assert full.damaged[0].segment == seg.name.split(".")[0] and not full.damaged[0].is_toc
    os.utime(seg)  # now the time differs: the cheap check hashes it and sees it
    again, _ = verify(index)
    assert [d.name for d in again.damaged] == [seg.name] and again.hashed_bytes == st.st_size
    seg.unlink()
    gone, _ = verify(index)
    assert [(d.name, d.reason) for d in gone.damaged] == [(seg.name, "missing")]


def test_record_keeps_hashes_of_unchanged_files(index, monkeypatch):
    import muragat.store.integrity as integrity

    gen = latest_generation(index)
    before = load_checksums(index, gen)
    read = []
    monkeypatch.setattr(integrity, "file_sha256",
                        lambda path: read.append(path.name) or "not read")
    after = record_checksums(index, gen, [f"muragat-manifest-{gen}.json"], previous=before)
    assert read == [] and after == before


def test_leftovers_are_removed_and_the_generation_kept(index):
    gen = latest_generation(index)
    keep = set(os.listdir(index))
    (index / "MAIN_zzzzzzzzzzzzzzzz.seg").write_bytes(b"x" * 100)  # a segment no TOC names
    (index / "MAIN_yyyyyyyyyyyyyyyy.trm").write_bytes(b"x")
    (index / "MAIN.tmp").mkdir()
    (index / "MAIN.tmp" / "run.pst").write_bytes(b"x")
    (index / f"_MAIN_{gen + 1}.toc.1733.5").write_bytes(b"x")  # a TOC being written
    (index / f"_MAIN_{gen - 1}.toc").write_bytes(b"x")  # an older TOC
    (index / f"muragat-checksums-{gen}.json.tmp99").write_bytes(b"x")
    removed = clean_leftovers(index)
    assert len(removed) == 6
    assert set(os.listdir(index)) == keep
    assert verify(index, full=True)[0].ok


def test_a_damaged_toc_leaves_segments_alone(index):
    toc = index / f"_MAIN_{latest_generation(index)}.toc"
    toc.write_bytes(b"\0" * 64)
    (index / "MAIN.tmp").mkdir()
    before = {p.name for p in index.glob("MAIN_*")}
    assert clean_leftovers(index) == ["MAIN.tmp"]
    assert {p.name for p in index.glob("MAIN_*")} == before
    removed = remove_index_files(index)
    assert toc.name in removed and not list(index.glob("MAIN_*.*"))
    assert latest_generation(index) == -1


def test_index_folders_are_recognised_by_their_files():
    assert is_index_dir(["_MAIN_3.toc", "MAIN_abc.seg"])
    assert is_index_dir(["muragat.lock"])
    assert is_index_dir(["muragat-checksums-2.json"])
    assert not is_index_dir(["news.txt", "MAIN.toc", "_MAIN_x.toc", "index.html"])
