"""Links that keep the search state in the URL (facets, sort, paging, language switcher)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import current_app, request, url_for
from werkzeug.sansio.utils import host_is_trusted

# Absolute URLs when neither a base URL nor a trusted Host is known (``muragat serve``
# replaces it with the address it listens on).
DEFAULT_SERVER_URL = "http://127.0.0.1:8080"

# Arguments that make up the search state, in a stable order.
STATE_ARGS = ("q", "lang", "year_from", "year_to", "source", "sort", "page", "size")


def _current_pairs(exclude: set[str]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k not in exclude and v != ""]


def url_with(endpoint: str | None = None, **changes: object) -> str:
    """The current request's URL (or ``endpoint``'s) with ``changes`` applied.

    A value of ``None`` removes the argument; a list or tuple sets a repeated one.
    Changing any search criterion (not ``page``, ``ui`` or ``details``) returns to page 1.
    """
    exclude = set(changes)
    if not exclude <= {"page", "ui", "details"}:
        exclude.add("page")
    pairs = _current_pairs(exclude)
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, str(v)) for v in value)
        else:
            pairs.append((key, str(value)))
    if endpoint is None and request.endpoint is None:
        base = request.path  # an error page: stay on the same address
    else:
        base = url_for(endpoint or request.endpoint, **(request.view_args or {}))
    return base + ("?" + urlencode(pairs) if pairs else "")


def toggle_url(name: str, value: str) -> str:
    """The current URL with ``value`` added to or removed from the repeated argument ``name``."""
    current = request.args.getlist(name)
    values = [v for v in current if v != value] if value in current else [*current, value]
    return url_with(**{name: values})


def state_url(endpoint: str, **changes: object) -> str:
    """``endpoint`` with the current search state (e.g. the Atom feed or CSV of this search)."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k in STATE_ARGS and v]
    pairs = [(k, v) for k, v in pairs if k not in changes]
    pairs += [(k, str(v)) for k, v in changes.items() if v is not None]
    return url_for(endpoint) + ("?" + urlencode(pairs) if pairs else "")


def check_base_url(value: str) -> str:
    """``value`` as a base URL (``https://search.example.org/archive``), without a trailing
    slash; ``ValueError`` unless it is an absolute http(s) URL without query or fragment."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"not an http(s) base URL without query or fragment: {value!r}")
    return value.strip().rstrip("/")


def site_url() -> str:
    """The site's absolute address (no trailing slash) for links that leave the page
    (feeds, CSV, OpenSearch, canonical links): ``BASE_URL``; else the request's Host when it
    is one of ``TRUSTED_URL_HOSTS``; else the address the server was configured with.
    An untrusted Host header is never echoed."""
    config = current_app.config
    if config.get("BASE_URL"):
        return str(config["BASE_URL"]).rstrip("/")
    trusted = config.get("TRUSTED_URL_HOSTS") or ()
    host = request.environ.get("HTTP_HOST", "")
    if trusted and host and host_is_trusted(host, list(trusted)):
        return f"{request.scheme}://{host}{request.script_root}"
    return str(config.get("SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/")


def external_url(endpoint: str, **values: object) -> str:
    """The absolute URL of ``endpoint`` under ``site_url()``."""
    path = url_for(endpoint, **values)
    if request.script_root and path.startswith(request.script_root):
        path = path[len(request.script_root):]  # site_url() already holds the prefix
    return site_url() + path


def external_state_url(endpoint: str, **changes: object) -> str:
    """``state_url`` made absolute (the Atom feed's self and alternate links)."""
    path = state_url(endpoint, **changes)
    if request.script_root and path.startswith(request.script_root):
        path = path[len(request.script_root):]
    return site_url() + path


def init_links(app) -> None:
    """Expose the link helpers to templates."""
    app.jinja_env.globals.update(url_with=url_with, toggle_url=toggle_url, state_url=state_url,
                                 external_url=external_url,
                                 external_state_url=external_state_url)
