"""Readers: one module per archive format, each turning a file into ``Document``s.

A reader is ``read(ctx) -> Iterator[Document]``. It takes what the format itself
says (front matter, JSON fields, HTML meta tags, PDF/DOCX properties); the common
fallbacks (title from the first line, date from the text, source from the
folder, id from the path) are applied afterwards by ``indexer.metadata.complete``.
A reader raises ``ReadError`` for a file it cannot read at all, and records
per-record problems (a bad JSONL line) in ``ctx.failures``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import NeedsOCR, ReadContext, ReadError

Reader = Callable[[ReadContext], Iterator[Document]]


def _text(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import text

    return text.read(ctx)


def _markdown(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import markdown

    return markdown.read(ctx)


def _html(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import html

    return html.read(ctx)


def _json(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import json_records

    return json_records.read_json(ctx)


def _jsonl(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import json_records

    return json_records.read_jsonl(ctx)


def _pdf(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import pdf

    return pdf.read(ctx)


def _docx(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import docx

    return docx.read(ctx)


def _image(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import image

    return image.read(ctx)


def _rtf(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import rtf

    return rtf.read(ctx)


def _odt(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import odt

    return odt.read(ctx)


def _epub(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import epub

    return epub.read(ctx)


def _doc(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import doc

    return doc.read(ctx)


def _warc(ctx: ReadContext) -> Iterator[Document]:
    from muragat.indexer.readers import warc

    return warc.read(ctx)


# File kind (lowercase extension) -> reader.
READERS: dict[str, Reader] = {
    ".txt": _text,
    ".text": _text,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".json": _json,
    ".jsonl": _jsonl,
    ".jsonl.gz": _jsonl,
    ".pdf": _pdf,
    ".docx": _docx,
    ".warc": _warc,
    ".warc.gz": _warc,
    ".arc": _warc,
    ".arc.gz": _warc,
    ".rtf": _rtf,
    ".odt": _odt,
    ".epub": _epub,
    ".doc": _doc,
    ".png": _image,
    ".jpg": _image,
    ".jpeg": _image,
    ".tif": _image,
    ".tiff": _image,
}

# Kinds whose records are streamed by the main process (many documents per file).
STREAMED = frozenset({".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".arc", ".arc.gz"})
_DOUBLE = (".jsonl.gz", ".warc.gz", ".arc.gz")


def file_kind(name: str) -> str:
    """The kind of a file name: its lowercase extension, ``.jsonl.gz``/``.warc.gz`` counted as one."""
    lower = name.lower()
    for double in _DOUBLE:
        if lower.endswith(double):
            return double
    dot = lower.rfind(".")
    return lower[dot:] if dot > 0 else ""


def reader_for(kind: str) -> Reader | None:
    """The reader of a file kind, or None when the kind is not supported."""
    return READERS.get(kind)


__all__ = ["READERS", "STREAMED", "NeedsOCR", "ReadContext", "ReadError", "file_kind",
           "reader_for"]
