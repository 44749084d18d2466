"""The index folder is never read as archive content (issue 13, item 5), and
``muragat index --json`` prints the report after a commit (issue 20, item 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from indexer_test_helpers import write
from muragat.indexer import index_paths

from muragat.cli import main

TEXTS = {
    "north/news/kk.txt": "Кітапхана жаңалықтары\n\nОблыстық кітапханада жаңа оқу залы ашылды.",
    "north/news/ru.txt": "Новости библиотеки\n\nВ областной библиотеке открылся новый читальный зал.",
    "south/en.md": "---\ntitle: Reading room\ndate: 2022-03-01\n---\nA new reading room opened.",
    "south/records.jsonl": '{"id": "rec-1", "text": "Кітап көрмесі ашылды.", "year": 2020}\n',
}


def _archive(root: Path) -> Path:
    for rel, text in TEXTS.items():
        write(root, rel, text)
    return root


def _ids(index: Path) -> set[str]:
    from indexer_test_helpers import stored_docs

    return set(stored_docs(index))


WANT = {"north/news/kk.txt", "north/news/ru.txt", "south/en.md", "rec-1"}


@pytest.mark.parametrize("where", ["muragat-index", "north/data", "south/copy 2"])
def test_an_index_inside_the_archive_is_not_content(tmp_path, where):
    """The index being written lies inside the archive (at its root or deep, any name):
    the second run finds nothing changed and reads none of the index's files."""
    archive = _archive(tmp_path / "archive")
    index = archive / where
    first = index_paths([archive], index, jobs=1, progress=False)
    assert not first.failed and _ids(index) == WANT
    second = index_paths([archive], index, jobs=2, progress=False)
    assert not second.failed and not second.changed, (second.failed, second.notes)
    assert _ids(index) == WANT


def test_another_index_inside_the_archive_is_skipped(tmp_path):
    """An index folder of another run (or a copy of one, renamed) inside the archive is
    recognised by its own files and skipped, with a note: its manifest, checksums and
    segments never become documents."""
    archive = _archive(tmp_path / "archive")
    inner = archive / "muragat-index"
    index_paths([archive], inner, jobs=1, progress=False)
    shutil.copytree(inner, archive / "south" / "old backup")
    outer = tmp_path / "elsewhere"
    report = index_paths([archive], outer, jobs=2, progress=False)
    assert not report.failed, report.failed
    assert _ids(outer) == WANT
    assert sum("an index folder, not archive content" in n for n in report.notes) == 2


def test_a_file_given_inside_an_index_is_skipped(tmp_path):
    archive = _archive(tmp_path / "archive")
    index = tmp_path / "index"
    index_paths([archive], index, jobs=1, progress=False)
    manifest = next(index.glob("muragat-manifest-*.json"))
    report = index_paths([manifest], tmp_path / "other", jobs=1, progress=False)
    assert not report.failed and report.files == 0
    assert any("inside an index folder" in n for n in report.notes)


def test_index_json_prints_the_report_after_a_commit(tmp_path, capsys):
    archive = _archive(tmp_path / "archive")
    write(archive, "north/table.xyz", b"1,2")  # a skipped extension: the Counter field
    code = main(["index", str(archive), "--index", str(tmp_path / "index"), "--jobs", "1",
                 "--quiet", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["committed"] is True and data["added"] == 4
    assert data["skipped"] == {".xyz": 1}
    assert sum(data["langs"].values()) == 4 and all(isinstance(k, str) for k in data["langs"])
    assert data["failed"] == []
