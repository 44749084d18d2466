"""The HTML pages: search, document, "why this matched", and the landing page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from muragat.search.models import SearchResponse
from muragat.web.app import get_engine, run_search
from muragat.web.params import doc_id_arg, has_criteria, query_text, search_request

bp = Blueprint("views", __name__)

MAX_CHART_YEARS = 150  # a continuous year axis up to this span


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
    """The landing page: the search box, the size of the archive, the facets to browse."""
    engine = get_engine()
    stats = engine.stats()
    return render_template("index.html", stats=stats, q="")


@bp.get("/search")
def search():
    """The results page; every piece of state is in the URL."""
    req = search_request(request.args)
    if not has_criteria(req):
        return index()
    response: SearchResponse = run_search(req)
    status = {"internal": 500, "index_damaged": 503}.get(response.error_code or "", 200)
    return render_template(
        "search.html",
        req=req,
        response=response,
        q=req.q,
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
    return render_template("document.html", doc=doc, similar=similar, q=q)


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
