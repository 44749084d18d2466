"""Opening, creating and locking a Muragat index directory.

Whoosh commits are atomic: a commit writes new segment files, then swaps in a new
table of contents (``_MAIN_<generation>.toc``) by renaming a temporary file. A
reader always sees a complete generation, so an interrupted writer leaves the
previous generation intact and searchable.

Writers are serialized by ``IndexLock``: a lock file holding the writer's pid.
A lock whose holder is dead (kill -9, power loss) is stale and taken over; a live
holder makes the second writer wait up to a timeout, then fail with a message.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from muragat.store.integrity import (
    INDEX_NAME,
    LOCK_FILE,
    IndexDamagedError,
    check_segments,
    latest_generation,
    read_toc,
    toc_name,
)
from muragat.store.schema import build_schema
from whoosh import index as whoosh_index
from whoosh.index import Index, LockError


class IndexLockedError(RuntimeError):
    """Another live process is writing the index."""


def index_exists(index_dir: str | Path) -> bool:
    """True when ``index_dir`` holds a Whoosh index (a TOC file; it is not read here, so a
    damaged index exists too: ``open_index`` then says what is wrong)."""
    return latest_generation(index_dir) >= 0


def create_index(index_dir: str | Path) -> Index:
    """Create an empty index in ``index_dir`` (any index already there is replaced)."""
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)


def open_index(index_dir: str | Path) -> Index:
    """Open the existing index in ``index_dir`` (``FileNotFoundError`` when there is none,
    ``IndexDamagedError`` naming the file when its table of contents cannot be read)."""
    if not index_exists(index_dir):
        raise FileNotFoundError(f"no Muragat index in {index_dir}")
    read_toc(index_dir)  # raises IndexDamagedError with the file's name
    # The schema is given, not unpickled from the TOC: an index keeps opening when a class
    # named in its pickled schema moves (e.g. ``store.analyzers`` -> ``muragat.store.analyzers``).
    try:
        return whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, schema=build_schema())
    except (FileNotFoundError, PermissionError):
        raise
    except Exception as exc:  # noqa: BLE001 - a TOC that changed between the two reads
        name = Path(index_dir) / toc_name(latest_generation(index_dir))
        reason = f"cannot be read ({type(exc).__name__}: {exc})"
        raise IndexDamagedError(f"{name} {reason}", str(name), reason) from exc


def open_searcher(index_dir: str | Path) -> Any:
    """A Whoosh searcher over the latest generation; ``IndexDamagedError`` naming the file
    when the TOC or a segment cannot be opened (``FileNotFoundError``: no index)."""
    ix = open_index(index_dir)
    try:
        return ix.searcher()
    except (FileNotFoundError, PermissionError):
        raise
    except Exception as exc:  # noqa: BLE001 - find which segment it was
        try:
            damaged = check_segments(index_dir, read_toc(index_dir))
        except IndexDamagedError:
            raise
        except Exception:  # noqa: BLE001
            damaged = []
        if damaged:
            d = damaged[0]
            raise IndexDamagedError(f"{Path(index_dir) / d.name} {d.reason}",
                                    str(Path(index_dir) / d.name), d.reason) from exc
        reason = f"cannot be opened ({type(exc).__name__}: {exc})"
        raise IndexDamagedError(f"the index in {index_dir} {reason}", None, reason) from exc


def commit_time(index_dir: str | Path, generation: int) -> float | None:
    """When ``generation`` of the index in ``index_dir`` was committed (its TOC's mtime)."""
    try:
        return (Path(index_dir) / toc_name(generation)).stat().st_mtime
    except OSError:
        return None


def _shape(schema: Any) -> dict[str, tuple[str, object]]:
    return {name: (type(f).__name__, getattr(f, "analyzer", None)) for name, f in schema.items()}


def schema_matches(index_dir: str | Path) -> bool:
    """True when the index was built with the current schema (same fields, types and
    analyzers), judged from the schema pickled in its TOC; False when that cannot be
    unpickled (a class it names moved: an index of an older Muragat)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    try:
        toc = TOC.read(FileStorage(str(index_dir)), INDEX_NAME, latest_generation(index_dir))
    except Exception:  # noqa: BLE001 - unpicklable: not this Muragat's schema
        return False
    return _shape(toc.schema) == _shape(build_schema())


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class IndexLock:
    """An exclusive writer lock on an index directory (a context manager).

    The lock file records ``pid``, host and start time. ``acquire`` takes over a
    lock whose holder process no longer exists on this host; otherwise it waits
    up to ``timeout`` seconds and raises ``IndexLockedError`` naming the holder.
    """

    def __init__(self, index_dir: str | Path, timeout: float = 30.0, poll: float = 0.2):
        self.path = Path(index_dir) / LOCK_FILE
        self.timeout = timeout
        self.poll = poll
        self.held = False

    def holder(self) -> dict | None:
        """The recorded holder of the lock, or None when the lock file is absent or unreadable."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _is_stale(self) -> bool:
        info = self.holder()
        if info is None:
            # Unreadable: a writer may be between create and write; stale if old.
            try:
                return time.time() - self.path.stat().st_mtime > 5.0
            except FileNotFoundError:
                return False
        if info.get("host") != socket.gethostname():
            return False  # cannot check a pid on another host
        return not _pid_alive(int(info.get("pid", -1)))

    def _try_create(self) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(info, f)
        return True

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; wait up to ``timeout`` for a live holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self._try_create():
                self.held = True
                return
            if self._is_stale():
                # Rename first so that two processes never both remove a fresh lock.
                stale = self.path.with_name(f"{LOCK_FILE}.stale.{os.getpid()}")
                try:
                    os.replace(self.path, stale)
                    stale.unlink()
                except FileNotFoundError:
                    pass
                continue
            if time.monotonic() >= deadline:
                info = self.holder() or {}
                since = info.get("since")
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(since)) if since else "?"
                raise IndexLockedError(
                    f"index {self.path.parent} is being written by process {info.get('pid', '?')} "
                    f"on {info.get('host', '?')} since {when}; waited {self.timeout:g} s"
                )
            time.sleep(self.poll)

    def release(self) -> None:
        """Remove the lock file if this process holds it."""
        if not self.held:
            return
        info = self.holder()
        if info is not None and info.get("pid") == os.getpid():
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
        self.held = False

    def __enter__(self) -> IndexLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# Parallel segment writing (Whoosh's own "multisegment" technique): each analysis
