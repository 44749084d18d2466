"""OCR of scanned pages (image files, PDF pages without a text layer) with Tesseract.

* ``tesseract``: is Tesseract installed, which language models, reading one page;
* ``pages``: page images (image frames, rendered PDF pages) and their clean-up;
* ``store``: the OCR cache, by file content: an unchanged file is never read twice;
* ``stage``: the OCR stage of an indexing run, before the readers: every page still to read,
  spread over the run's jobs, progress counted in pages.

Readers call ``read_page`` for each scanned page: it answers from the cache (filled by the
stage), else reads the page itself. Without Tesseract, readers raise ``NeedsOCR``.
"""

from __future__ import annotations

import re
from pathlib import Path

from muragat.indexer.ocr.pages import IMAGE_KINDS, PDF_DPI, PageError, image_page, pdf_page, prepare
from muragat.indexer.ocr.store import OcrStore, default_store, file_digest
from muragat.indexer.ocr.tesseract import Engine, OcrError, find_engine, needs_ocr_reason, recognize

_WORD_RE = re.compile(r"[^\W\d_]{2,}|\d")

# Pages the OCR stage of this run could not read, by (cache key, page): the readers (forked
# after the stage) report them instead of trying again. Cleared at the start of each stage.
RUN_FAILURES: dict[tuple[str, int], str] = {}


def clean_text(raw: str) -> str:
    """Tesseract's output without form feeds and lines of stray marks (no letter or digit)."""
    lines = []
    for line in raw.replace("\f", "\n").splitlines():
        line = line.rstrip()
        lines.append(line if _WORD_RE.search(line) else "")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def ocr_page(engine: Engine, kind: str, path: Path, index: int) -> str:
    """Read page ``index`` (from 0) of an image file or a PDF with Tesseract (no cache)."""
    if kind == ".pdf":
        image, dpi = pdf_page(path, index), PDF_DPI
    else:
        image, dpi = image_page(path, index), None
    return clean_text(recognize(engine, prepare(image), dpi))


def read_page(engine: Engine, store: OcrStore, key: str, kind: str, path: Path, index: int) -> str:
    """The text of a scanned page: from the cache, else read now (and kept)."""
    text = store.get(key, index)
    if text is not None:
        return text
    failed = RUN_FAILURES.get((key, index))
    if failed:
        raise OcrError(failed)
    text = ocr_page(engine, kind, path, index)
    store.put(key, index, text)
    return text


__all__ = [
    "IMAGE_KINDS",
    "Engine",
    "OcrError",
    "OcrStore",
    "PageError",
    "clean_text",
    "default_store",
    "file_digest",
    "find_engine",
    "needs_ocr_reason",
    "ocr_page",
    "read_page",
]
