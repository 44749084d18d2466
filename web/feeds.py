"""Machine-readable views of a search: Atom feed, CSV export, OpenSearch, health, robots.txt."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, jsonify, render_template, request
from muragat.web.app import get_engine, run_search
from muragat.web.links import external_url
from muragat.web.params import search_request

from muragat.settings import LIMITS

log = logging.getLogger(__name__)

bp = Blueprint("feeds", __name__)

FEED_SIZE = 30
CSV_COLUMNS = ("id", "title", "date", "year", "lang", "langs", "source", "url", "score", "link")

ROBOTS = """\
# Search result, facet, feed and API URLs are endless combinations: keep crawlers out.
User-agent: *
Disallow: /search
Disallow: /api/
Disallow: /feed.atom
Disallow: /export.csv
Disallow: /explain
Disallow: /doc/*?
Allow: /
"""


def _iso_date(value: str | None) -> str | None:
    """An Atom (RFC 3339) timestamp for an ISO date (yyyy-mm-dd, yyyy-mm, yyyy)."""
    if not value:
        return None
    parts = (value.split("-") + ["01", "01"])[:3]
    try:
        day = datetime(int(parts[0]), int(parts[1]), int(parts[2][:2]), tzinfo=UTC)
    except ValueError:
        return None
    return day.strftime("%Y-%m-%dT%H:%M:%SZ")


# Characters XML 1.0 does not allow (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF):
# one of them anywhere in a feed makes it not well-formed for every reader.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (each becomes U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def _xml_response(body: str, mimetype: str) -> Response:
    return Response(xml_safe(body), mimetype=mimetype)


@bp.get("/feed.atom")
def atom():
    """An Atom feed of any search, newest first (librarians follow a topic in a reader).

    Without a query or filters: the newest documents of the archive. An entry's
    ``<updated>`` is its document's date, else the time it was indexed; the feed's is
    the newest of those (never "now", which would change on every fetch).
    """
    req = replace(search_request(request.args, FEED_SIZE), sort="newest", page=1, correct=False)
    response = run_search(req)
    entries = [(hit, _iso_date(hit.date), hit.indexed or _fallback_time()) for hit in response.hits]
    updated = max((published or indexed for _, published, indexed in entries),
                  default=_fallback_time())
    body = render_template("feed.xml", req=req, response=response, entries=entries,
                           updated=updated)
    return _xml_response(body, "application/atom+xml")


def _fallback_time() -> str:
    """The index's commit time (for a feed without entries, or an engine that has none)."""
    version = getattr(get_engine(), "index_version", lambda: None)()
    if version and version[1]:
        return version[1]
    return "1970-01-01T00:00:00Z"


# C0 and C1 controls, DEL, U+FFFE/U+FFFF and the bidi controls: not for a spreadsheet cell.
_CSV_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069]+")
_FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value) -> str:
    """A CSV cell: control characters become spaces; text that a spreadsheet would run as a
    formula (=, +, -, @ first, after any spaces) is prefixed with '."""
    text = "" if value is None else " ".join(value) if isinstance(value, list) else str(value)
    text = _CSV_UNSAFE.sub(" ", text)
    return "'" + text if text.lstrip()[:1] in _FORMULA_START else text


@bp.get("/export.csv")
def export_csv():
    """The result list of a search as CSV (one page of up to the maximum page size)."""
    req = replace(search_request(request.args, LIMITS.max_page_size), snippets=False, facets=False)
    response = run_search(req)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in response.hits:
        link = external_url("views.document", doc_id=hit.id)
        row = [hit.id, hit.title, hit.date, hit.year, hit.lang, hit.langs, hit.source, hit.url,
               round(hit.score, 4), link]
        writer.writerow([csv_cell(v) for v in row])
    return Response(
        "\ufeff" + out.getvalue(),  # BOM: spreadsheets then read UTF-8 Cyrillic correctly
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="muragat-results.csv"'},
    )


@bp.get("/opensearch.xml")
def opensearch():
    """The OpenSearch description: browsers can add Muragat as a search engine."""
    return _xml_response(render_template("opensearch.xml"),
                         "application/opensearchdescription+xml")


@bp.get("/healthz")
def healthz():
    """Health check: a probe query on the open generation answers; the number of documents.

    503 with the reason when nothing can be served (no index, a damaged one, a failing
    probe). A server holding a good generation while a newer one is damaged answers 200
    and names the problem in ``warning``.
    """
    engine = get_engine()
    try:
        health = getattr(engine, "health", None)
        ok, reason = health() if health is not None else (True, None)
        stats = engine.stats()
    except Exception:  # reported as unhealthy, never as a traceback (details in the log)
        log.exception("health check failed")
        return jsonify({"status": "error"}), 503
    if not ok:
        return jsonify({"status": "error", "reason": reason}), 503
    body = {"status": "ok", "documents": stats.get("documents"),
            "last_commit": stats.get("last_commit")}
    if reason:
        body["warning"] = reason
    return jsonify(body)


@bp.get("/robots.txt")
def robots():
    """Keep crawlers out of search URLs (the facet space is endless)."""
    return Response(ROBOTS, mimetype="text/plain")
