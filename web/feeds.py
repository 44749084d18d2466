"""Machine-readable views of a search: Atom feed, CSV export, OpenSearch, health, robots.txt."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from muragat.web.app import get_engine, run_search
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


@bp.get("/feed.atom")
def atom():
    """An Atom feed of any search, newest first (librarians follow a topic in a reader)."""
    req = replace(search_request(request.args, FEED_SIZE), sort="newest", page=1)
    response = run_search(req)
    entries = [(hit, _iso_date(hit.date)) for hit in response.hits]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    updated = max((d for _, d in entries if d), default=now)
    body = render_template("feed.xml", req=req, response=response, entries=entries,
                           updated=updated, now=now)
    return Response(body, mimetype="application/atom+xml")


def _csv_cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with '."""
    text = "" if value is None else " ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/export.csv")
def export_csv():
    """The result list of a search as CSV (one page of up to the maximum page size)."""
    req = replace(search_request(request.args, LIMITS.max_page_size), snippets=False, facets=False)
    response = run_search(req)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for hit in response.hits:
        link = url_for("views.document", doc_id=hit.id, _external=True)
        row = [hit.id, hit.title, hit.date, hit.year, hit.lang, hit.langs, hit.source, hit.url,
               round(hit.score, 4), link]
        writer.writerow([_csv_cell(v) for v in row])
    return Response(
        "\ufeff" + out.getvalue(),  # BOM: spreadsheets then read UTF-8 Cyrillic correctly
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="muragat-results.csv"'},
    )


@bp.get("/opensearch.xml")
def opensearch():
    """The OpenSearch description: browsers can add Muragat as a search engine."""
    body = render_template("opensearch.xml")
    return Response(body, mimetype="application/opensearchdescription+xml")


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
