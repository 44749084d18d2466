"""Request arguments -> ``SearchRequest``, with the service limits checked.

Anything out of bounds raises ``ParamError`` carrying a translated message; the
views answer it with a polite 400 (HTML or JSON), never a 500.
"""

from __future__ import annotations

from flask_babel import gettext as _
from muragat.search.models import SORTS, SearchRequest
from werkzeug.datastructures import MultiDict

from muragat.settings import LIMITS

DEFAULT_PAGE_SIZE = 10
MAX_FILTER_VALUES = 20  # lang / source values in one request
MAX_FILTER_CHARS = 200  # length of one lang / source value
MAX_DOC_ID_CHARS = 1000


class ParamError(ValueError):
    """A request argument that is malformed or beyond the service limits."""


def _int(args: MultiDict, name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParamError(_("“%(name)s” must be a whole number.", name=name)) from None
    if not lo <= value <= hi:
        raise ParamError(
            _("“%(name)s” must be between %(lo)d and %(hi)d.", name=name, lo=lo, hi=hi)
        )
    return value


def _values(args: MultiDict, name: str) -> tuple[str, ...]:
    values = [v.strip() for v in args.getlist(name) if v.strip()]
    if len(values) > MAX_FILTER_VALUES or any(len(v) > MAX_FILTER_CHARS for v in values):
        raise ParamError(_("Too many or too long values for “%(name)s”.", name=name))
    return tuple(dict.fromkeys(values))  # unique, order kept


def query_text(args: MultiDict) -> str:
    """The ``q`` argument, checked against the query length limit."""
    q = args.get("q", "").strip()
    if len(q) > LIMITS.max_query_chars:
        raise ParamError(
            _("The query is too long: at most %(n)d characters.", n=LIMITS.max_query_chars)
        )
    return q


def doc_id_arg(value: str) -> str:
    """A document id from the request, checked for length (it is only looked up in the index)."""
    if not value or len(value) > MAX_DOC_ID_CHARS:
        raise ParamError(_("The document id is missing or too long."))
    return value


def search_request(args: MultiDict, default_size: int = DEFAULT_PAGE_SIZE) -> SearchRequest:
    """Build the ``SearchRequest`` of ``args`` (q, lang*, year_from, year_to, source*, sort,
    page, size; ``correct=0``: answer the query as typed, never a correction of it;
    ``samelang=1``: only documents in the query's language, not all languages;
    ``semantic=0``: the lexical ranking alone on an index with the semantic layer)."""
    sort = args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise ParamError(_("Unknown sort order. Use one of: %(sorts)s.", sorts=", ".join(SORTS)))
    year_from = _int(args, "year_from", None, 0, 9999)
    year_to = _int(args, "year_to", None, 0, 9999)
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    return SearchRequest(
        q=query_text(args),
        langs=_values(args, "lang"),
        year_from=year_from,
        year_to=year_to,
        sources=_values(args, "source"),
        sort=sort,
        page=_int(args, "page", 1, 1, LIMITS.max_page) or 1,
        size=_int(args, "size", default_size, 1, LIMITS.max_page_size) or default_size,
        correct=args.get("correct", "").strip() not in ("0", "false", "no", "off"),
        same_language=details_arg(args, "samelang"),
        semantic=args.get("semantic", "").strip() not in ("0", "false", "no", "off"),
    )


def details_arg(args: MultiDict, name: str = "details") -> bool:
    """Whether ``details=1`` (or ``name``=1) asks for the ranking details (scores, timings,
    explanations)."""
    return args.get(name, "").strip().lower() in ("1", "true", "yes", "on")
