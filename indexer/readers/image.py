"""Scanned page images (``.png``, ``.jpg``/``.jpeg``, ``.tif``/``.tiff`` with any number of
pages): the text Tesseract reads on each page, one document per file.

Images smaller than a page could be (icons, thumbnails) and images on which Tesseract finds
no words (photographs) give no document. Without Tesseract the file "needs OCR".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import NeedsOCR, ReadContext, ReadError
from muragat.indexer.readers.scanned import join_pages, ocr_pages

_WORDS_RE = re.compile(r"[^\W\d_]{3,}")
MIN_WORDS = 3  # fewer words read than this: a picture, not a page of text


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the OCR text of every page of the image file."""
    from muragat.indexer.ocr import PageError
    from muragat.indexer.ocr.pages import image_page_count
    from muragat.indexer.ocr.tesseract import needs_ocr_reason

    kind = "." + ctx.rel.rpartition(".")[2].lower()
    try:
        ctx.bytes_read += ctx.path.stat().st_size
        count = image_page_count(ctx.path)
    except PageError as exc:
        raise ReadError(str(exc)) from exc
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    if count == 0:
        return
    texts = ocr_pages(ctx, kind, list(range(count)))
    if texts is None:
        raise NeedsOCR(needs_ocr_reason())
    pages = [texts[i] for i in range(count)]
    body, starts = join_pages(pages)
    if len(_WORDS_RE.findall(body)) < MIN_WORDS:
        ctx.notes.append("no text found on the image")
        return
    yield Document(id="", text=ctx.cap_text(body), file=ctx.rel,
                   pages=starts if count > 1 else None)
