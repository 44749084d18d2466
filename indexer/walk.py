"""Finding archive files: folders recursively, or single files.

Each file is named by its path relative to its archive root (the folder given on
the command line; for a single file, its folder). Hidden files and folders
(``.git``) and index folders are not part of the archive: an index folder is
recognised by its own files (a TOC, a checksum record, a manifest, the writer's lock),
wherever it lies and whatever its name, besides the index being written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from muragat.indexer.manifest import is_manifest_name
from muragat.indexer.readers import file_kind, reader_for
from muragat.indexer.report import IndexReport
from muragat.indexer.sources import SOURCE_FILES, SourceMap
from muragat.store.integrity import is_index_dir


@dataclass(frozen=True, slots=True)
class ArchiveFile:
    """One supported file of the archive and its change signature.

    A run holds one per archive file from the walk to the commit: the path is kept as a
    string (a ``Path`` object costs ~400 bytes more: ~0.4 GB for a million files).
    """

    fspath: str
    root: Path
    rel: str  # relative to root, "/" separated
    kind: str  # ".txt", ".jsonl.gz", ...
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.fspath)

    @property
    def sig(self) -> tuple[int, int]:
        """The change detector: (size, mtime_ns)."""
        return (self.size, self.mtime_ns)

    @property
    def folder(self) -> str:
        """The folder part of ``rel`` ("" at the root)."""
        return self.rel.rpartition("/")[0]


def printable_name(rel: str) -> str:
    """``rel`` itself, or with bytes that are not UTF-8 shown as ``\\xe9`` (such names cannot be stored)."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _entry(path: Path, root: Path, report: IndexReport) -> ArchiveFile | None:
    """The entry of a file given by its ``Path`` (a single file named on the command line)."""
    return _file_entry(str(path), path.name, path.relative_to(root).as_posix(), root, report)


def _file_entry(fspath: str, name: str, rel: str, root: Path,
                report: IndexReport) -> ArchiveFile | None:
    """The entry of the file ``fspath`` (``name`` in its folder, ``rel`` under ``root``), or
    None (unsupported, a source description, or unreadable: reported). Strings only: a
    ``Path`` per file was most of an unchanged re-run's walk."""
    safe = printable_name(rel)
    if safe != rel:
        report.note(f"file name is not valid UTF-8, indexed as {safe!r}")
        rel = safe
    kind = file_kind(name)
    if reader_for(kind) is None:
        if name in SOURCE_FILES:  # a folder's source description, not a document
            return None
        report.skipped[kind] += 1
        report.skip(printable_name(fspath), f"unsupported file type {kind or '(no extension)'}")
        return None
    try:
        st = os.stat(fspath)
    except OSError as exc:
        report.fail(fspath, exc.strerror or str(exc))
        return None
    return ArchiveFile(fspath, root, rel, sys.intern(kind), st.st_size, st.st_mtime_ns)


def is_index_folder(names: list[str]) -> bool:
    """Whether a folder holding ``names`` is a Muragat index (never archive content)."""
    return is_index_dir(names) or any(n.startswith("muragat-") and is_manifest_name(n)
                                      for n in names)


def walk(paths: list[Path], report: IndexReport, exclude: Path | None = None,
         sources: SourceMap | None = None) -> Iterator[ArchiveFile]:
    """Yield the supported files under ``paths`` in a stable (sorted) order.

    Unsupported files are counted in ``report.skipped`` and named in ``report.skipped_files``;
    unreadable folders are reported as failures. Source files (``muragat-source.yaml``)
    are recorded in ``sources``.
    """
    excluded = exclude.resolve() if exclude is not None else None
    for given in paths:
        if given.is_file():
            try:
                in_index = is_index_folder(os.listdir(given.parent))
            except OSError:
                in_index = False
            if in_index:
                report.note(f"{given}: inside an index folder, not archive content: skipped")
                continue
            entry = _entry(given, given.parent, report)
            if entry:
                yield entry
            continue
        root = given

        def onerror(exc: OSError, root: Path = root) -> None:
            report.fail(str(exc.filename or root), exc.strerror or str(exc))

        for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
            here = Path(dirpath)
            if is_index_folder(filenames):
                dirnames[:] = []
                if excluded is None or here.resolve() != excluded:
                    where = here.relative_to(root).as_posix()
                    report.note(f"{where if where != '.' else given}: an index folder, "
                                "not archive content: skipped")
                continue
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(".") and (excluded is None or (here / d).resolve() != excluded)
            )
            folder = here.relative_to(root).as_posix()
            folder = "" if folder == "." else folder
            at = str(here)  # as ``str(here / name)`` spells it
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                if name in SOURCE_FILES:
                    if sources is not None:
                        sources.add(root, folder, here / name)
                    continue
                entry = _file_entry(name if at == "." else os.path.join(at, name), name,
                                    f"{folder}/{name}" if folder else name, root, report)
                if entry:
                    yield entry
