"""Integrity of an index directory: checksums, verification, leftovers, markers.

* **Checksums.** When a generation is committed, ``record_checksums`` writes
  ``muragat-checksums-<generation>.json``: size, modification time and SHA-256 of
  every file of that generation (its table of contents, its segments' files, and
  any extra file the caller names, e.g. the indexer's manifest). Segment files
  never change once written, so a file already recorded with the same size and
  time keeps its recorded hash (only new files are read).
* **Verification.** ``verify`` compares the files with the record: cheaply (size
  and time) by default, the full hash with ``full=True`` and for every file whose
  size or time differ. It never needs to parse a damaged table of contents: the
  record names the files, and the TOC is hashed like any other file.
* **Leftovers.** ``clean_leftovers`` removes what an interrupted or failed writer
  left: segment files no generation refers to, Whoosh's temporary folder, the
  temporary copies of a TOC or record. Call it only while holding ``IndexLock``.
* **Markers.** ``is_index_dir`` recognises an index folder by its own files (a
  TOC, a checksum record, the lock), whatever the folder is called.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX_NAME = "MAIN"
CHECKSUMS = "muragat-checksums-{}.json"
_CHECKSUMS_RE = re.compile(r"^muragat-checksums-(\d+)\.json$")
_TOC_RE = re.compile(rf"^_{INDEX_NAME}_(\d+)\.toc$")
_TOC_TMP_RE = re.compile(rf"^_{INDEX_NAME}_\d+\.toc\..+$")
_SEGMENT_RE = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")
_TEMP_DIR = f"{INDEX_NAME}.tmp"
_WHOOSH_LOCK = f"{INDEX_NAME}_WRITELOCK"
LOCK_FILE = "muragat.lock"
_HASH_CHUNK = 1 << 20


class IndexDamagedError(RuntimeError):
    """A file of the index is damaged or unreadable; ``path`` names it."""

    def __init__(self, message: str, path: str | None = None, reason: str = ""):
        super().__init__(message)
        self.path = path
        self.reason = reason or message


@dataclass
class FileSum:
    """What was recorded of one file."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass
class Damage:
    """One damaged file: its name, why, and the segment it belongs to (None: the TOC or
    another file of the generation)."""

    name: str
    reason: str
    segment: str | None = None

    @property
    def is_toc(self) -> bool:
        """Whether the damaged file is the generation's table of contents."""
        return bool(_TOC_RE.match(self.name))


@dataclass
class Verdict:
    """The outcome of ``verify``."""

    generation: int
    damaged: list[Damage] = field(default_factory=list)
    recorded: bool = True  # False: no (readable) checksum record for this generation
    files: int = 0
    hashed_bytes: int = 0

    @property
    def ok(self) -> bool:
        """No damage found."""
        return not self.damaged

    def describe(self) -> str:
        """One line naming the damaged files."""
        return "; ".join(f"{d.name}: {d.reason}" for d in self.damaged)


# Names


def toc_name(generation: int) -> str:
    """The file name of generation ``generation``'s table of contents."""
    return f"_{INDEX_NAME}_{generation}.toc"


def checksums_path(index_dir: str | Path, generation: int) -> Path:
    """Where the checksum record of ``generation`` lives."""
    return Path(index_dir) / CHECKSUMS.format(generation)


def latest_generation(index_dir: str | Path) -> int:
    """The newest generation with a TOC file (-1 when there is none); the TOC is not read."""
    try:
        names = os.listdir(index_dir)
    except (FileNotFoundError, NotADirectoryError):
        return -1
    gens = [int(m.group(1)) for m in map(_TOC_RE.match, names) if m]
    return max(gens, default=-1)


def is_index_dir(names: Iterable[str]) -> bool:
    """Whether a folder holding files ``names`` is a Muragat (Whoosh) index."""
    for name in names:
        if not name.startswith(("_", "muragat", INDEX_NAME)):  # the usual case, cheaply
            continue
        if (_TOC_RE.match(name) or _CHECKSUMS_RE.match(name) or name in (LOCK_FILE, _WHOOSH_LOCK)):
            return True
    return False


