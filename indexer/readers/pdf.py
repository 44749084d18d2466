"""PDF files: the text layer, page by page (scanned pages without text give nothing).

The title comes from the document properties when it is a real title (not a
file name such as ``Microsoft Word - report.doc``). The PDF creation date is
when the file was produced, not when the event happened, so it is not used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext, ReadError
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
    except ReadError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReadError(f"unreadable PDF: {exc}") from exc
    body = "\n\n".join(p.strip() for p in pages if p.strip())
    if not body.strip():
        raise ReadError("PDF has no text layer (scanned images?)")
    yield Document(id="", text=ctx.cap_text(body), title=title, file=ctx.rel)
