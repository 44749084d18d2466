"""The archive walk: the entries it yields, spelled as ``Path`` objects would spell them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from muragat.indexer.report import IndexReport
from muragat.indexer.walk import walk


def _tree(root: Path) -> None:
    for rel in ("a.txt", "b.md", "skip.xyz", ".hidden.txt", "sub/c.html", "sub/deeper/d.txt",
                "sub/deeper/e.jsonl", "другая папка/файл.txt", ".git/x.txt"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Text of a document.\n", encoding="utf-8")
    os.symlink(root / "missing-target.txt", root / "sub" / "dangling.txt")
    (root / os.fsdecode(b"bad-\xe9.txt")).write_text("Latin-1 name.\n", encoding="utf-8")


def _reference(root: Path) -> list[tuple[str, str, int]]:
    """What the walk yields, computed with ``Path`` per file (the earlier implementation)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or not path.exists() or not name.endswith((".txt", ".md", ".html", ".jsonl")):
                continue
            rel = path.relative_to(root).as_posix()
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            out.append((str(path), rel, path.stat().st_size))
    return out


@pytest.mark.parametrize("given", ["absolute", "relative", "dot", "trailing-slash"])
def test_the_walk_spells_paths_as_path_objects_would(tmp_path, monkeypatch, given):
    archive = tmp_path / "archive"
    archive.mkdir()
    _tree(archive)
    if given == "absolute":
        root = archive
    else:
        monkeypatch.chdir(archive if given == "dot" else tmp_path)
        root = Path({"relative": "archive", "dot": ".", "trailing-slash": "archive/"}[given])
    report = IndexReport()
    found = [(f.fspath, f.rel, f.size) for f in walk([root], report)]
    assert found == _reference(root)
    assert [f for f in found if f[1] == "sub/deeper/d.txt"]
    assert any(r.endswith("\\xe9.txt") for _, r, _ in found)  # named, not dropped
    assert report.skipped[".xyz"] == 1
    dangling = [f for f in report.failed if f.path.endswith("dangling.txt")]
    assert dangling and dangling[0].path == str(root / "sub" / "dangling.txt")
