"""The Flask application factory.

``create_app(config, engine)`` wires the pieces together: the search engine (one per
process, opened once, refreshed when the indexer commits), the interface language,
security headers, the rate limit, error handlers and the blueprints (pages, API,
feeds). Nothing here searches: every answer comes from ``search.SearchEngine``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from muragat.web.cache import ResultCache
from muragat.web.compression import init_compression
from muragat.web.cors import init_cors
from muragat.web.errors import error_response, init_errors
from muragat.web.http_cache import init_http_cache, not_modified
from muragat.web.i18n import init_i18n
from muragat.web.links import DEFAULT_SERVER_URL, check_base_url, init_links
from muragat.web.refresh import ThrottledRefresh
from muragat.web.security import RateBudgets, add_security_headers, retry_after_header

from muragat.settings import LIMITS, default_index_dir

DEFAULTS: dict[str, Any] = {
    "SITE_NAME": "Muragat",
    # Per client address, two token buckets (docs/WEB.md: a reading room of 30 behind one
    # NAT address stays well below both): searches and pages, and autocomplete suggestions.
    "RATE_LIMIT_PER_S": 20.0,  # average requests per second; 0 disables both limits
    "RATE_LIMIT_BURST": 100,  # requests a client may make at once
    "SUGGEST_RATE_LIMIT_PER_S": 40.0,  # suggestions per second
    "SUGGEST_RATE_LIMIT_BURST": 200,
    "REFRESH_INTERVAL_S": 1.0,  # how often to check whether the indexer committed
    "RESULT_CACHE_SIZE": 256,  # search responses kept per process; 0 switches the cache off
    # Where the sources' display names are (muragat-sources.json): the index directory, or for
    # a Solr collection the state folder of ``muragat index --backend solr --index DIR``.
    "SOURCES_DIR": None,
    "MAX_CONTENT_LENGTH": 64 * 1024,  # nothing here takes uploads
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,  # static files: browsers may keep them an hour
    "JSON_SORT_KEYS": False,
    # Absolute URLs (feeds, CSV, OpenSearch): BASE_URL, else a Host header listed in
    # TRUSTED_URL_HOSTS, else SERVER_URL (the address ``muragat serve`` listens on).
    "BASE_URL": None,  # $MURAGAT_BASE_URL
    "TRUSTED_URL_HOSTS": (),  # $MURAGAT_TRUSTED_HOSTS (comma-separated)
    "SERVER_URL": DEFAULT_SERVER_URL,
    "CORS_ORIGINS": "*",  # $MURAGAT_CORS_ORIGINS: "*", origins (comma-separated) or "none"
}

def settings_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given by environment variables (``MURAGAT_BASE_URL``, ...)."""
    out: dict[str, Any] = {}
    if environ.get("MURAGAT_BASE_URL"):
        out["BASE_URL"] = check_base_url(environ["MURAGAT_BASE_URL"])
    if environ.get("MURAGAT_TRUSTED_HOSTS"):
        out["TRUSTED_URL_HOSTS"] = tuple(
            h.strip() for h in environ["MURAGAT_TRUSTED_HOSTS"].split(",") if h.strip())
    if environ.get("MURAGAT_CORS_ORIGINS"):
        out["CORS_ORIGINS"] = environ["MURAGAT_CORS_ORIGINS"]
    return out


def _open_engine(index_dir):
    from muragat.search.engine import SearchEngine  # imported late: tests may inject a fake

    return SearchEngine(index_dir)


def create_app(config: dict | None = None, engine=None) -> Flask:
    """Build the Muragat web app; ``engine`` defaults to ``SearchEngine(config["INDEX_DIR"])``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["INDEX_DIR"] = str(default_index_dir())
    app.config.update(settings_from_env(os.environ))
    app.config.update(config or {})
    if app.config.get("BASE_URL"):
        app.config["BASE_URL"] = check_base_url(app.config["BASE_URL"])
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    if engine is None:
        engine = _open_engine(app.config["INDEX_DIR"])
    app.extensions["muragat_engine"] = engine
    refresh = ThrottledRefresh(engine, app.config["REFRESH_INTERVAL_S"])
    cache = ResultCache(int(app.config["RESULT_CACHE_SIZE"]))
    app.extensions["muragat_cache"] = cache
    budgets = RateBudgets.from_config(app.config)
    app.extensions["muragat_limiter"] = budgets

    @app.before_request
    def _before():
        wait = budgets.take(request.endpoint, request.remote_addr or "unknown")
        if wait:
            return error_response(
                429,
                _("Too many requests. Please wait a moment and try again."),
                {"Retry-After": retry_after_header(wait)},
            )
        g.engine = engine
        if refresh():
            cache.clear()  # a new index generation: cached results are stale
        return not_modified()

    from muragat.search.sources import SourceNames

    engine_dir = getattr(engine, "index_dir", None)  # a test's fake engine may have none
    sources = SourceNames(app.config["SOURCES_DIR"] or (
        engine_dir if isinstance(engine_dir, str | os.PathLike) else app.config["INDEX_DIR"]))
    app.extensions["muragat_sources"] = sources

    def source_name(slug: str | None) -> str:
        from flask_babel import get_locale
        from muragat.web.i18n import UI_LANGS

        return sources.display(slug, str(get_locale() or "en"), UI_LANGS)

    app.jinja_env.filters["source_name"] = source_name
    app.jinja_env.globals.update(source_homepage=sources.homepage)
    # after_request hooks run last-registered first: gzip last, on the final body.
    init_compression(app)
    app.after_request(add_security_headers)
    init_http_cache(app)
    init_cors(app)
    app.jinja_env.globals.update(LIMITS=LIMITS, site_name=app.config["SITE_NAME"])
    init_i18n(app)
    init_links(app)
    init_errors(app)

    from muragat.web.api import bp as api_bp
    from muragat.web.feeds import bp as feeds_bp
    from muragat.web.views import bp as views_bp

    app.register_blueprint(views_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(feeds_bp)
    return app


def get_engine():
    """The search engine of the current app."""
    return g.engine


def run_search(req):
    """``engine.search(req)`` through the app's result cache."""
    return current_app.extensions["muragat_cache"].search(req, g.engine.search)
