"""Word files (``.docx``): paragraphs and table cells in document order.

The title comes from the document properties unless it is a placeholder ("Word
Document", LibreOffice's title of a new file: ``titles.is_placeholder_title``), else the
first paragraph styled ``Title`` or ``Heading 1``. The core ``created``/``modified`` dates describe the
file, not the event, so they are not used.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext, ReadError
from muragat.indexer.titles import is_placeholder_title


def _blocks(document) -> Iterator[tuple[str, str]]:
    """``(style name, text)`` of paragraphs and table rows in body order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield (item.style.name if item.style is not None else ""), item.text
        elif isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    if cell.text.strip() and cell.text not in cells:
                        cells.append(cell.text.strip())
                yield "table", " | ".join(cells)


def check_inflated_size(ctx: ReadContext, factor: int = 4, kind: str = "DOCX") -> None:
    """Refuse a zip whose content inflates beyond ``factor`` x the text limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(ctx.path) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"unreadable {kind} (not a valid zip file): {exc}") from exc
    if inflated > factor * ctx.max_bytes:
        raise ReadError(
            f"{kind} content inflates to {inflated / 1e6:.0f} MB, over the "
            f"{factor * ctx.max_bytes / 1e6:.0f} MB limit (a zip bomb?)"
        )


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the text of the file."""
    import docx

    check_inflated_size(ctx)
    try:
        ctx.bytes_read += ctx.path.stat().st_size
        document = docx.Document(str(ctx.path))
        blocks = list(_blocks(document))
        core_title = (document.core_properties.title or "").strip()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"unreadable DOCX: {exc}") from exc
    except Exception as exc:  # python-docx raises its own and lxml errors on broken files
        raise ReadError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    if is_placeholder_title(core_title):
        core_title = ""
    title = core_title or next(
        (t.strip() for style, t in blocks if style in ("Title", "Heading 1") and t.strip()), ""
    )
    body = "\n\n".join(t.strip() for _, t in blocks if t.strip())
    if not body and not title:
        raise ReadError("DOCX has no text")
    yield Document(id="", text=ctx.cap_text(body), title=title, file=ctx.rel)
