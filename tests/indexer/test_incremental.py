"""Incremental runs: added, updated, deleted, unchanged; --rebuild; ready Documents."""

from __future__ import annotations

import json
import os

import pytest
from indexer_test_helpers import ids_with_word, stored_docs, write
from muragat.indexer import Document, index_documents, index_paths
from muragat.store import open_index

KK = "Кітапхана жас оқырмандарға арналған поэзия кешін өткізді."
RU = "Библиотека организовала встречу с молодыми поэтами."
EN = "The library organized a meeting with young poets."


def _archive(root):
    write(root, "lib1/a.txt", f"Поэзия кеші\n\n{KK}\n")
    write(root, "lib1/b.md", f"---\ntitle: Встреча\ndate: 2019-05-01\n---\n{RU}\n")
    write(root, "lib2/c.html", f"<html><body><article><h1>Meeting</h1><p>{EN}</p></article></body></html>")
    write(root, "lib2/feed.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "f1", "title": "One", "text": "First record about readers."},
        {"id": "f2", "title": "Two", "text": "Second record about writers."},
        {"id": "f3", "title": "Three", "text": "Third record about poets."},
    ]) + "\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_second_run_over_an_unchanged_archive_writes_nothing(archive, index_dir, jobs):
    _archive(archive)
    first = index_paths([archive], index_dir, jobs=jobs)
    assert (first.added, first.updated, first.deleted, len(first.failed)) == (6, 0, 0, 0)
    gen = open_index(index_dir).latest_generation()
    second = index_paths([archive], index_dir, jobs=jobs)
    assert (second.added, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 6)
    assert not second.changed and not second.committed
    assert "index unchanged" in second.summary_lines()[0]
    assert open_index(index_dir).latest_generation() == gen


@pytest.mark.parametrize("jobs", [1, 2])
def test_changed_documents_replaced_and_vanished_ones_deleted(archive, index_dir, jobs):
    _archive(archive)
    index_paths([archive], index_dir, jobs=jobs)
    write(archive, "lib1/a.txt", "Жаңа тақырып\n\nКітапхана шахмат турнирін өткізді.\n")
    (archive / "lib1/b.md").unlink()
    write(archive, "lib2/feed.jsonl", "\n".join(json.dumps(r) for r in [
        {"id": "f1", "title": "One", "text": "First record about readers."},
        {"id": "f3", "title": "Three", "text": "Third record, now about chess."},
    ]) + "\n")
    report = index_paths([archive], index_dir, jobs=jobs)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 2, 2, 2)
    docs = stored_docs(index_dir)
    assert set(docs) == {"lib1/a.txt", "lib2/c.html", "f1", "f3"}
    assert docs["lib1/a.txt"]["title"] == "Жаңа тақырып"
    assert ids_with_word(index_dir, "шахмат") == {"lib1/a.txt"}
    assert ids_with_word(index_dir, "поэзия") == set()  # the old version is gone
    assert ids_with_word(index_dir, "chess") == {"f3"}


def test_touched_but_unchanged_file_is_not_rewritten(archive, index_dir):
    _archive(archive)
    index_paths([archive], index_dir, jobs=1)
    st = (archive / "lib1/a.txt").stat()
    os.utime(archive / "lib1/a.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    report = index_paths([archive], index_dir, jobs=1)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 6)
    assert not report.committed


def test_new_file_added_others_unchanged(archive, index_dir):
    _archive(archive)
    index_paths([archive], index_dir, jobs=1)
    write(archive, "lib3/new.txt", EN)
    report = index_paths([archive], index_dir, jobs=1)
    assert (report.added, report.unchanged) == (1, 6)
    assert stored_docs(index_dir)["lib3/new.txt"]["source"] == "lib3"


def test_rebuild_starts_fresh(archive, index_dir):
    _archive(archive)
    index_paths([archive], index_dir, jobs=1)
    index_documents([Document(id="loose", text=EN)], index_dir)
    report = index_paths([archive], index_dir, jobs=1, rebuild=True)
    assert (report.added, report.unchanged) == (6, 0)
    assert "loose" not in stored_docs(index_dir)
    assert len(stored_docs(index_dir)) == 6


def test_lost_manifest_is_rebuilt_from_the_index(archive, index_dir):
    _archive(archive)
    index_paths([archive], index_dir, jobs=1)
    for p in index_dir.glob("muragat-manifest-*.json"):
        p.unlink()
    report = index_paths([archive], index_dir, jobs=1)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 6)
    assert any("rebuilt it from the index" in n for n in report.notes)


def test_runs_over_another_folder_keep_the_first_folders_documents(tmp_path, index_dir):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "lib/a.txt", KK)
    write(two, "other/b.txt", RU)
    index_paths([one], index_dir, jobs=1)
    report = index_paths([two], index_dir, jobs=1)
    assert report.deleted == 0
    assert set(stored_docs(index_dir)) == {"lib/a.txt", "other/b.txt"}


def test_index_documents_ids_as_given_and_unchanged_by_hash(index_dir):
    docs = [Document(id="X-1", title="Бірінші", text=KK, date="2020-02-02"),
            Document(id="X-2", text=RU, source="Архив")]
    first = index_documents(docs, index_dir)
    assert first.added == 2
    again = index_documents([Document(id="X-1", title="Бірінші", text=KK, date="2020-02-02"),
                             Document(id="X-2", text=EN, source="Архив")], index_dir)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    stored = stored_docs(index_dir)
    assert stored["X-1"]["year"] == 2020 and stored["X-2"]["source"] == "Архив"
    assert stored["X-2"]["body"] == EN


