"""The plain ``Document`` every reader produces and the writer consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    """One archive document, before analysis."""

    id: str  # the record's own id, else the path relative to the archive root (+ line number)
    text: str
    title: str = ""
    date: str | None = None  # ISO: yyyy-mm-dd
    year: int | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None  # from metadata, if any (a hint for analysis)
    file: str = ""  # path relative to the archive root
    # The title was taken from a text of one line (a record, a caption): a label to show,
    # not a heading, so it is not indexed a second time as a title.
    title_is_text: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1251", "text truncated"
    # Paged files (PDF, scans): where each page starts in ``text`` (page n = pages[n - 1]).
    pages: list[int] | None = None
    captured: str | None = None  # web archives: when the page was captured (ISO date-time)
