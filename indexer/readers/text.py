"""Plain text files (``.txt``): the whole file is one document (an empty file, none)."""

from __future__ import annotations

from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the decoded text; title and date come from the text later."""
    text = ctx.decode(ctx.read_bytes())
    if text.strip():  # an empty file gives no document (and is no error)
        yield Document(id="", text=text, file=ctx.rel)
