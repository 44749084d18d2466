"""The OpenAPI 3 description of the JSON API (served at ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Any

from muragat.search.models import SORTS

from muragat import __version__ as _version
from muragat.settings import LIMITS


def _param(name: str, schema: dict, description: str, required: bool = False, **extra) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description, **extra}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(ref: str) -> dict:
    return {"description": "OK",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_NULLABLE_INT = {"type": "integer", "nullable": True}
_NULLABLE_STR = {"type": "string", "nullable": True}
_STR_LIST = {"type": "array", "items": {"type": "string"}}

_HIT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
        "langs": _STR_LIST, "year": _NULLABLE_INT, "date": _NULLABLE_STR,
        "source": _NULLABLE_STR, "url": _NULLABLE_STR, "score": {"type": "number"},
        "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
        "indexed": {**_NULLABLE_STR, "description": "when the document was indexed (RFC 3339)"},
        "explanation": {"type": "object", "description": "with explain=1: as /api/explain"},
        "page": {**_NULLABLE_INT, "description": "paged files (PDF, scans): the snippet's page"},
        "captured": {**_NULLABLE_STR, "description": "web archives: when the page was captured"},
    },
}

_RESPONSE = {
    "type": "object",
    "properties": {
        "query": {"type": "string"}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "size": {"type": "integer"},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": {"type": "object", "description": "lang/year/source -> value -> count",
                   "additionalProperties": {"type": "object",
                                            "additionalProperties": {"type": "integer"}}},
        "suggestion": {**_NULLABLE_STR, "description": "did you mean"},
        "corrected_query": {**_NULLABLE_STR, "description": "the query had no results: these "
                            "are the results of this correction of it (correct=0: none)"},
        "error": {**_NULLABLE_STR, "description": "why a malformed query found nothing"},
        "error_code": {**_NULLABLE_STR, "description": "stable code of the error or repair: "
                       "empty_after_repair, syntax, query_too_long, too_expensive, no_index, "
                       "internal"},
        "notes": {**_STR_LIST, "description": "repairs made to the query, clamped values"},
        "took_ms": {"type": "number"},
    },
}

_DOCUMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"},
        "lang": {"type": "string"}, "langs": _STR_LIST, "year": _NULLABLE_INT,
        "date": _NULLABLE_STR, "source": _NULLABLE_STR, "url": _NULLABLE_STR,
        "segments": {"type": "array", "description": "[start, end, lang] into body",
                     "items": {"type": "array", "items": {}}},
        "html_segments": {"type": "array", "description": "[lang, html] per segment",
                          "items": {"type": "array", "items": {"type": "string"}}},
        "pages": {"type": "array", "nullable": True, "items": {"type": "integer"},
                  "description": "paged files: start offset of each page in body"},
        "captured": {**_NULLABLE_STR, "description": "web archives: when the page was captured"},
    },
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, with the service limits filled in."""
    q = _param("q", {"type": "string", "maxLength": LIMITS.max_query_chars},
               "Query: words in any inflected form, \"phrases\" in quotes; empty: browse "
               "every document, newest first.")
    search_params = [
        q,
        _param("lang", {"type": "array", "items": {"type": "string"}},
               "Language filter (kk, ru, en, ...); repeat for several.", explode=True),
        _param("year_from", {"type": "integer"}, "Earliest year."),
        _param("year_to", {"type": "integer"}, "Latest year."),
        _param("source", {"type": "array", "items": {"type": "string"}},
               "Source filter; repeat for several.", explode=True),
        _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."),
        _param("page", {"type": "integer", "minimum": 1, "maximum": LIMITS.max_page,
                        "default": 1}, "Page, 1-based."),
        _param("size", {"type": "integer", "minimum": 1, "maximum": LIMITS.max_page_size,
                        "default": 10}, "Hits per page."),
        _param("correct", {"type": "integer", "enum": [0, 1], "default": 1},
               "0: answer the query as typed, never with its correction."),
        _param("explain", {"type": "integer", "enum": [0, 1], "default": 0},
               "1: add each hit's explanation (the first 20 hits)."),
    ]
    limited = {"400": _error("Malformed argument or a limit exceeded"),
               "429": _error("Rate limit: retry after the Retry-After header's seconds")}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Muragat API", "version": _version,
                 "description": "Search multilingual (Kazakh, Russian, English) library archives."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search the archive", "operationId": "search",
                "parameters": search_params,
                "responses": {"200": _ok("SearchResponse"), **limited}}},
            "/api/documents/{id}": {"get": {
                "summary": "One document", "operationId": "document",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    _param("q", {"type": "string"}, "Highlight this query's forms."),
                ],
                "responses": {"200": _ok("Document"), "404": _error("Unknown id"), **limited}}},
            "/api/suggest": {"get": {
                "summary": "Autocomplete the last word of a query", "operationId": "suggest",
                "parameters": [q],
                "responses": {"200": _ok("Suggestions"), **limited}}},
            "/api/explain": {"get": {
                "summary": "Why a document matched a query", "operationId": "explain",
                "parameters": [
                    _param("id", {"type": "string"}, "Document id.", required=True),
                    q,
                ],
                "responses": {"200": _ok("Explanation"), "404": _error("Unknown id"), **limited}}},
        },
        "components": {"schemas": {
            "Hit": _HIT,
            "SearchResponse": _RESPONSE,
            "Document": _DOCUMENT,
            "Suggestions": {"type": "object", "properties": {
                "query": {"type": "string"}, "suggestions": _STR_LIST}},
            "Explanation": {"type": "object", "properties": {
                "id": {"type": "string"}, "query": {"type": "string"},
                "explanation": {"type": "object"}}},
            "Error": {"type": "object", "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}}},
        }},
    }
