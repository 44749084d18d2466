"""Completing a document's metadata: title, date and year, source, id.

Precedence, for every field: the document's own metadata (front matter, JSON
fields, HTML meta tags) first, then what the text says (first meaningful line,
first date in prose), then the archive layout (the top-level folder is the
source). File modification times are never used as dates.
"""

from __future__ import annotations

import re

from muragat.indexer.dates import find_date, parse_date_value, parse_year
from muragat.indexer.document import Document
from muragat.indexer.titles import is_menu_line, is_placeholder_title

_TITLE_MAX = 200
_MEANINGFUL_RE = re.compile(r"[^\W\d_]{2,}")
_LINE_END_RE = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # what splitlines() splits at


def source_from_path(rel: str) -> str | None:
    """The top-level folder of a path relative to the archive root (None for files at the root)."""
    parts = rel.replace("\\", "/").split("/")
    return parts[0] if len(parts) > 1 and parts[0] else None


# A breadcrumb line of a scraped page ("You are here: Home › Archive › <title>").
_BREADCRUMB_RE = re.compile(
    r"^\s*(?:you\s+are\s+here|вы\s+(?:находитесь\s+)?здесь|сіз\s+(?:осындасыз|мұндасыз))\s*:\s*(.*)$",
    re.IGNORECASE,
)
_CRUMB_SEP_RE = re.compile(r"\s*(?:›|»|→|>|\|)\s*")
# Only a breadcrumb among the first lines (the page's navigation) names the title.
_BREADCRUMB_LINES = 40


def title_from_text(text: str) -> str:
    """The title of ``text``, shortened.

    A page scraped with its navigation (menu headings, then a breadcrumb line
    such as ``You are here: Home › Archive › <title>``) is titled by the end of
    the breadcrumb, or the line repeated right after it; otherwise the title is
    the first meaningful line (at least two words or a long word) that is not a menu line
    (``titles.is_menu_line``: "icon E-catalog", "Главная", "Home | About | Contacts").
    """
    return title_from_breadcrumb(text) or _first_meaningful_line(text)


def title_from_breadcrumb(text: str) -> str:
    """The page title named by a breadcrumb line near the top of ``text`` ("" when none)."""
    lines = [line.strip() for line in text.splitlines()[: _BREADCRUMB_LINES * 3] if line.strip()]
    for i, line in enumerate(lines[:_BREADCRUMB_LINES]):
        match = _BREADCRUMB_RE.match(line)
        if not match:
            continue
        trail = match.group(1).strip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following and _MEANINGFUL_RE.search(following) and trail.casefold().endswith(following.casefold()):
            return _shorten(following)  # the page repeats its title under the breadcrumb
        crumbs = [c for c in _CRUMB_SEP_RE.split(trail) if c]
        if len(crumbs) > 1 and _MEANINGFUL_RE.search(crumbs[-1]):
            return _shorten(crumbs[-1])
        if following and _MEANINGFUL_RE.search(following) and not _BREADCRUMB_RE.match(following):
            return _shorten(following)
        return ""
    return ""


def one_line(text: str) -> bool:
    """True when ``text`` has at most one meaningful line (a sentence, a caption: no heading)."""
    first = _MEANINGFUL_RE.search(text)
    if first is None:
        return True
    end = _LINE_END_RE.search(text, first.end())
    return end is None or _MEANINGFUL_RE.search(text, end.end()) is None


def _first_meaningful_line(text: str) -> str:
    fallback = menu = ""
    for line in text.splitlines():
        line = line.strip().strip("#*=-_ ").strip()
        if not _MEANINGFUL_RE.search(line):
            continue
        if is_menu_line(line):
            menu = menu or line  # only when nothing else is there
            continue
        if len(_MEANINGFUL_RE.findall(line)) >= 2 or len(line) >= 12:
            return _shorten(line)
        fallback = fallback or line
    return _shorten(fallback or menu)


def _shorten(line: str) -> str:
    if len(line) <= _TITLE_MAX:
        return line
    cut = line[:_TITLE_MAX].rsplit(" ", 1)[0]
    return cut + "…"


def storable(text: str) -> str:
    """``text`` without lone surrogates (JSON may hold ``\\ud800``; the index stores UTF-8)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def complete(doc: Document, rel: str, *, source_from_folder: bool = True) -> Document:
    """Fill what ``doc``'s metadata left open: id, file, title, date/year, source."""
    doc.id = storable(doc.id or rel)
    doc.file = storable(doc.file or rel)
    doc.text = storable(doc.text)
    doc.title = (doc.title or "").strip()
    if is_placeholder_title(doc.title):  # "Word Document", "Untitled": none given
        doc.title = ""
    if not doc.title:
        doc.title = title_from_text(doc.text)
        doc.title_is_text = bool(doc.title) and one_line(doc.text)
    if doc.date is not None or doc.year is not None:
        date, year = parse_date_value(doc.date)
        doc.date = date
        doc.year = parse_year(doc.year) if doc.year is not None else year
    if doc.date is None and doc.year is None:
        found = find_date(doc.text)
        if found:
            doc.date, doc.year = found, int(found[:4])
    if doc.year is None and doc.date:
        doc.year = parse_year(doc.date[:4])
    if not doc.source and source_from_folder:
        doc.source = source_from_path(rel)
    return doc


def pick(record: dict, *keys: str) -> object | None:
    """The first non-empty value among ``keys`` of a metadata mapping."""
    for key in keys:
        value = record.get(key)
        if value is not None and value != "":
            return value
    return None


def as_text(value: object | None) -> str | None:
    """A metadata value as a stripped string (None when empty)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def document_from_record(record: dict, rel: str, default_id: str) -> Document:
    """A ``Document`` from a JSON/front-matter mapping (fields as in the archive formats)."""
    rec_id = pick(record, "id", "doc_id", "pid")
    text = pick(record, "text", "body", "content")
    lang = as_text(pick(record, "lang", "language"))
    return Document(
        id=str(rec_id) if rec_id is not None else default_id,
        text=str(text) if text is not None else "",
        title=as_text(pick(record, "title")) or "",
        date=pick(record, "date", "published", "published_at"),  # type: ignore[arg-type]
        year=pick(record, "year"),  # type: ignore[arg-type]
        source=as_text(pick(record, "source")),
        url=as_text(pick(record, "url", "link")),
        lang=lang.lower()[:8] if lang else None,
        file=rel,
    )
