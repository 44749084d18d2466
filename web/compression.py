"""gzip for large text responses (a result page of JSON is tens of KB; it shrinks ~5x).

Only when the client accepts gzip, the body is at least ``GZIP_MIN_BYTES`` and of a text
type; file responses (static files, streamed) are left alone. ``Vary: Accept-Encoding``
is set on every compressible response, compressed or not, so caches keep both.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, current_app, request

COMPRESSIBLE_TYPES = (
    "text/html", "text/csv", "text/plain", "application/json", "application/atom+xml",
    "application/opensearchdescription+xml",
)


def gzip_response(response: Response) -> Response:
    """Compress ``response`` with gzip when worth it (an ``after_request`` hook)."""
    if response.mimetype not in COMPRESSIBLE_TYPES:
        return response
    response.vary.add("Accept-Encoding")
    if (response.direct_passthrough or response.is_streamed
            or response.status_code != 200 or "Content-Encoding" in response.headers
            or request.accept_encodings["gzip"] <= 0):
        return response
    data = response.get_data()
    if len(data) < int(current_app.config["GZIP_MIN_BYTES"]):
        return response
    response.set_data(gzip.compress(data, compresslevel=int(current_app.config["GZIP_LEVEL"]),
                                    mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_compression(app: Flask) -> None:
    """Register the hook (runs after every other response hook: compresses the final body)."""
    app.config.setdefault("GZIP_MIN_BYTES", 1024)
    app.config.setdefault("GZIP_LEVEL", 6)
    app.after_request(gzip_response)
