"""Links that keep the search state in the URL (facets, sort, paging, language switcher)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request, url_for

# Arguments that make up the search state, in a stable order.
STATE_ARGS = ("q", "lang", "year_from", "year_to", "source", "sort", "page", "size")


def _current_pairs(exclude: set[str]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if k not in exclude and v != ""]


def url_with(endpoint: str | None = None, **changes: object) -> str:
    """The current request's URL (or ``endpoint``'s) with ``changes`` applied.

    A value of ``None`` removes the argument; a list or tuple sets a repeated one.
    Changing any search criterion (not ``page``/``ui``) returns to page 1.
    """
    exclude = set(changes)
    if not exclude <= {"page", "ui"}:
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


def init_links(app) -> None:
    """Expose the link helpers to templates."""
    app.jinja_env.globals.update(url_with=url_with, toggle_url=toggle_url, state_url=state_url)
