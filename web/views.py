"""The HTML pages: search, document, "why this matched", and the landing page."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request
from muragat.search.models import SearchRequest, SearchResponse
from muragat.web.app import get_engine, run_search
from muragat.web.params import details_arg, doc_id_arg, query_text, search_request

bp = Blueprint("views", __name__)

MAX_CHART_YEARS = 150  # a continuous year axis up to this span
RECENT_ON_HOME = 8  # newest documents listed on the landing page
YEARS_ON_HOME = 30  # years listed for browsing on the landing page

# Paragraph breaks in the document text: a line break, blank space, another line break.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
# Control and bidi characters: dropped where no element can isolate them (<title>).
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def paragraphs(parts: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A document's ``(lang, html)`` parts regrouped into paragraphs, split at blank lines.

    Each paragraph is a list of ``(lang, html)`` runs (neighbouring runs of one language
    joined), without the blank space at its edges. The parts are the engine's escaped
    HTML with ``<mark>`` (never spanning a line break), so splitting them is safe.
    """
    grouped: list[list[tuple[str, str]]] = [[]]
    for lang, html in parts:
        for i, piece in enumerate(_BLANK_LINE.split(html)):
            if i:
                grouped.append([])
            if piece:
                grouped[-1].append((lang, piece))
    out = []
    for runs in grouped:
        merged: list[tuple[str, str]] = []
        for lang, html in runs:
            if merged and merged[-1][0] == lang:
                merged[-1] = (lang, merged[-1][1] + html)
            else:
                merged.append((lang, html))
        while merged and not merged[0][1].strip():
            merged.pop(0)
        while merged and not merged[-1][1].strip():
            merged.pop()
        if merged:
            merged[0] = (merged[0][0], merged[0][1].lstrip())
            merged[-1] = (merged[-1][0], merged[-1][1].rstrip())
            out.append(merged)
    return out


@bp.app_template_filter()
def plain(text: object) -> str:
    """Text without control and bidi characters (for ``<title>``, where nothing isolates them)."""
    return _NOT_PLAIN.sub("", str(text or ""))


def year_chart(counts: dict[str, int]) -> list[dict]:
    """Bars of the year facet, oldest first: ``{year, count, height}`` (height in % of the tallest).

    Years without documents between the first and the last get an empty bar, so the
    chart's axis is continuous (unless the span is implausibly long).
    """
    years: dict[int, int] = {}
    for key, count in counts.items():
        try:
            years[int(key)] = int(count)
        except (TypeError, ValueError):
            continue
    if not years:
        return []
    first, last = min(years), max(years)
    span = range(first, last + 1) if last - first <= MAX_CHART_YEARS else sorted(years)
    top = max(years.values()) or 1
    return [
        {"year": y, "count": years.get(y, 0),
         "height": round(100 * years[y] / top) if years.get(y) else 0}
        for y in span
    ]


def html_lang(code: str | None) -> str:
    """A ``lang`` attribute value for a document language ("other" -> "und", undetermined)."""
    return code if code and code.isalpha() and len(code) <= 8 and code != "other" else "und"


@bp.app_template_global()
def segment_lang(code: str | None) -> str:
    """Template access to ``html_lang``."""
    return html_lang(code)


@bp.app_template_filter()
def field_label(name: str) -> str:
    """A readable name of an index field (``body_kk`` -> "Text (Kazakh)")."""
    from flask_babel import gettext as _
    from muragat.web.i18n import language_name

    kind, _sep, lang = str(name).partition("_")
    labels = {"body": _("Text"), "title": _("Title"), "exact": _("Exact form")}
    if kind not in labels:
        return str(name)
    return f"{labels[kind]} ({language_name(lang)})" if lang else labels[kind]


@bp.get("/")
def index():
    """The landing page: the search box, the newest documents, browsing by library and year."""
    engine = get_engine()
    stats = engine.stats()
    browse = run_search(SearchRequest(q="", sort="newest", size=RECENT_ON_HOME))
    years = sorted(((int(y), n) for y, n in browse.facets.get("year", {}).items()
                    if str(y).isdigit() and int(y) > 0), reverse=True)[:YEARS_ON_HOME]
    return render_template("index.html", stats=stats, q="", recent=browse.hits,
                           sources=list(browse.facets.get("source", {}).items()), years=years)


@bp.get("/search")
def search():
    """The results page; every piece of state is in the URL. No words and no filters:
    every document, newest first."""
    req = search_request(request.args)
    response: SearchResponse = run_search(req)
    status = {"internal": 500, "index_damaged": 503}.get(response.error_code or "", 200)
    return render_template(
        "search.html",
        req=req,
        response=response,
        q=req.q,
        details=details_arg(request.args),
        years=year_chart(response.facets.get("year", {})),
        last_page=max(1, -(-response.total // req.size)),
    ), status


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str):
    """One document in full, with the query's forms highlighted; 404 for an unknown id."""
    doc_id = doc_id_arg(doc_id)
    q = query_text(request.args)
    engine = get_engine()
    doc = engine.document(doc_id, q)
    if doc is None:
        abort(404)
    similar = engine.similar(doc_id, 5)
    return render_template("document.html", doc=doc, similar=similar, q=q,
                           paragraphs=paragraphs(doc.html_segments))


@bp.get("/explain")
def explain():
    """Why a document matched a query: the matched forms and fields, the parts of the score."""
    doc_id = doc_id_arg(request.args.get("id", ""))
    q = query_text(request.args)
    engine = get_engine()
    doc = engine.document(doc_id)
    if doc is None:
        abort(404)
    details = engine.explain(doc_id, q) if q else {}
    return render_template("explain.html", doc=doc, details=details, q=q)
