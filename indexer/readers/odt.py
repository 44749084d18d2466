"""OpenDocument text (``.odt``): headings, paragraphs, lists and table rows in order.

``content.xml`` is read with lxml (no dependency); ``<text:s text:c="3"/>`` spaces, tabs and
line breaks are kept, notes' bodies and tracked deletions left out. The title is the
document's ``dc:title`` (``meta.xml``), else its first heading of level 1 or ``Title`` style.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from lxml import etree
from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext, ReadError
from muragat.indexer.readers.docx import check_inflated_size

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"
_SKIP = {f"{{{TEXT}}}note-citation", f"{{{TEXT}}}tracked-changes", f"{{{TEXT}}}bookmark-ref",
         f"{{{OFFICE}}}annotation", f"{{{TEXT}}}note"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _inline(el: etree._Element, out: list[str]) -> None:
    """The text of a paragraph element (spans, links, spaces, tabs, breaks)."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            pass
        elif tag == f"{{{TEXT}}}s":
            out.append(" " * int(child.get(f"{{{TEXT}}}c", "1") or 1))
        elif tag == f"{{{TEXT}}}tab":
            out.append("\t")
        elif tag == f"{{{TEXT}}}line-break":
            out.append("\n")
        else:
            _inline(child, out)
        if child.tail:
            out.append(child.tail)


def _blocks(body: etree._Element) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of headings (``h1``...), paragraphs (``p``) and table rows (``row``)."""
    stack = [iter(body)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in (f"{{{TEXT}}}h", f"{{{TEXT}}}p"):
            parts: list[str] = []
            _inline(el, parts)
            if tag == f"{{{TEXT}}}h":
                kind = "h" + (el.get(f"{{{TEXT}}}outline-level") or "1")
            else:
                style = (el.get(f"{{{TEXT}}}style-name") or "").lower()
                kind = "title" if style == "title" else "p"
            yield kind, "".join(parts)
        elif tag == f"{{{TABLE}}}table-row":
            cells = []
            for cell in el.iter(f"{{{TABLE}}}table-cell"):
                parts = []
                for para in cell.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
                    _inline(para, parts)
                    parts.append(" ")
                text = " ".join("".join(parts).split())
                if text:
                    cells.append(text)
            yield "row", " | ".join(cells)
        else:
            stack.append(iter(el))


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the text of the ODT file."""
    check_inflated_size(ctx, kind="ODT")
    try:
        ctx.bytes_read += ctx.path.stat().st_size
        with zipfile.ZipFile(ctx.path) as zf:
            content = etree.fromstring(zf.read("content.xml"), _PARSER)
            meta = etree.fromstring(zf.read("meta.xml"), _PARSER) if "meta.xml" in zf.namelist() else None
    except KeyError as exc:
        raise ReadError("not an OpenDocument text (no content.xml)") from exc
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError) as exc:
        raise ReadError(f"unreadable ODT: {exc}") from exc
    body = content.find(f"{{{OFFICE}}}body")
    if body is None:
        raise ReadError("ODT has no body")
    blocks = [(k, t.strip()) for k, t in _blocks(body) if t.strip()]
    title = ""
    if meta is not None:
        title = " ".join((meta.findtext(f".//{{{DC}}}title") or "").split())
    if not title:
        title = next((t for k, t in blocks if k in ("title", "h1")), "")
    text = "\n\n".join(t for _, t in blocks)
    if not text and not title:
        raise ReadError("ODT has no text")
    yield Document(id="", text=ctx.cap_text(text), title=title, file=ctx.rel)