def segment_of(name: str) -> str | None:
    """The segment id a file belongs to (``MAIN_abc.seg`` -> ``MAIN_abc``), or None."""
    m = _SEGMENT_RE.match(name)
    return m.group(1) if m else None


# Generations and their files


def read_toc(index_dir: str | Path, generation: int | None = None) -> Any:
    """Whoosh's TOC of ``generation`` (default: the latest), parsed with Muragat's schema.

    Raises ``IndexDamagedError`` naming the TOC when it cannot be parsed, and
    ``FileNotFoundError`` when there is none.
    """
    from muragat.store.schema import build_schema
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    gen = latest_generation(index_dir) if generation is None else generation
    if gen < 0:
        raise FileNotFoundError(f"no Muragat index in {index_dir}")
    name = toc_name(gen)
    try:
        return TOC.read(FileStorage(str(index_dir)), INDEX_NAME, gen, schema=build_schema())
    except (FileNotFoundError, PermissionError):
        raise
    except Exception as exc:  # noqa: BLE001 - any parse failure is damage
        reason = f"cannot be read ({type(exc).__name__}: {exc})"
        raise IndexDamagedError(f"{Path(index_dir) / name} {reason}",
                                str(Path(index_dir) / name), reason) from exc


def generation_files(index_dir: str | Path, toc: Any) -> dict[str, str | None]:
    """The files of the generation ``toc`` describes: name -> segment id (None for the TOC)."""
    segments = {s.segment_id() for s in toc.segments}
    files: dict[str, str | None] = {toc_name(toc.generation): None}
    for name in os.listdir(index_dir):
        seg = segment_of(name)
        if seg in segments:
            files[name] = seg
    return files


def check_segments(index_dir: str | Path, toc: Any) -> list[Damage]:
    """The segments of ``toc`` whose files are missing, or whose compound file's directory
    or term index (``.mti``) cannot be read (a cheap structural check: the content is the checksums' business)."""
    from muragat.store.codec import TERMS_EXT, CorruptTermIndex, check_term_index
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(index_dir))
    present = set(os.listdir(index_dir))
    damaged = []
    for segment in toc.segments:
        sid = segment.segment_id()
        names = sorted(n for n in present if segment_of(n) == sid)
        try:
            if not names:
                raise FileNotFoundError("no file of this segment")
            if segment.is_compound():
                segment.open_compound_file(storage).close()
            if sid + TERMS_EXT in present:  # a segment of Muragat's codec
                check_term_index(os.path.join(str(index_dir), sid + TERMS_EXT))
        except Exception as exc:  # noqa: BLE001 - any failure to open is damage
            reason = "missing" if not names else f"cannot be opened ({type(exc).__name__}: {exc})"
            culprit = sid + TERMS_EXT if isinstance(exc, CorruptTermIndex) else (
                names[0] if names else f"{sid}.seg")
            damaged.append(Damage(culprit, reason, sid))
    return damaged


