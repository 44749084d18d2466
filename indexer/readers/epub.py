"""E-books (``.epub``, EPUB 2 and 3): the chapters in reading order, one document per book.

``META-INF/container.xml`` names the package document; its spine gives the order of the
XHTML chapters, whose text is read as HTML pages are (``readers.html.element_text``).
Title, language and date come from the package's Dublin Core metadata (``dc:date`` is the
book's publication date).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote

from lxml import etree, html
from muragat.indexer.dates import parse_date_value
from muragat.indexer.document import Document
from muragat.indexer.langcodes import language_code
from muragat.indexer.readers.base import ReadContext, ReadError
from muragat.indexer.readers.docx import check_inflated_size
from muragat.indexer.readers.html import element_text

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
_ENCODING_RE = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/xml")


def _chapter_text(data: bytes) -> str:
    declared = _ENCODING_RE.search(data[:1024])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"  # XHTML's default
    try:
        text = data.decode(encoding, "replace")
    except LookupError:
        text = data.decode("utf-8", "replace")
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(tree.iter("script", "style", "nav")):
        if el.getparent() is not None:
            el.drop_tree()
    body = tree.find("body")
    return element_text(body if body is not None else tree)


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the chapters of the book in spine order."""
    check_inflated_size(ctx, kind="EPUB")
    try:
        ctx.bytes_read += ctx.path.stat().st_size
        with zipfile.ZipFile(ctx.path) as zf:
            container = etree.fromstring(zf.read("META-INF/container.xml"), _PARSER)
            rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
            if rootfile is None or not rootfile.get("full-path"):
                raise ReadError("EPUB container names no package document")
            opf_path = rootfile.get("full-path")
            opf = etree.fromstring(zf.read(opf_path), _PARSER)
            base = posixpath.dirname(opf_path)
            items = {
                it.get("id"): (posixpath.normpath(posixpath.join(base, unquote(it.get("href", "")))),
                               it.get("media-type", ""))
                for it in opf.iter(f"{{{OPF}}}item")
            }
            chapters: list[str] = []
            size = 0
            for ref in opf.iter(f"{{{OPF}}}itemref"):
                href, media = items.get(ref.get("idref"), ("", ""))
                if not href or media not in _CHAPTER_TYPES:
                    continue
                try:
                    text = _chapter_text(zf.read(href))
                except KeyError:
                    ctx.notes.append(f"chapter {href} is missing from the book")
                    continue
                if text:
                    chapters.append(text)
                    size += len(text)
                if size > ctx.max_bytes:
                    break
    except ReadError:
        raise
    except KeyError as exc:
        raise ReadError(f"not an EPUB book: {exc}") from exc
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError) as exc:
        raise ReadError(f"unreadable EPUB: {exc}") from exc
    title = " ".join((opf.findtext(f".//{{{DC}}}title") or "").split())
    lang = language_code(opf.findtext(f".//{{{DC}}}language"))
    date, _ = parse_date_value((opf.findtext(f".//{{{DC}}}date") or "").strip() or None)
    text = "\n\n".join(chapters)
    if not text and not title:
        raise ReadError("EPUB has no text")
    yield Document(id="", text=ctx.cap_text(text), title=title, date=date, lang=lang, file=ctx.rel)