# worker writes its documents into a segment of its own; the single committing
# writer then publishes those segments with its own changes in one atomic TOC swap.


def segment_writer(ix: Index, limitmb: int) -> Any:
    """A writer of one new segment that takes no lock (the committing process holds it).

    A ``GroupingWriter``: pre-analyzed postings are grouped in memory (watch its
    ``held_bytes`` and finish the segment when it grows too large).
    """
    from muragat.store.grouping_writer import GroupingWriter

    return GroupingWriter(ix, _lk=False, limitmb=limitmb)


def index_writer(ix: Index, limitmb: int, timeout: float, delay: float = 0.1) -> Any:
    """The locked writer of the committing process (Whoosh's write lock; a ``GroupingWriter``
    whose memory stays within about twice ``limitmb``: beyond, postings go to Whoosh's pool).

    Raises ``IndexLockedError`` when another program holds Whoosh's write lock."""
    from muragat.store.grouping_writer import GroupingWriter

    try:
        return GroupingWriter(ix, spill_mb=limitmb, limitmb=limitmb, timeout=timeout, delay=delay)
    except LockError as exc:
        raise IndexLockedError(
            f"index {ix.storage.folder} is locked by another program (Whoosh write lock)"
        ) from exc


def finish_segment(writer: Any) -> Any | None:
    """Close a ``segment_writer`` and return its segment (None when it holds no documents).

    The temporary folder is shared by all writers of the index, so it is left for
    the committing writer to remove.
    """
    if not writer._added:
        writer._close_segment()
        writer.is_closed = True
        return None
    segment = writer._finalize_segment()
    writer.is_closed = True
    return segment


def commit_with_segments(writer: Any, segments: list[Any], clear: bool = False,
                         merge: bool = True) -> None:
    """Commit ``writer`` (its deletions and documents) together with finished ``segments``;
    ``clear`` drops every segment the index had before (a rebuild's single swap).

    Before the commit, ``store.merge.plan_merges`` may merge some segments (old and new)
    into one, so that an index keeps a handful of segments however it grew; ``merge=False``
    leaves them as they are. Whoosh's own merge policy is never used.
    """
    from muragat.store.merge import merge_segments, plan_merges

    writer._check_state()
    final = [] if clear else [s for s in writer.segments if s.doc_count()]
    final.extend(s for s in segments if s is not None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    if merge:
        for group in plan_merges(final):
            merged = merge_segments(writer, group)
            gone = {id(s) for s in group}
            final = [s for s in final if id(s) not in gone]
            if merged is not None:
                final.append(merged)
    writer._commit_toc(final)
    writer._finish()


def cancel_writer(writer: Any) -> None:
    """Cancel ``writer`` and remove the files of the segment it had started."""
    segment_id = writer.newsegment.segment_id()
    storage = writer.storage
    writer.cancel()
    for name in storage.list():
        if name.startswith(segment_id + "."):
            try:
                storage.delete_file(name)
            except OSError:
                pass


def drop_segments(writer: Any, segment_ids: set[str], read_ids: bool = True) -> set[str]:
    """Leave the segments ``segment_ids`` out of ``writer``'s next commit (a damaged segment:
    its files are removed by that commit); return the ids of the live documents of the
    segments that remain (what the index still holds)."""
    writer.segments = [s for s in writer.segments if s.segment_id() not in segment_ids]
    writer._setup_doc_offsets()
    ids: set[str] = set()
    if not writer.segments or not read_ids:
        return ids
    reader = writer.reader()
    try:
        for leaf, _ in reader.leaf_readers():
            for term in leaf.lexicon("id"):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                if leaf.postings("id", text).is_active():  # deleted documents filtered out
                    ids.add(text)
    finally:
        reader.close()
    return ids
