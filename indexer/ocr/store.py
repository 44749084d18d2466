"""The OCR cache: the text Tesseract read on each page, kept by the content of the file.

An entry is one small text file per page under ``<cache>/ocr/<kk>/<key>/<page>.txt``, where
``<cache>`` is the model cache directory (``$MURAGAT_CACHE_DIR``, else ``~/.cache/muragat``;
see ``analysis.model_cache``) and ``key`` hashes the file's bytes together with the engine
(Tesseract version, language models) and ``PIPELINE`` (how pages are rendered and cleaned).
A file that is renamed, moved or indexed into another index is therefore never read twice,
and an interrupted run resumes at the first page it had not finished. Entries are written
atomically; deleting the folder at any time only costs OCR time.

With the cache turned off (``MURAGAT_CACHE_DIR=off``) a run keeps its pages in a temporary
folder of its own (``run_store``), so the workers still find what the OCR stage read.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from muragat.analysis.model_cache import cache_dir

# Bumped whenever rendering or clean-up of pages changes (old entries are then ignored).
PIPELINE = "pages-v1 dpi300 median3"


def file_digest(path: str | Path) -> str:
    """A hash of the file's bytes (read in chunks)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class OcrStore:
    """Page texts by (file content, engine) key; ``folder`` None keeps nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    @staticmethod
    def key(digest: str, signature: str) -> str:
        """The entry key of a file (content digest) read by an engine (its signature)."""
        h = hashlib.blake2b(f"{digest}\0{signature}\0{PIPELINE}".encode(), digest_size=16)
        return h.hexdigest()

    def _path(self, key: str, page: int) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / key[:2] / key / f"{page}.txt"

    def get(self, key: str, page: int) -> str | None:
        """The cached text of ``page`` (from 0), or None."""
        path = self._path(key, page)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, page: int, text: str) -> None:
        """Keep the text of ``page`` (atomic; a read-only cache is silently skipped)."""
        path = self._path(key, page)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".page-", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except OSError:
            pass


_RUN_STORE: list[Path] = []  # the temporary folder of this run when the cache is off


def default_store() -> OcrStore:
    """The OCR cache under the model cache directory, else this run's temporary folder."""
    base = cache_dir()
    if base is not None:
        return OcrStore(base / "ocr")
    return OcrStore(_RUN_STORE[-1] if _RUN_STORE else None)


class run_store:
    """Context manager: a temporary page store for one run when the disk cache is off."""

    def __enter__(self) -> OcrStore:
        self.tmp = None
        if cache_dir() is None:
            self.tmp = tempfile.TemporaryDirectory(prefix="muragat-ocr-")
            _RUN_STORE.append(Path(self.tmp.name))
        return default_store()

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            _RUN_STORE.pop()
            self.tmp.cleanup()
