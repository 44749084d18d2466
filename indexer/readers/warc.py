"""Web archives (``.warc``, ``.arc``, gzipped or not, read with warcio): one document per page.

Each captured URL gives one document, from its latest capture in the file: an HTML response
is read as an HTML page (main content, title, date from the page itself), a PDF or plain
text response through its own reader. A ``revisit`` record (the page had not changed) counts
as a capture at its own time, with the content of the capture it refers to (by payload
digest, else the latest response for the URL). Only successful responses (HTTP 200) are
pages; requests, metadata, redirects, errors, images, styles and scripts are not.

Document fields: ``id`` = ``<file>:<URL>``, ``url`` = ``WARC-Target-URI``, ``captured`` =
``WARC-Date`` of the capture, ``date`` = what the page says (never the capture time).

The file is read twice: a first pass notes the latest capture of each URL (offsets only),
a second reads those records, so memory stays small whatever the size of the archive.
Captures are compared within one file: a URL captured in two files gives two documents.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from muragat.indexer.document import Document
from muragat.indexer.readers.base import NeedsOCR, ReadContext, ReadError

_URI_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|filedesc:|dns:)[^\x00-\x20\x7f]*$")
HTML_TYPES = ("text/html", "application/xhtml+xml")
PDF_TYPES = ("application/pdf",)
TEXT_TYPES = ("text/plain",)


@dataclass
class _Capture:
    uri: str
    date: str  # WARC-Date, ISO
    offset: int
    kind: str  # "response" or "revisit"
    digest: str | None
    content_type: str = ""


def _iterator(f):
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(f, arc2warc=True)


def _content_type(record) -> tuple[str, str | None]:
    """(media type, charset) of an HTTP response record."""
    header = ""
    if record.http_headers is not None:
        header = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        header = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = header.partition(";")
    charset = None
    for part in params.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ")
    return media.strip().lower(), charset


def _ok(record) -> bool:
    if record.rec_type == "resource":
        return True
    if record.http_headers is None:
        return False
    return record.http_headers.get_statuscode() == "200"


def _scan(path: Path) -> tuple[dict[str, _Capture], dict[str, int], dict[str, int]]:
    """First pass: latest capture per URL, response offset per payload digest and per URL."""
    latest: dict[str, _Capture] = {}
    by_digest: dict[str, int] = {}
    last_response: dict[str, int] = {}
    records = 0
    with open(path, "rb") as f:
        it = _iterator(f)
        for record in it:
            kind = record.rec_type
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if uri is not None and not _URI_RE.match(uri):
                continue  # warcio reads any line of a damaged file as an ARC record's URL
            records += 1
            if kind not in ("response", "revisit", "resource"):
                continue
            date = record.rec_headers.get_header("WARC-Date") or ""
            if not uri:
                continue
            offset = it.get_record_offset()
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if kind in ("response", "resource"):
                if not _ok(record):
                    continue
                media, _ = _content_type(record)
                if digest:
                    by_digest[digest] = offset
                last_response[uri] = offset
                cap = _Capture(uri, date, offset, "response", digest, media)
            else:
                cap = _Capture(uri, date, offset, "revisit", digest)
            old = latest.get(uri)
            if old is None or cap.date >= old.date:
                latest[uri] = cap
        if not records and path.stat().st_size > 0:
            raise ValueError("no WARC or ARC record found")
    return latest, by_digest, last_response


def _record_at(f, offset: int):
    f.seek(offset)
    return next(iter(_iterator(f)))


def _iso(warc_date: str) -> str:
    return warc_date.replace("Z", "").split(".")[0] if warc_date else warc_date


def read(ctx: ReadContext) -> Iterator[Document]:
    """The documents of a web archive: one per captured page (latest capture)."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        ctx.bytes_read += ctx.path.stat().st_size
        latest, by_digest, last_response = _scan(ctx.path)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"unreadable web archive: {exc}") from exc
    try:
        f = open(ctx.path, "rb")
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    with f:
        for cap in sorted(latest.values(), key=lambda c: c.offset):
            source_offset = cap.offset
            if cap.kind == "revisit":
                source_offset = by_digest.get(cap.digest or "", last_response.get(cap.uri, -1))
                if source_offset < 0:
                    ctx.notes.append(f"revisit of {cap.uri}: the capture it repeats is not in this file")
                    continue
            try:
                record = _record_at(f, source_offset)
                media, charset = _content_type(record)
                data = record.content_stream().read(ctx.max_bytes + 1)
            except (ArchiveLoadFailed, OSError, ValueError, EOFError, StopIteration) as exc:
                ctx.failures.append((f"{ctx.rel}:{cap.uri}", f"unreadable record: {exc}"))
                continue
            if len(data) > ctx.max_bytes:
                data = data[: ctx.max_bytes]
                ctx.notes.append(f"{cap.uri}: text truncated at {ctx.max_bytes // (1024 * 1024)} MB")
            doc = _document(ctx, cap, media, charset, data)
            if doc is None:
                continue
            doc.id = f"{ctx.rel}:{cap.uri}"
            doc.url = cap.uri
            doc.captured = _iso(cap.date)
            doc.file = ctx.rel
            yield doc


def _document(ctx: ReadContext, cap: _Capture, media: str, charset: str | None,
              data: bytes) -> Document | None:
    """The document of one captured payload, by its media type (None: not a page)."""
    from muragat.indexer.readers import html, pdf

    sub = ReadContext(ctx.path, ctx.rel, ctx.max_bytes, ctx.encoding_hint)
    where = f"{ctx.rel}:{cap.uri}"
    try:
        if media in HTML_TYPES or (not media and data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))):
            doc = html.page_document(sub, data, charset)
        elif media in PDF_TYPES:
            with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
                tmp.write(data)
                tmp.flush()
                sub.path = Path(tmp.name)
                doc = next(iter(pdf.read(sub)), None)
        elif media in TEXT_TYPES:
            sub.encoding_hint = charset or ctx.encoding_hint
            body = sub.decode(data)
            doc = Document(id="", text=body, file=sub.rel) if body.strip() else None
        else:
            return None
    except NeedsOCR as exc:
        ctx.needs_ocr = str(exc)
        return None
    except ReadError as exc:
        ctx.failures.append((where, str(exc)))
        return None
    if sub.needs_ocr:
        ctx.needs_ocr = sub.needs_ocr
    ctx.notes.extend(f"{cap.uri}: {n}" for n in sub.notes)
    if doc is None or (not doc.text.strip() and not doc.title):
        return None
    return doc
