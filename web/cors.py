"""Cross-origin reads of the JSON API (CORS): any web page may ``fetch`` ``/api/...``.

``CORS_ORIGINS`` is ``"*"`` (the default: any origin), a list of origins
(``https://library.example``; the request's ``Origin`` is echoed when listed) or empty
(no CORS headers). The API is read-only and anonymous: no credentials are allowed, and
only GET, HEAD and OPTIONS are answered.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, request

CORS_PREFIX = "/api/"
ALLOW_METHODS = "GET, HEAD, OPTIONS"
ALLOW_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSE_HEADERS = "ETag, Retry-After"
PREFLIGHT_MAX_AGE_S = 86400


def parse_origins(value: str | Iterable[str] | None) -> str | tuple[str, ...]:
    """``"*"``, a tuple of origins, or ``()`` (off) from a setting such as ``"*"``,
    ``"https://a.example,https://b.example"`` or ``"none"``."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    origins = tuple(o.strip().rstrip("/") for o in items if o.strip())
    if "*" in origins:
        return "*"
    return () if origins in ((), ("none",)) else origins


def add_cors_headers(response: Response) -> Response:
    """Allow cross-origin reads of the API (an ``after_request`` hook)."""
    if not request.path.startswith(CORS_PREFIX):
        return response
    allowed = current_app.config["CORS_ORIGINS"]
    origin = request.headers.get("Origin", "")
    if allowed == "*":
        response.headers["Access-Control-Allow-Origin"] = "*"
    else:
        response.vary.add("Origin")
        if not origin or origin not in allowed:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE_S)
    return response


def init_cors(app: Flask) -> None:
    """Normalize ``CORS_ORIGINS`` and register the hook."""
    app.config["CORS_ORIGINS"] = parse_origins(app.config.get("CORS_ORIGINS"))
    app.after_request(add_cors_headers)
