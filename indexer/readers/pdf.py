"""PDF files: the text layer, page by page; scanned pages (no text layer, an image) through OCR.

Pages keep their numbers: the document records where each page starts in its text, so a
hit can say "page 12". Without Tesseract, a PDF whose pages are all scanned "needs OCR"
(reported, not a failure); one with some text pages is indexed with those, and noted.

The title comes from the document properties when it is a real title (not a
file name such as ``Microsoft Word - report.doc``). The PDF creation date is
when the file was produced, not when the event happened, so it is not used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import NeedsOCR, ReadContext, ReadError
from muragat.indexer.readers.scanned import join_pages, ocr_pages, page_list
from muragat.indexer.titles import is_placeholder_title

logging.getLogger("pypdf").setLevel(logging.ERROR)


def _good_title(title: object) -> str:
    text = str(title or "").strip()
    lower = text.lower()
    if is_placeholder_title(text) or lower.startswith(("microsoft word", "untitled")) or lower.endswith(
        (".doc", ".docx", ".pdf", ".rtf", ".odt")
    ):
        return ""
    return text


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the text of all pages (up to the size limit)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        ctx.bytes_read += ctx.path.stat().st_size
        reader = PdfReader(str(ctx.path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF (password needed)")
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append(text)
            size += len(text)
            if size > ctx.max_bytes:
                ctx.notes.append(f"text truncated at {ctx.max_bytes // (1024 * 1024)} MB")
                break
        title = _good_title(reader.metadata.title if reader.metadata else "")
        if title == ctx.path.stem or title == ctx.rel.rpartition("/")[2].rsplit(".", 1)[0]:
            title = ""  # the file's own name, written by the program that made the PDF
    except ReadError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReadError(f"unreadable PDF: {exc}") from exc
    pages = _with_ocr(ctx, pages)
    body, starts = join_pages(pages)
    if not body.strip():
        if ctx.needs_ocr:
            raise NeedsOCR(ctx.needs_ocr)
        raise ReadError("PDF has no text (no text layer and no scanned page)")
    yield Document(id="", text=ctx.cap_text(body), title=title, file=ctx.rel,
                   pages=starts if len(pages) > 1 else None)


def _with_ocr(ctx: ReadContext, pages: list[str]) -> list[str]:
    """``pages`` with the text of scanned pages read by OCR (when Tesseract is installed)."""
    from muragat.indexer.ocr import PageError
    from muragat.indexer.ocr.pages import MIN_TEXT_CHARS, scanned_pdf_pages
    from muragat.indexer.ocr.tesseract import needs_ocr_reason

    if all(len("".join(p.split())) >= MIN_TEXT_CHARS for p in pages):
        return pages
    try:
        _, scanned = scanned_pdf_pages(ctx.path)
    except PageError as exc:
        ctx.notes.append(f"scanned pages not checked: {exc}")
        return pages
    scanned = [i for i in scanned if i < len(pages)]  # pages past a truncation stay unread
    if not scanned:
        return pages
    texts = ocr_pages(ctx, ".pdf", scanned)
    if texts is None:
        ctx.needs_ocr = needs_ocr_reason()
        if any(p.strip() for p in pages):
            ctx.notes.append(f"scanned page(s) {page_list(scanned)} not read: {ctx.needs_ocr}")
        return pages
    return [texts.get(i, text) for i, text in enumerate(pages)]
