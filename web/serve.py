"""Run the app under waitress (a production WSGI server, several threads, one process).

The index is opened once per process, when the app is built; requests reopen it
at most once a second when the indexer has committed (``web.refresh``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from waitress import create_server

from web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_THREADS = 8


def build_server(index_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 threads: int = DEFAULT_THREADS, config: dict | None = None, engine=None):
    """A waitress server for the app over ``index_dir`` (``port=0``: any free port).

    ``server.run()`` serves until ``server.close()``; ``server.effective_port`` is the port.
    """
    app = create_app({"INDEX_DIR": str(index_dir), **(config or {})}, engine=engine)
    return create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="Muragat",
        connection_limit=max(100, threads * 25),
        channel_timeout=30,
        max_request_header_size=64 * 1024,
        max_request_body_size=64 * 1024,
        clear_untrusted_proxy_headers=True,
    )


def serve(index_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          threads: int = DEFAULT_THREADS, config: dict | None = None) -> None:
    """Serve the site and API over ``index_dir`` until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    server = build_server(index_dir, host, port, threads, config)
    logging.getLogger("muragat.serve").info(
        "Muragat on http://%s:%s/ (index %s, %d threads)",
        host, server.effective_port, index_dir, threads,
    )
    try:
        server.run()
    finally:
        server.close()
