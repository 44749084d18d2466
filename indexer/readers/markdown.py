"""Markdown files (``.md``) with optional YAML front matter.

Front matter keys: ``title``, ``date``, ``year``, ``lang``, ``source``, ``url``
(and ``id``). The body keeps its words; markup that is not text (heading marks,
emphasis, link targets, images) is removed so it is neither indexed nor shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from muragat.indexer.document import Document
from muragat.indexer.metadata import document_from_record
from muragat.indexer.readers.base import ReadContext

_FRONT_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING_RE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_LIST_MARK_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M)
_QUOTE_RE = re.compile(r"^[ \t]*>[ \t]?", re.M)
# libyaml's safe loader when PyYAML was built with it (ten times faster), else the Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str) -> tuple[dict, str]:
    """``(front matter mapping, body)``; an unparsable front matter is kept as body text."""
    m = _FRONT_RE.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.load(m.group(1), Loader=_SAFE_LOADER)
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def strip_markup(body: str) -> str:
    """Markdown body -> plain text (same paragraphs and lines)."""
    body = _IMAGE_RE.sub(r"\1", body)
    body = _LINK_RE.sub(r"\1", body)
    body = _HEADING_RE.sub(r"\1", body)
    body = _EMPHASIS_RE.sub(r"\2", body)
    body = _LIST_MARK_RE.sub("", body)
    return _QUOTE_RE.sub("", body)


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document: front matter for metadata, the first heading as a fallback title."""
    text = ctx.decode(ctx.read_bytes())
    meta, body = split_front_matter(text)
    record = {k.lower(): v for k, v in meta.items() if isinstance(k, str)}
    record.pop("text", None)
    record.pop("body", None)
    doc = document_from_record(record, ctx.rel, default_id="")
    if not doc.title:
        heading = _HEADING_RE.search(body)
        if heading:
            doc.title = strip_markup(heading.group(1)).strip()
    doc.text = strip_markup(body).strip("\n")
    if doc.text.strip() or doc.title:
        yield doc
