"""Plain data objects of the search API: a request in, a response out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SORTS = ("relevance", "newest", "oldest")

# ``SearchResponse.error_code`` values (stable: the web translates messages by them).
ERROR_CODES = (
    "empty_after_repair",  # the parser's repairs left nothing to search for
    "syntax",              # no searchable words in the query (only operators or punctuation)
    "query_too_long",      # the query was cut to LIMITS.max_query_chars (results still given)
    "too_expensive",       # too many prefix expansions, or the time limit ran out
    "no_index",            # the index directory holds no index yet
    "internal",            # an unexpected failure (logged)
)


@dataclass(frozen=True)
class SearchRequest:
    """What the user asked for. Values are validated and clamped by the engine."""

    q: str = ""
    langs: tuple[str, ...] = ()  # filter: any of these languages (in ``langs`` of the document)
    year_from: int | None = None
    year_to: int | None = None
    sources: tuple[str, ...] = ()
    sort: str = "relevance"  # one of SORTS
    page: int = 1  # 1-based
    size: int = 10
    any_words: bool = False  # natural-language mode: all words optional, ranking decides
    snippets: bool = True
    facets: bool = True
    # A query without results whose "did you mean" finds some is answered with the corrected
    # query's results (``SearchResponse.corrected_query``); False: the original's, as typed.
    correct: bool = True


@dataclass
class Hit:
    """One result."""

    id: str
    title: str
    lang: str
    langs: list[str]
    year: int | None
    date: str | None
    source: str | None
    url: str | None
    score: float
    snippet: str  # HTML: escaped text with <mark>…</mark> around matched forms
    page: int | None = None  # paged files (PDF, scans): the page of the snippet's first passage
    captured: str | None = None  # web archives: when the page was captured
    # When the document was indexed (ISO 8601, UTC); the index's commit time for documents
    # indexed before this was stored.
    indexed: str | None = None


@dataclass
class SearchResponse:
    """What the engine answers; ``to_json`` is the shape of ``muragat search --json``."""

    query: str
    total: int
    page: int
    size: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # lang/year/source -> counts
    suggestion: str | None = None  # "did you mean" (only when it has results)
    # The query whose results these are, when ``query`` had none and was corrected (else None).
    corrected_query: str | None = None
    error: str | None = None  # a helpful message for a malformed query (never an exception)
    error_code: str | None = None  # stable code of ``error`` (or of a repair), see ERROR_CODES
    took_ms: float = 0.0
    notes: list[str] = field(default_factory=list)  # repairs made to the query, clamped values

    def to_json(self) -> dict[str, Any]:
        """The JSON contract shared by the CLI and ``GET /api/search``."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "size": self.size,
            "hits": [asdict(h) for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "corrected_query": self.corrected_query,
            "error": self.error,
            "error_code": self.error_code,
            "took_ms": round(self.took_ms, 2),
            "notes": self.notes,
        }


@dataclass
class DocumentView:
    """A whole document for the document page / ``GET /api/documents/<id>``."""

    id: str
    title: str
    body: str
    lang: str
    langs: list[str]
    year: int | None
    date: str | None
    source: str | None
    url: str | None
    segments: list[tuple[int, int, str]]  # (start, end, lang) into body
    # The body as (lang, html) parts, one per segment: escaped, query forms in <mark>.
    html_segments: list[tuple[str, str]] = field(default_factory=list)
    pages: list[int] | None = None  # paged files: start offset of each page in body
    captured: str | None = None  # web archives: when the page was captured

    def to_json(self) -> dict[str, Any]:
        """JSON form of the document."""
        return asdict(self)
