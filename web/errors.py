"""Error pages and JSON errors: polite messages, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from muragat.web.params import ParamError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """Whether the request is for the JSON API (answered in JSON)."""
    return request.path.startswith("/api/")


# The stable ``error_code`` of JSON errors answered by the server itself.
ERROR_CODES = {500: "internal", 503: "index_damaged"}


def error_response(status: int, message: str, headers: dict[str, str] | None = None):
    """An error as JSON (API) or as an HTML page in the interface language."""
    if wants_json():
        body: dict[str, object] = {"error": message, "status": status}
        if status in ERROR_CODES:
            body["error_code"] = ERROR_CODES[status]
        response = jsonify(body)
    else:
        response = make_response(render_template("error.html", status=status, message=message))
    response.status_code = status
    response.headers.update(headers or {})
    if status >= 400:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        404: _("There is no such page or document in the archive."),
        405: _("This address does not accept that kind of request."),
        413: _("The request is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }


def handle_param_error(exc: ParamError):
    """A malformed argument or a limit exceeded: 400 with the reason."""
    return error_response(400, str(exc))


def handle_http_error(exc: HTTPException):
    """404, 405, ... with a message of our own (not Werkzeug's English text)."""
    status = exc.code or 500
    message = _messages().get(status) or _messages()[500 if status >= 500 else 400]
    headers = {}
    if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    return error_response(status, message, headers)


def handle_unavailable(exc: Exception):
    """The index exists but cannot be served (damaged): 503, the reason logged."""
    log.error("index unavailable on %s: %s", request.path, exc)
    return error_response(503, _("The archive index cannot be read at the moment. "
                                 "Please try again later."))


def handle_unexpected(exc: Exception):
    """Any other exception: logged for the operator, a plain 500 for the user."""
    log.exception("unhandled error on %s", request.path)
    return error_response(500, _messages()[500])


def init_errors(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    from muragat.search.engine import IndexUnavailable

    app.register_error_handler(ParamError, handle_param_error)
    app.register_error_handler(IndexUnavailable, handle_unavailable)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
