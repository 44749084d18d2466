"""Protections applied to every response: security headers and a per-client rate limit.

The Content-Security-Policy allows scripts, styles and images only from this site
(``script-src 'self'``: no inline script, no CDN), forbids framing and plugins.

``RateLimiter`` is an explicit, documented piece of mutable state: one token
bucket per client address, kept in memory by the process (each waitress process
has its own), guarded by a lock because waitress serves requests on threads.
``RateBudgets`` gives each client two of them: one for autocomplete suggestions
(many small requests while typing) and one for everything else.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def add_security_headers(response: Response) -> Response:
    """Set the security headers on ``response`` (an ``after_request`` hook)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets per client: ``rate`` requests per second on average, bursts up to ``burst``.

    ``rate <= 0`` disables the limit. At most ``max_clients`` buckets are kept; the
    least recently seen are forgotten first (a forgotten client starts with a full bucket).
    """

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000, clock=time.monotonic):
        self.rate = rate
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether requests are limited at all."""
        return self.rate > 0

    def take(self, client: str) -> float:
        """Spend one token of ``client``: 0.0 if allowed, else the seconds to wait."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(client, None)
            if bucket is None:
                bucket = _Bucket(float(self.burst), now)
            else:
                bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
                bucket.stamp = now
            self._buckets[client] = bucket  # most recently seen last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


# Endpoints exempt from the rate limit (cheap, and needed by monitors and pages).
UNLIMITED_ENDPOINTS = frozenset({"static", "feeds.healthz", "feeds.robots"})
SUGGEST_ENDPOINTS = frozenset({"api.suggest"})  # limited by their own, larger budget


class RateBudgets:
    """A client's two budgets: suggestions, and searches with every other page or call."""

    def __init__(self, searches: RateLimiter, suggestions: RateLimiter):
        self.searches = searches
        self.suggestions = suggestions

    @classmethod
    def from_config(cls, config, clock=time.monotonic) -> RateBudgets:
        """The budgets of an app config (``RATE_LIMIT_*``, ``SUGGEST_RATE_LIMIT_*``);
        ``RATE_LIMIT_PER_S = 0`` switches both off."""
        rate = float(config["RATE_LIMIT_PER_S"])
        return cls(RateLimiter(rate, int(config["RATE_LIMIT_BURST"]), clock=clock),
                   RateLimiter(float(config["SUGGEST_RATE_LIMIT_PER_S"]) if rate > 0 else 0,
                               int(config["SUGGEST_RATE_LIMIT_BURST"]), clock=clock))

    def take(self, endpoint: str | None, client: str) -> float:
        """Spend from the budget of ``endpoint``: 0.0 if allowed, else the seconds to wait."""
        if endpoint in UNLIMITED_ENDPOINTS:
            return 0.0
        return (self.suggestions if endpoint in SUGGEST_ENDPOINTS else self.searches).take(client)


def retry_after_header(wait_s: float) -> str:
    """The ``Retry-After`` value (whole seconds, at least 1) for a wait of ``wait_s``."""
    return str(max(1, math.ceil(wait_s)))