# Checksums


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def load_checksums(index_dir: str | Path, generation: int) -> dict[str, FileSum] | None:
    """The recorded checksums of ``generation`` (None when missing or unreadable)."""
    try:
        data = json.loads(checksums_path(index_dir, generation).read_text(encoding="utf-8"))
        if data.get("generation") != generation or data.get("hash") != "sha256":
            return None
        return {name: FileSum(int(v["size"]), int(v["mtime_ns"]), str(v["sha256"]))
                for name, v in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def record_checksums(index_dir: str | Path, generation: int, extra: Iterable[str] = (),
                     previous: dict[str, FileSum] | None = None) -> dict[str, FileSum]:
    """Record size, time and SHA-256 of every file of ``generation`` (plus ``extra`` names).

    Files found in ``previous`` with the same size and time keep their recorded hash.
    Older records are removed once this one is written.
    """
    index_dir = Path(index_dir)
    toc = read_toc(index_dir, generation)
    names = list(generation_files(index_dir, toc)) + [n for n in extra if (index_dir / n).exists()]
    sums: dict[str, FileSum] = {}
    for name in names:
        st = (index_dir / name).stat()
        old = (previous or {}).get(name)
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            sums[name] = old
        else:
            sums[name] = FileSum(st.st_size, st.st_mtime_ns, file_sha256(index_dir / name))
    _write_json_atomically(checksums_path(index_dir, generation), {
        "generation": generation, "hash": "sha256",
        "files": {n: {"size": s.size, "mtime_ns": s.mtime_ns, "sha256": s.sha256}
                  for n, s in sorted(sums.items())},
    })
    for p in index_dir.iterdir():
        m = _CHECKSUMS_RE.match(p.name)
        if m and int(m.group(1)) != generation:
            p.unlink(missing_ok=True)
    return sums


def verify(index_dir: str | Path, full: bool = False,
           index_files_only: bool = False) -> tuple[Verdict, dict[str, FileSum] | None]:
    """Compare the latest generation's files with its checksum record.

    Cheap by default: a file's size and modification time; its full hash when they differ
    or with ``full``. ``index_files_only``: the TOC and segment files, not the extra files
    recorded with them (a reader has no use for the indexer's manifest, which the indexer
    rewrites while it holds the lock). Returns the verdict and the record (None: none).
    """
    index_dir = Path(index_dir)
    gen = latest_generation(index_dir)
    verdict = Verdict(gen)
    if gen < 0:
        return verdict, None
    sums = load_checksums(index_dir, gen)
    if sums is None:
        verdict.recorded = False
        return verdict, None
    for name, want in sums.items():
        if index_files_only and not (_TOC_RE.match(name) or segment_of(name)):
            continue
        verdict.files += 1
        path = index_dir / name
        try:
            st = path.stat()
        except FileNotFoundError:
            verdict.damaged.append(Damage(name, "missing", segment_of(name)))
            continue
        if not full and st.st_size == want.size and st.st_mtime_ns == want.mtime_ns:
            continue
        try:
            digest = file_sha256(path)
        except OSError as exc:
            verdict.damaged.append(Damage(name, f"cannot be read ({exc.strerror or exc})",
                                          segment_of(name)))
            continue
        verdict.hashed_bytes += st.st_size
        if digest != want.sha256:
            reason = ("content differs from its checksum" if st.st_size == want.size else
                      f"size {st.st_size} bytes, {want.size} when committed")
            verdict.damaged.append(Damage(name, reason, segment_of(name)))
    return verdict, sums


# Leftovers


def clean_leftovers(index_dir: str | Path) -> list[str]:
    """Remove files no committed generation needs; return their names.

    Temporary files (Whoosh's ``MAIN.tmp`` folder, TOC and record copies) always go;
    segment files, older TOCs and records only when the current TOC can be read (a
    damaged one leaves them for ``--rebuild``). The caller holds the index lock.
    """
    index_dir = Path(index_dir)
    try:
        names = os.listdir(index_dir)
    except FileNotFoundError:
        return []
    removed = []
    gen = max((int(m.group(1)) for m in map(_TOC_RE.match, names) if m), default=-1)
    keep: set[str] | None = None
    if gen >= 0:
        try:
            keep = {s.segment_id() for s in read_toc(index_dir, gen).segments}
        except (IndexDamagedError, OSError):
            keep = None
    for name in names:
        path = index_dir / name
        tmp = (name == _TEMP_DIR or _TOC_TMP_RE.match(name)
               or (name.startswith("muragat-checksums-") and ".tmp" in name))
        stale = keep is not None and (
            (segment_of(name) is not None and segment_of(name) not in keep)
            or (_TOC_RE.match(name) and name != toc_name(gen))
            or ((m := _CHECKSUMS_RE.match(name)) is not None and int(m.group(1)) != gen))
        if not (tmp or stale):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(name)
        except FileNotFoundError:
            pass
    return removed


def remove_index_files(index_dir: str | Path) -> list[str]:
    """Remove every Whoosh file and checksum record of an index (``--rebuild`` of a damaged
    index); the lock and files of other programs stay."""
    index_dir = Path(index_dir)
    removed = []
    for name in os.listdir(index_dir):
        if (_TOC_RE.match(name) or _TOC_TMP_RE.match(name) or segment_of(name)
                or name.startswith("muragat-checksums-") or name == _TEMP_DIR):
            path = index_dir / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(name)
    return removed
