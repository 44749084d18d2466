"""waitress as ``muragat serve`` runs it, on loopback: request smuggling closes the
connection, waitress's own errors carry the security headers, slow clients are dropped."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from muragat.web.http_server import CONNECTION_LIMIT, IDLE_TIMEOUT_S
from muragat.web.security import SECURITY_HEADERS
from muragat.web.serve import build_server


@pytest.fixture
def serve(fake_engine):
    """``serve(**limits)``: a hardened waitress over the fake engine on a free port."""
    servers = []

    def start(**limits):
        server = build_server("unused", host="127.0.0.1", port=0, threads=2, engine=fake_engine,
                              config={"RATE_LIMIT_PER_S": 0}, limits=limits)
        threading.Thread(target=server.run, daemon=True).start()
        servers.append(server)
        return server, server.effective_port

    yield start
    for server in servers:
        server.close()


def _exchange(port: int, raw: bytes, timeout: float = 5.0) -> tuple[bytes, bool]:
    """Send ``raw``; everything the server answers, and whether it closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        data = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return data, False
            except ConnectionResetError:  # closed with our request unread
                return data, True
            if not chunk:
                return data, True
            data += chunk
            sock.settimeout(max(0.05, min(1.0, deadline - time.monotonic())))
        return data, False


def _headers(response: bytes) -> dict[str, str]:
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head)}


def test_content_length_with_transfer_encoding_closes_the_connection(serve):
    _, port = serve()
    smuggled = (b"GET /api/search?q=kitap HTTP/1.1\r\nHost: x\r\nContent-Length: 48\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                b"GET /api/suggest?q=smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
    data, closed = _exchange(port, smuggled)
    assert data.startswith(b"HTTP/1.1 400 ")
    assert data.count(b"HTTP/1.1 ") == 1 and b"smuggled" not in data  # the second is not answered
    assert closed and _headers(data)["connection"] == "close"
    # Either header alone is served, and the connection stays open.
    data, closed = _exchange(port, b"GET /api/suggest?q=ki HTTP/1.1\r\nHost: x\r\n"
                                   b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", timeout=1.0)
    assert data.startswith(b"HTTP/1.1 200 ") and not closed


_HEAD = b"GET /search HTTP/1.1\r\nHost: x\r\nX-Big: "
_OVERSIZED = _HEAD + b"a" * (64 * 1024 - len(_HEAD))


@pytest.mark.parametrize(("raw", "status"), [
    (b"GET /search HTTP/1.1\r\nHost: x\r\nContent-Length: x1\r\n\r\n", b"400"),
    (b"GET /search HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n", b"413"),
    # headers reaching the 64 KB limit with their last byte (so that waitress has read them
    # all before it closes: unread bytes would make the kernel reset the connection)
    (_OVERSIZED, b"431"),
    (b"GET /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", b"501"),
])
def test_waitress_error_replies_carry_the_security_headers(serve, raw, status):
    _, port = serve()
    data, _ = _exchange(port, raw)
    assert data.split(b" ", 2)[1] == status
    headers = _headers(data)
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value, name
    assert headers["cache-control"] == "no-store"


def test_limits_are_set_deliberately(serve):
    server, _ = serve()
    adj = server.adj
    assert adj.connection_limit == CONNECTION_LIMIT and adj.channel_timeout == IDLE_TIMEOUT_S
    assert adj.max_request_body_size == 64 * 1024 and adj.asyncore_use_poll
    assert server.request_timeout == 10 and server.client_connection_limit == 150


def _trickle(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /search?q=")
    return sock


def test_trickling_clients_are_dropped_and_others_served_again(serve):
    """As many trickling connections as the limit: everyone waits at most the request
    timeout (plus a cleanup interval), then is served."""
    _, port = serve(connection_limit=12, client_connection_limit=0, request_timeout=1)
    slow = [_trickle(port) for _ in range(12)]
    try:
        stop = time.monotonic() + 8
        for sock in slow:  # keep trickling: a byte each
            sock.sendall(b"a")
        started = time.monotonic()
        data = b""
        while time.monotonic() < stop and not data.startswith(b"HTTP/1.1 200"):
            try:
                data, _ = _exchange(port, b"GET /api/suggest?q=ki HTTP/1.1\r\nHost: x\r\n"
                                          b"Connection: close\r\n\r\n", timeout=2.0)
            except OSError:
                data = b""
            for sock in slow:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass
        assert data.startswith(b"HTTP/1.1 200"), data[:80]
        assert time.monotonic() - started < 6
        dropped = 0
        for sock in slow:
            sock.settimeout(2)
            try:
                dropped += sock.recv(100) == b""
            except OSError:
                dropped += 1
        assert dropped == len(slow)
    finally:
        for sock in slow:
            sock.close()


def test_one_client_cannot_hold_every_connection(serve):
    _, port = serve(client_connection_limit=3, request_timeout=30)
    held = [_trickle(port) for _ in range(3)]
    try:
        time.sleep(0.3)
        data, closed = _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=2.0)
        assert data == b"" and closed  # the fourth connection of this address is refused
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    data, _ = _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert data.startswith(b"HTTP/1.1 200")


def test_absolute_links_name_the_bound_address(serve):
    _, port = serve()
    data, _ = _exchange(port, b"GET /opensearch.xml HTTP/1.1\r\nHost: evil.example\r\n"
                              b"Connection: close\r\n\r\n")
    assert f"http://127.0.0.1:{port}/search".encode() in data and b"evil.example" not in data
