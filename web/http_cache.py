"""HTTP caching of dynamic responses: ETag, Last-Modified, Cache-Control and 304.

Every answer of the site and API is a function of the request URL, the interface
language, the code and the index generation. So the validators are known before any
search runs: the ETag is ``W/"<code>-<generation>-<language>"``, Last-Modified the later
of the index commit and the code. A request whose ``If-None-Match`` (or
``If-Modified-Since``) still holds gets a 304 at once, without searching. Dynamic
responses say ``Cache-Control: no-cache`` (keep, but ask again each time; ``private`` when
they set the language cookie); errors and ``/healthz`` say ``no-store``. Static files keep Flask's own handling.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from flask_babel import get_locale
from werkzeug.http import is_resource_modified

# Endpoints whose answer depends only on URL, language, code and index generation.
VALIDATED_ENDPOINTS = frozenset({
    "views.index", "views.search", "views.document", "views.explain",
    "api.search", "api.document", "api.suggest", "api.explain", "api.openapi",
    "feeds.atom", "feeds.export_csv", "feeds.opensearch", "feeds.robots",
})
DYNAMIC_CACHE_CONTROL = "no-cache"
UNCACHED = "no-store"

_WEB = Path(__file__).resolve().parent


def code_fingerprint() -> tuple[str, datetime]:
    """A short hash of the installed version and the web files' sizes and times, and the
    newest of those times: a new release or edited template changes every ETag."""
    try:
        version = metadata.version("muragat")
    except metadata.PackageNotFoundError:
        version = "0"
    digest = hashlib.sha256(version.encode())
    newest = 0.0
    for path in sorted(_WEB.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".xml", ".mo", ".js", ".css"):
            stat = path.stat()
            digest.update(f"{path.relative_to(_WEB)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            newest = max(newest, stat.st_mtime)
    return digest.hexdigest()[:10], datetime.fromtimestamp(int(newest), UTC)


def current_validators() -> tuple[str, datetime] | None:
    """``(etag, last_modified)`` of the current request, or None when it has none."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in VALIDATED_ENDPOINTS:
        return None
    version = getattr(g.engine, "index_version", lambda: None)()
    if version is None:
        return None
    generation, committed = version
    code, code_time = current_app.extensions["muragat_code"]
    try:
        when = datetime.strptime(committed, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        when = code_time
    return f'W/"{code}-{generation}-{get_locale()}"', max(when, code_time)


def not_modified() -> Response | None:
    """A 304 when the client's copy is current (a ``before_request`` step), else None."""
    validators = current_validators()
    g.validators = validators
    if validators is None:
        return None
    etag, modified = validators
    if is_resource_modified(request.environ, etag=etag, last_modified=modified):
        return None
    return current_app.response_class(status=304)


def add_cache_headers(response: Response) -> Response:
    """ETag, Last-Modified and Cache-Control on the response (an ``after_request`` hook)."""
    if request.endpoint == "static":
        return response
    validators = g.get("validators")
    if validators is not None and response.status_code in (200, 304):
        etag, modified = validators
        response.headers["ETag"] = etag
        response.last_modified = modified
        # A response that sets a cookie (the interface language) is for this browser only.
        private = "Set-Cookie" in response.headers
        response.headers.setdefault(
            "Cache-Control", f"private, {DYNAMIC_CACHE_CONTROL}" if private else DYNAMIC_CACHE_CONTROL)
    else:
        response.headers.setdefault("Cache-Control", UNCACHED)
    return response


def init_http_cache(app: Flask) -> None:
    """Compute the code fingerprint once; register the header hook."""
    app.extensions["muragat_code"] = code_fingerprint()
    app.after_request(add_cache_headers)
