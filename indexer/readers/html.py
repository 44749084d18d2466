"""HTML pages (``.html``/``.htm``): the main content only, with title and date.

Scripts, styles, navigation, headers, footers, sidebars, menus, forms and
elements whose class/id says they are such (``menu``, ``sidebar``, ``breadcrumb``,
``cookie``, ``share``…) are dropped before anything is read, so no date or title
is ever taken from a sidebar or a footer copyright line. The main content is the
longest ``<article>``, else ``<main>``/``[role=main]``, else what remains of ``<body>``.

Title: ``og:title``/``dc.title`` meta, else the ``<h1>`` of the content, else ``<title>``;
placeholders ("Untitled Document", ``titles.is_placeholder_title``) and menu lines
("Главная", ``titles.is_menu_line``) are passed over (then the text gives the title).
Date: publication meta tags, else a ``<time>`` in the content, else the content's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html
from muragat.indexer.dates import find_date, parse_date_value
from muragat.indexer.document import Document
from muragat.indexer.encodings import decode_with
from muragat.indexer.readers.base import ReadContext, ReadError
from muragat.indexer.titles import is_menu_line, is_placeholder_title

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "aside",
    "form", "button", "select", "textarea", "menu", "dialog", "object", "embed", "canvas",
)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BOILERPLATE_RE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|sidebar|side-bar|footer|breadcrumbs?|cookies?|"
    r"social|share|sharing|banner|widget|advert|ads|comments?|related|pagination|pager|"
    r"copyright|subscribe|search|topbar|toolbar|modal|popup)(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "dl", "table", "tr", "blockquote", "pre", "figure", "figcaption", "address",
    "hr", "dd", "dt", "caption", "details", "summary",
}
_LINE_TAGS = {"br", "li", "td", "th"}
_TITLE_META = ("og:title", "dc.title", "dcterms.title", "twitter:title")
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.date", "dcterms.issued", "pubdate",
    "publish_date", "publication_date", "sailthru.date", "article.published",
)


def _decode(ctx: ReadContext, data: bytes) -> str:
    declared = _CHARSET_RE.search(data[:4096])
    if declared:
        return ctx.record(decode_with(data, declared.group(1).decode("ascii")))
    return ctx.decode(data)


def _meta(tree: html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value and key not in out:
            out[key] = value.strip()
    return out


def _drop(el: html.HtmlElement) -> None:
    if el.getparent() is not None:
        el.drop_tree()  # keeps the text that followed the element


def _text_len(el: html.HtmlElement) -> int:
    return len("".join(el.itertext()).strip())


def _strip_boilerplate(body: html.HtmlElement) -> None:
    etree.strip_elements(body, etree.Comment, with_tail=False)
    for tag in _DROP_TAGS:
        for el in list(body.iter(tag)):
            _drop(el)
    total = max(_text_len(body), 1)
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        role = (el.get("role") or "").lower()
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if role in _DROP_ROLES or (marks.strip() and _BOILERPLATE_RE.search(marks)):
            # Never drop the bulk of the page because of a misleading class name.
            if _text_len(el) < 0.5 * total:
                _drop(el)
        elif el.tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            if _text_len(el) < 0.5 * total:
                _drop(el)


def _main_content(body: html.HtmlElement) -> html.HtmlElement:
    articles = list(body.iter("article"))
    if articles:
        return max(articles, key=_text_len)
    for el in body.iter():
        if el.tag == "main" or (el.get("role") or "").lower() == "main":
            return el
    return body


def _collect(root: html.HtmlElement, out: list[str]) -> None:
    # Iterative (pages nest elements thousands deep): events are (element, entering).
    stack: list[tuple[html.HtmlElement, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if entering:
            if tag in _BLOCK_TAGS:
                out.append("\n\n")
            elif tag in _LINE_TAGS:
                out.append("\n")
            if el.text and tag:
                out.append(el.text)
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        else:
            if tag in _BLOCK_TAGS:
                out.append("\n\n")
            if el.tail and el is not root:
                out.append(el.tail)


def element_text(el: html.HtmlElement) -> str:
    """The visible text of ``el``: blocks separated by blank lines, lines by newlines."""
    parts: list[str] = []
    _collect(el, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document from the page's main content."""
    yield page_document(ctx, ctx.read_bytes())


def page_document(ctx: ReadContext, data: bytes, charset: str | None = None) -> Document:
    """The document of one HTML page's bytes (``charset``: the HTTP header's, if any)."""
    if charset and not _CHARSET_RE.search(data[:4096]):
        text = ctx.record(decode_with(data, charset))
    else:
        text = _decode(ctx, data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise ReadError("empty HTML file")
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"unparsable HTML: {exc}") from exc
    meta = _meta(tree)
    head_title = (tree.findtext(".//title") or "").strip()
    body = tree.find("body")
    if body is None:
        body = tree
    _strip_boilerplate(body)
    main = _main_content(body)

    h1 = next(iter(main.iter("h1")), None)
    if h1 is None:
        h1 = next(iter(body.iter("h1")), None)
    candidates = [meta.get(k) or "" for k in _TITLE_META]
    candidates += [" ".join("".join(h1.itertext()).split()) if h1 is not None else "",
                   " ".join(head_title.split())]
    title = next((t for t in candidates
                  if not is_placeholder_title(t) and not is_menu_line(t)), "")

    date = None
    for key in _DATE_META:
        if meta.get(key):
            date, _ = parse_date_value(meta[key])
            if date:
                break
    if not date:
        for t in main.iter("time"):
            value = t.get("datetime") or "".join(t.itertext())
            date, _ = parse_date_value(value) if value else (None, None)
            if date:
                break
    content = element_text(main)
    if not date:
        date = find_date(content)
    canonical = next((el.get("href") for el in tree.iter("link") if el.get("rel") == "canonical"), None)
    lang = (tree.get("lang") or "").split("-")[0].lower() or None
    return Document(
        id="",
        text=content,
        title=title,
        date=date,
        url=meta.get("og:url") or canonical,
        lang=lang,
        file=ctx.rel,
    )
