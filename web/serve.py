"""Run the app under waitress: several threads per process, optionally several processes.

The index is opened once per process, when the app is built; requests reopen it
at most once a second when the indexer has committed (``web.refresh``). With
``workers > 1`` the parent binds the socket and forks that many worker processes
(pre-fork, Linux/macOS), each with its own engine and threads, so searches use
every core; the parent restarts a worker that dies and stops them all on
SIGTERM/SIGINT. The rate limit is then per worker. waitress's limits and timeouts, and
what they protect against, are in ``web.http_server``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from pathlib import Path

from muragat.web.app import create_app
from muragat.web.http_server import CONNECTION_LIMIT, harden, server_options
from waitress import create_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_THREADS = 8

log = logging.getLogger("muragat.serve")


def server_url(host: str, port: int) -> str:
    """The address the server is reached at, for absolute links when no base URL is set
    (a wildcard address is replaced by this machine's name)."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname() or "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def build_server(index_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 threads: int = DEFAULT_THREADS, config: dict | None = None, engine=None,
                 sock: socket.socket | None = None, limits: dict | None = None):
    """A waitress server for the app over ``index_dir`` (``port=0``: any free port).

    ``server.run()`` serves until ``server.close()``; ``server.effective_port`` is the
    port. With ``sock`` (an already listening socket) host and port are ignored.
    ``limits`` overrides ``web.http_server``'s: ``connection_limit``,
    ``client_connection_limit``, ``request_timeout``, ``trusted_proxy``.
    """
    limits = dict(limits or {})
    config = dict(config or {})
    trusted_proxy = limits.pop("trusted_proxy", None)
    connection_limit = limits.pop("connection_limit", CONNECTION_LIMIT)
    if trusted_proxy:
        limits["client_connection_limit"] = 0  # every client has the proxy's address
    app = create_app({"INDEX_DIR": str(index_dir), **config}, engine=engine)
    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    server = create_server(app, **where, **server_options(
        threads, connection_limit=connection_limit, trusted_proxy=trusted_proxy))
    harden(server, **limits)
    if not config.get("SERVER_URL"):
        bound = sock.getsockname() if sock is not None else (host, server.effective_port)
        app.config["SERVER_URL"] = server_url(str(bound[0]), int(bound[1]))
    return server


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening (shared by forked workers)."""
    family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(addr)
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _worker(index_dir, threads: int, config: dict | None, sock: socket.socket,
            limits: dict | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    server = build_server(index_dir, threads=threads, config=config, sock=sock, limits=limits)
    server.run()


def _run_workers(index_dir, host: str, port: int, threads: int, config: dict | None,
                 workers: int, limits: dict | None) -> None:
    sock = listening_socket(host, port)
    log.info("Muragat on http://%s:%s/ (index %s, %d workers x %d threads)",
             host, sock.getsockname()[1], index_dir, workers, threads)
    children: dict[int, float] = {}
    stopping = False

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker: serve until killed, never return into the parent's code
            code = 0
            try:
                _worker(index_dir, threads, config, sock, limits)
            except BaseException:  # noqa: BLE001 - report and exit with a failure code
                log.exception("worker failed")
                code = 1
            os._exit(code)
        children[pid] = time.monotonic()

    def stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        spawn()
    quick_deaths = 0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        started = children.pop(pid, None)
        if stopping or started is None:
            continue
        quick_deaths = quick_deaths + 1 if time.monotonic() - started < 2 else 0
        if quick_deaths > 5:
            log.error("workers keep dying at start; stopping")
            stop(signal.SIGTERM, None)
            continue
        log.warning("worker %d exited (status %d); starting another", pid, status)
        spawn()
    sock.close()


def serve(index_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          threads: int = DEFAULT_THREADS, config: dict | None = None, workers: int = 1,
          limits: dict | None = None) -> None:
    """Serve the site and API over ``index_dir`` until interrupted (``limits``: see
    ``build_server``)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if host in ("", "0.0.0.0", "::") and not (config or {}).get("BASE_URL"):
        log.warning("listening on all addresses without --base-url: feeds, CSV and OpenSearch "
                    "links name this machine (%s); set --base-url to the public address",
                    server_url(host, port))
    if workers > 1 and hasattr(os, "fork"):
        _run_workers(index_dir, host, port, threads, config, workers, limits)
        return
    server = build_server(index_dir, host, port, threads, config, limits=limits)
    log.info("Muragat on http://%s:%s/ (index %s, %d threads)",
             host, server.effective_port, index_dir, threads)
    try:
        server.run()
    finally:
        server.close()
