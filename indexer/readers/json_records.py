"""JSON documents: ``.json`` (one document, a list, or ``{"documents": [...]}``) and
``.jsonl`` / ``.jsonl.gz`` (one document per line, streamed).

Fields: ``id`` or ``doc_id`` (``pid`` also accepted), ``title``, ``text`` or
``body``, ``date``, ``year``, ``lang``, ``source``, ``url``. A record's id is kept
exactly as given; records without one are named ``<file>:<line>`` (JSONL) or
``<file>:<n>`` (the n-th record of a JSON list, from 1; a single document is just ``<file>``).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from typing import Any

from muragat.indexer.document import Document
from muragat.indexer.encodings import decode
from muragat.indexer.metadata import document_from_record
from muragat.indexer.readers.base import ReadContext, ReadError


def _record_document(record: Any, ctx: ReadContext, default_id: str) -> Document | None:
    if not isinstance(record, dict):
        ctx.failures.append((default_id, f"not a JSON object but {type(record).__name__}"))
        return None
    doc = document_from_record(record, ctx.rel, default_id)
    if not doc.text.strip() and not doc.title:
        ctx.failures.append((default_id, "record has no text"))
        return None
    doc.text = ctx.cap_text(doc.text)
    return doc


def read_json(ctx: ReadContext) -> Iterator[Document]:
    """Documents of a ``.json`` file (it must fit within the size limit: use JSONL beyond)."""
    try:
        size = ctx.path.stat().st_size
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    if size > ctx.max_bytes:
        raise ReadError(
            f"JSON file of {size / 1e6:.0f} MB is over the {ctx.max_bytes / 1e6:.0f} MB limit "
            "(split it or use JSON Lines)"
        )
    text = ctx.decode(ctx.read_bytes())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        data = data["documents"]
    if isinstance(data, list):
        for n, record in enumerate(data, 1):
            doc = _record_document(record, ctx, f"{ctx.rel}:{n}")
            if doc is not None:
                yield doc
    else:
        doc = _record_document(data, ctx, ctx.rel)
        if doc is not None:
            yield doc


def _open_lines(ctx: ReadContext) -> io.TextIOBase:
    raw: io.BufferedIOBase
    try:
        raw = gzip.open(ctx.path, "rb") if ctx.rel.lower().endswith(".gz") else open(ctx.path, "rb")
        head = raw.peek(65536)[:65536] if hasattr(raw, "peek") else b""
    except (OSError, EOFError) as exc:
        raise ReadError(getattr(exc, "strerror", None) or str(exc)) from exc
    decoded = decode(head, ctx.encoding_hint) if head else None
    encoding = decoded.encoding if decoded else "utf-8"
    if encoding in ("utf-16", "utf-8-sig"):
        encoding = "utf-16" if encoding == "utf-16" else "utf-8-sig"
    ctx.encoding = encoding
    ctx.encoding_certain = decoded.certain if decoded else True
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)


def read_jsonl(ctx: ReadContext) -> Iterator[Document]:
    """Stream the records of a ``.jsonl``/``.jsonl.gz`` file, one per non-empty line."""
    stream = _open_lines(ctx)
    try:
        lineno = 0
        while True:
            try:
                line = stream.readline(ctx.max_bytes + 1)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise ReadError(f"unreadable after line {lineno}: {exc}") from exc
            if not line:
                break
            lineno += 1
            if not line.endswith("\n") and len(line) > ctx.max_bytes:
                # A line over the limit: skip the rest of it.
                ctx.failures.append((f"{ctx.rel}:{lineno}", "line longer than the size limit"))
                while line and not line.endswith("\n"):
                    line = stream.readline(ctx.max_bytes + 1)
                continue
            ctx.bytes_read += len(line.encode("utf-8", "replace")) if not line.isascii() else len(line)
            if not line.strip():
                continue
            where = f"{ctx.rel}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                ctx.failures.append((where, f"invalid JSON: {exc.msg}"))
                continue
            doc = _record_document(record, ctx, where)
            if doc is not None:
                yield doc
    finally:
        stream.close()