def test_index_documents_with_workers_matches_inline(tmp_path):
    docs = [Document(id=f"d{i}", text=f"{KK} {RU} {EN} {i}") for i in range(40)]
    index_documents(docs, tmp_path / "one", jobs=1)
    index_documents([Document(id=f"d{i}", text=f"{KK} {RU} {EN} {i}") for i in range(40)],
                    tmp_path / "two", jobs=2)
    a, b = stored_docs(tmp_path / "one"), stored_docs(tmp_path / "two")
    assert a.keys() == b.keys() and len(a) == 40
    assert ids_with_word(tmp_path / "one", "библиотека") == ids_with_word(tmp_path / "two", "библиотека")


def test_title_words_are_searchable_in_exact_and_title_fields(index_dir):
    index_documents([Document(id="t", title="Шахмат турнирі", text=RU)], index_dir)
    assert ids_with_word(index_dir, "шахмат") == {"t"}
    with open_index(index_dir).searcher() as s:
        title_fields = [n for n in s.schema.names() if n.startswith("title_")]
        assert any(s.doc_frequency(f, "шахмат") for f in title_fields) or any(
            t for f in title_fields for t in s.lexicon(f))


def test_a_run_that_changes_nothing_leaves_no_files_behind(archive, index_dir):
    _archive(archive)
    index_paths([archive], index_dir, jobs=1)
    before = sorted(p.name for p in index_dir.iterdir())
    (archive / "lib1/a.txt").touch()  # re-read, found unchanged
    index_paths([archive], index_dir, jobs=2)
    assert sorted(p.name for p in index_dir.iterdir()) == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_repeated_id_is_counted_and_said(archive, index_dir, jobs):
    write(archive, "lib/a.jsonl", json.dumps({"id": "same", "text": "Бірінші жазба оқырмандар туралы."},
                                             ensure_ascii=False) + "\n")
    write(archive, "lib/b.jsonl", json.dumps({"id": "same", "text": "Second record about readers."}) + "\n")
    report = index_paths([archive], index_dir, jobs=jobs)
    assert (report.added, report.duplicates, report.processed) == (1, 1, 2)
    assert "repeated ids 1" in report.summary_lines()[0]
    assert any("duplicate id 'same'" in n for n in report.notes)


def test_a_file_of_one_document_keeps_one_string_for_its_path_and_id(tmp_path):
    # A million archive files are a million manifest entries: the entry's key, its document's
    # id and the run's set of written ids share the path string (the key and the id were two strings).
    from muragat.indexer.archive_run import _FileState
    from muragat.indexer.manifest import Manifest

    rel = "".join(["lib/", "a.txt"])
    state = _FileState(rel, "root", (1, 2))
    same = "".join(["lib/", "a.txt"])  # equal, but another object (as unpickled from a worker)
    assert same is not rel and state.doc_id(same) is rel
    assert state.doc_id("lib/a.txt#2") == "lib/a.txt#2"
    text = json.dumps({"files": {rel: {"root": "r", "sig": [1, 2], "docs": {rel: "h"}},
                                 "lib/b.jsonl": {"root": "r", "sig": [1, 2],
                                                 "docs": {"x": "h1", "y": "h2"}}}})
    manifest = Manifest.from_json(json.loads(text))
    for key, entry in manifest.files.items():
        for doc_id in entry.docs:
            assert (doc_id is key) == (doc_id == key)
    assert manifest.files["lib/b.jsonl"].docs == {"x": "h1", "y": "h2"}


def test_a_manifest_entry_keeps_one_document_without_a_dict_and_reads_back_the_same():
    # A one-entry dict per file was ~190 bytes of the indexer's memory per archive file; the
    # entry now holds the id and hash themselves. Whatever it holds, it must read back the same.
    import io

    from muragat.indexer.manifest import FileEntry, Manifest, recover_manifest

    one = FileEntry("r", (10, 20), {"lib/a.txt": "h"})
    many = FileEntry("r", None, {"x": "h1", "y": "h2"}, "ocr")
    empty = FileEntry(None, None)
    assert one.docs == {"lib/a.txt": "h"} and one.sig == (10, 20)
    assert many.docs == {"x": "h1", "y": "h2"} and many.sig is None and many.needs == "ocr"
    assert dict(empty.docs) == {} and empty.sig is None
    assert not any(isinstance(getattr(one, s), (dict, tuple)) for s in FileEntry.__slots__)
    with pytest.raises(TypeError):
        one.docs["z"] = "h3"  # type: ignore[index]  # read-only: a lost write would be silent
    for entry in (one, many, empty):
        entry.add("new", "n")
        assert entry.docs["new"] == "n" and len(entry.docs) >= 1
    assert one.docs == {"lib/a.txt": "h", "new": "n"}
    one.docs = {"only": "o"}
    one.sig = None
    assert one == FileEntry("r", None, {"only": "o"}) and one != many

    manifest = Manifest(files={"a": one, "b": many, "c": FileEntry("r", (1, 2), {"c": "h"})})
    out = io.StringIO()
    manifest.write_json(out)
    assert json.loads(out.getvalue()) == manifest.to_json()
    assert Manifest.from_json(json.loads(out.getvalue())).files == manifest.files
    stored = [{"id": f"r{i}", "file": "big.jsonl", "hash": str(i)} for i in range(5)]
    assert dict(recover_manifest(stored).files["big.jsonl"].docs) == {f"r{i}": str(i) for i in range(5)}
