"""The Flask application factory.

``create_app(config, engine)`` wires the pieces together: the search engine (one per
process, opened once, refreshed when the indexer commits), the interface language,
security headers, the rate limit, error handlers and the blueprints (pages, API,
feeds). Nothing here searches: every answer comes from ``search.SearchEngine``.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from muragat.web.cache import ResultCache
from muragat.web.errors import error_response, init_errors
from muragat.web.i18n import init_i18n
from muragat.web.links import init_links
from muragat.web.refresh import ThrottledRefresh
from muragat.web.security import RateLimiter, add_security_headers, retry_after_header

from muragat.settings import LIMITS, default_index_dir

DEFAULTS: dict[str, Any] = {
    "SITE_NAME": "Muragat",
    "RATE_LIMIT_PER_S": 10.0,  # average requests per second per client; 0 disables
    "RATE_LIMIT_BURST": 40,  # requests a client may make at once
    "REFRESH_INTERVAL_S": 1.0,  # how often to check whether the indexer committed
    "RESULT_CACHE_SIZE": 256,  # search responses kept per process; 0 switches the cache off
    "MAX_CONTENT_LENGTH": 64 * 1024,  # nothing here takes uploads
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,  # static files: browsers may keep them an hour
    "JSON_SORT_KEYS": False,
}

# Endpoints exempt from the rate limit (cheap, and needed by monitors and pages).
UNLIMITED_ENDPOINTS = {"static", "feeds.healthz", "feeds.robots"}


def _open_engine(index_dir):
    from muragat.search.engine import SearchEngine  # imported late: tests may inject a fake

    return SearchEngine(index_dir)


def create_app(config: dict | None = None, engine=None) -> Flask:
    """Build the Muragat web app; ``engine`` defaults to ``SearchEngine(config["INDEX_DIR"])``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["INDEX_DIR"] = str(default_index_dir())
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    if engine is None:
        engine = _open_engine(app.config["INDEX_DIR"])
    app.extensions["muragat_engine"] = engine
    refresh = ThrottledRefresh(engine, app.config["REFRESH_INTERVAL_S"])
    cache = ResultCache(int(app.config["RESULT_CACHE_SIZE"]))
    app.extensions["muragat_cache"] = cache
    limiter = RateLimiter(app.config["RATE_LIMIT_PER_S"], int(app.config["RATE_LIMIT_BURST"]))
    app.extensions["muragat_limiter"] = limiter

    @app.before_request
    def _before():
        if limiter.enabled and request.endpoint not in UNLIMITED_ENDPOINTS:
            wait = limiter.take(request.remote_addr or "unknown")
            if wait:
                return error_response(
                    429,
                    _("Too many requests. Please wait a moment and try again."),
                    {"Retry-After": retry_after_header(wait)},
                )
        g.engine = engine
        if refresh():
            cache.clear()  # a new index generation: cached results are stale
        return None

    from muragat.search.sources import SourceNames

    engine_dir = getattr(engine, "index_dir", None)  # a test's fake engine may have none
    sources = SourceNames(engine_dir if isinstance(engine_dir, str | os.PathLike)
                          else app.config["INDEX_DIR"])
    app.extensions["muragat_sources"] = sources

    def source_name(slug: str | None) -> str:
        from flask_babel import get_locale

        return sources.display(slug, str(get_locale() or "en"))

    app.jinja_env.filters["source_name"] = source_name
    app.jinja_env.globals.update(source_homepage=sources.homepage)
    app.after_request(add_security_headers)
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
