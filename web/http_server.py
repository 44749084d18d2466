"""waitress with its limits and timeouts set deliberately (docs/WEB.md, "The HTTP server").

waitress 3.0.2's defaults leave three holes this module closes:

* **Request smuggling.** A request with both ``Content-Length`` and
  ``Transfer-Encoding`` is answered by the chunked body, and whatever follows on the
  connection as the next request. RFC 9112 §6.1 lets a server reject such a request and
  says it must close the connection: ``HardenedParser`` rejects it (400) and waitress
  then closes the connection, dropping anything pipelined behind it.
* **waitress's own error replies** (400, 413, 431, 501, and 500 when the app fails
  outside Flask) carry the site's security headers too (``SecureErrorTask``).
* **Slow clients.** waitress closes only *idle* connections; a client that trickles a
  header byte every few seconds keeps its connection, and ``connection_limit`` of them
  lock everyone out. Here a request must arrive whole within ``REQUEST_TIMEOUT_S`` of its
  first byte, and one client address may hold at most ``CLIENT_CONNECTION_LIMIT``
  connections (not behind a trusted proxy, where every client has the proxy's address).
"""

from __future__ import annotations

import time
import types
from typing import Any

from muragat.web.security import SECURITY_HEADERS
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

CONNECTION_LIMIT = 500  # open connections per process (waitress: 100)
CLIENT_CONNECTION_LIMIT = 150  # per client address: a reading room behind one NAT fits
REQUEST_TIMEOUT_S = 10  # from a request's first byte to its last (headers and body)
IDLE_TIMEOUT_S = 20  # an idle keep-alive connection is closed after this (waitress: 120)
CLEANUP_INTERVAL_S = 2  # how often the two timeouts are checked (waitress: 30)
MAX_HEADER_BYTES = 64 * 1024  # request line and headers (waitress: 256 KB)
MAX_BODY_BYTES = 64 * 1024  # nothing here takes uploads (waitress: 1 GB)


class HardenedParser(HTTPRequestParser):
    """waitress's request parser that refuses ``Content-Length`` with ``Transfer-Encoding``
    and remembers when the request's first byte arrived."""

    def __init__(self, adj: Any):
        super().__init__(adj)
        self.started = time.monotonic()

    def parse_header(self, header_plus: bytes) -> None:  # noqa: D102 - waitress's method
        super().parse_header(header_plus)
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            raise ParsingError(
                "Content-Length and Transfer-Encoding together (RFC 9112 section 6.1)")


class SecureErrorTask(ErrorTask):
    """waitress's plain-text error reply, with the security headers and ``no-store``."""

    def execute(self) -> None:  # noqa: D102 - waitress's method
        status, headers, body = self.request.error.to_response(self.channel.server.adj.ident)
        self.status = status
        self.response_headers.extend(headers)
        self.response_headers.extend(SECURITY_HEADERS.items())
        self.response_headers.append(("Cache-Control", "no-store"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class HardenedChannel(HTTPChannel):
    """A connection: the parser and error task above, and the per-client connection cap."""

    parser_class = HardenedParser
    error_task_class = SecureErrorTask

    def __init__(self, server: Any, sock: Any, addr: Any, adj: Any, map: Any = None):  # noqa: A002
        super().__init__(server, sock, addr, adj, map=map)
        cap = getattr(server, "client_connection_limit", 0)
        if cap and addr and isinstance(addr, tuple):
            same = sum(1 for ch in server.active_channels.values()
                       if isinstance(ch.addr, tuple) and ch.addr[0] == addr[0])
            if same > cap:
                self.will_close = True  # closed by the loop before anything is read


def _maintenance(server: Any, now: float) -> None:
    """waitress's idle check, then: close connections whose request is still incomplete
    ``request_timeout`` seconds after its first byte (slowloris)."""
    BaseWSGIServer.maintenance(server, now)
    deadline = time.monotonic() - server.request_timeout
    for channel in list(server.active_channels.values()):
        request = getattr(channel, "request", None)
        if (request is not None and not request.completed
                and getattr(request, "started", deadline) < deadline):
            channel.will_close = True


def server_options(threads: int, *, connection_limit: int = CONNECTION_LIMIT,
                   trusted_proxy: str | None = None) -> dict[str, Any]:
    """waitress's adjustments as Muragat sets them (``create_server(app, **options)``)."""
    options: dict[str, Any] = {
        "threads": threads,
        "ident": "Muragat",
        "connection_limit": connection_limit,
        "channel_timeout": IDLE_TIMEOUT_S,
        "cleanup_interval": CLEANUP_INTERVAL_S,
        "max_request_header_size": MAX_HEADER_BYTES,
        "max_request_body_size": MAX_BODY_BYTES,
        "asyncore_use_poll": True,  # select() cannot watch descriptors above 1023
        "clear_untrusted_proxy_headers": True,
    }
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"})
    return options


def harden(server: Any, *, request_timeout: float = REQUEST_TIMEOUT_S,
           client_connection_limit: int = CLIENT_CONNECTION_LIMIT) -> Any:
    """Install the channel, the request deadline and the per-client cap on every listening
    server of a waitress ``create_server`` result (one, or several in its map)."""
    listeners = [s for s in getattr(server, "map", getattr(server, "_map", {})).values()
                 if isinstance(s, BaseWSGIServer)] or [server]
    for listener in listeners:
        listener.channel_class = HardenedChannel
        listener.request_timeout = request_timeout
        listener.client_connection_limit = client_connection_limit
        listener.maintenance = types.MethodType(_maintenance, listener)
    return server
