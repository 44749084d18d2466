"""A disk cache of loaded analysis models (explicit, safe to delete at any time).

Two models cost most of a process's start: the language-ID tables (py3langid's
LZMA-compressed model, ~0.5 s to decompress and load) and the Kazakh lexicon
(hunspell-kk filtered by the lemmatizer's own rules, ~0.3 s). Every ``muragat``
command, web worker and indexing run pays that before its first document; the
indexer pays it while its other cores wait. ``cached`` keeps the built object as
a pickle and loads it in a few tens of milliseconds.

* Where: ``$MURAGAT_CACHE_DIR``, else ``$XDG_CACHE_HOME/muragat``, else
  ``~/.cache/muragat``. ``MURAGAT_CACHE_DIR=off`` turns the cache off.
* Validity: an entry's file name holds a hash of everything the object is built
  from (the path and content of each source and data file given, the Python
  version; hashing ~3 MB costs a few ms), so a changed rule file or word list
  makes a new entry; an entry that cannot be read is rebuilt. Old entries are
  left for the user to delete (the language-ID entry is ~70 MB, the lexicon ~1 MB).
* Trust: entries are pickles, read only from the user's own cache directory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is turned off."""
    env = os.environ.get("MURAGAT_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "muragat"


def _key(name: str, inputs: Iterable[Path]) -> str:
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{name}\0{sys.version_info[:2]}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted({Path(p) for p in inputs}):
        h.update(f"\0{path}\0".encode())
        try:
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()


def source_files(folder: Path, patterns: tuple[str, ...] = ("*.py", "*.txt", "*.tsv", "*.json")) -> list[Path]:
    """The files under ``folder`` an object is built from (its code and data)."""
    return [p for pattern in patterns for p in folder.rglob(pattern)]


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``'s result, from the disk cache when an entry for ``inputs`` exists.

    Any failure to read or write the cache falls back to building (never an error).
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{_key(name, inputs)}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged or foreign entry: rebuild it
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: readers see the whole entry or none
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # read-only home, full disk: run without the cache
    return value
