"""The JSON API: search, documents, suggestions, explanations and its OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from muragat.web.app import get_engine, run_search
from muragat.web.openapi import openapi_document
from muragat.web.params import details_arg, doc_id_arg, query_text, search_request

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_SUGGESTIONS = 10
# Errors of the server, not of the request: answered with these HTTP statuses.
SERVER_ERRORS = {"internal": 500, "index_damaged": 503}
MAX_EXPLAINED = 20  # hits explained per request with explain=1


@bp.get("/search")
def search():
    """``SearchResponse.to_json()`` — the same JSON as ``muragat search --json``; HTTP 500
    for an internal error, 503 when the index cannot be served.

    ``explain=1`` adds to each of the first ``MAX_EXPLAINED`` hits its ``explanation``
    (as ``/api/explain``: the matched forms per field and the parts of the score).
    """
    response = run_search(search_request(request.args))
    body = response.to_json()
    if details_arg(request.args, "explain") and body["hits"]:
        engine = get_engine()
        q = response.corrected_query or response.query
        for hit in body["hits"][:MAX_EXPLAINED]:
            hit["explanation"] = engine.explain(hit["id"], q)
    return jsonify(body), SERVER_ERRORS.get(response.error_code or "", 200)


@bp.get("/documents/<path:doc_id>")
def document(doc_id: str):
    """One document (``DocumentView.to_json()``); ``q`` highlights its forms."""
    doc = get_engine().document(doc_id_arg(doc_id), query_text(request.args))
    if doc is None:
        abort(404)
    return jsonify(doc.to_json())


@bp.get("/suggest")
def suggest():
    """Autocomplete from the index vocabulary: the query with its last word completed."""
    q = query_text(request.args)
    suggestions = get_engine().complete(q, MAX_SUGGESTIONS) if q else []
    return jsonify({"query": q, "suggestions": suggestions})


@bp.get("/explain")
def explain():
    """Why document ``id`` matched query ``q``."""
    doc_id = doc_id_arg(request.args.get("id", ""))
    q = query_text(request.args)
    engine = get_engine()
    if engine.document(doc_id) is None:
        abort(404)
    return jsonify({"id": doc_id, "query": q, "explanation": engine.explain(doc_id, q)})


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())
