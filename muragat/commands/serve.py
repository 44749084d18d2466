"""``muragat serve``: the web site and JSON API over an index, under waitress."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from muragat.commands.backend_options import add_backend_options, solr_location
from muragat.settings import default_index_dir


def register(subparsers) -> None:
    """Add the ``serve`` subcommand."""
    p = subparsers.add_parser("serve", help="serve the search site and JSON API")
    p.add_argument("--index", type=Path, default=None,
                   help="index directory (default: $MURAGAT_INDEX or ./muragat-index); with "
                        "--backend solr the state folder of muragat index (source names)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 = any free port)")
    p.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
    p.add_argument("--workers", type=int, default=1,
                   help="processes sharing the port, each with its own threads (default 1; "
                        "use the number of cores for the most searches per second)")
    p.add_argument("--base-url", default=os.environ.get("MURAGAT_BASE_URL") or None,
                   metavar="URL",
                   help="public address of the site for absolute links in feeds, CSV and "
                        "OpenSearch, e.g. https://search.example.org (default: "
                        "$MURAGAT_BASE_URL, else the listening address)")
    p.add_argument("--trusted-host", action="append", default=None, metavar="HOST",
                   help="a Host header value that may appear in absolute links when there is "
                        "no --base-url (repeat; '.example.org' also allows subdomains; "
                        "default: $MURAGAT_TRUSTED_HOSTS, comma-separated)")
    p.add_argument("--cors-origins", default=os.environ.get("MURAGAT_CORS_ORIGINS", "*"),
                   metavar="LIST",
                   help="origins whose pages may read /api/ ('*' any, the default; "
                        "comma-separated origins; 'none' for no CORS)")
    p.add_argument("--rate-limit", type=float, default=20.0, metavar="PER_S",
                   help="searches and pages per second per client, 0 = no limit (default 20)")
    p.add_argument("--burst", type=int, default=100,
                   help="requests a client may make at once before the limit applies (default 100)")
    p.add_argument("--suggest-rate-limit", type=float, default=40.0, metavar="PER_S",
                   help="autocomplete suggestions per second per client (default 40)")
    p.add_argument("--suggest-burst", type=int, default=200,
                   help="suggestions a client may ask for at once (default 200)")
    p.add_argument("--connection-limit", type=int, default=None, metavar="N",
                   help="open connections per process (default 500)")
    p.add_argument("--client-connections", type=int, default=None, metavar="N",
                   help="open connections per client address, 0 = no cap (default 150; none "
                        "behind --trusted-proxy)")
    p.add_argument("--trusted-proxy", default=None, metavar="ADDR",
                   help="address of a reverse proxy whose X-Forwarded-For/-Proto are believed "
                        "(rate limits then apply per real client)")
    p.add_argument("--cache-size", type=int, default=256, metavar="N",
                   help="search responses cached per process until the index changes; 0 = off "
                        "(default 256)")
    add_backend_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 when the index is missing or the arguments are wrong."""
    from muragat.web.links import check_base_url
    from muragat.web.serve import serve  # Flask is imported only by this command

    try:
        location = solr_location(args)
    except ValueError as exc:
        print(f"muragat serve: {exc}", file=sys.stderr)
        return 2
    index_dir = args.index or default_index_dir()
    sources_dir = None
    if location is not None:
        # The engine opens the collection (store.solr); --index DIR is the state folder of
        # ``muragat index --backend solr``, where the sources' display names are.
        sources_dir, index_dir = str(index_dir), str(location)
    elif not index_dir.is_dir():
        print(f"muragat serve: no index at {index_dir} (build one with: muragat index DIR "
              f"--index {index_dir})", file=sys.stderr)
        return 2
    if (min(args.threads, args.workers, args.burst, args.suggest_burst) < 1
            or not 0 <= args.port <= 65535 or args.rate_limit < 0 or args.suggest_rate_limit < 0
            or args.cache_size < 0
            or (args.connection_limit is not None and args.connection_limit < 1)
            or (args.client_connections is not None and args.client_connections < 0)):
        print("muragat serve: --threads, --workers, --burst, --suggest-burst and "
              "--connection-limit must be >= 1, --port 0..65535, --rate-limit, "
              "--suggest-rate-limit, --client-connections and --cache-size >= 0",
              file=sys.stderr)
        return 2
    config = {"RATE_LIMIT_PER_S": args.rate_limit, "RATE_LIMIT_BURST": args.burst,
              "SUGGEST_RATE_LIMIT_PER_S": args.suggest_rate_limit,
              "SUGGEST_RATE_LIMIT_BURST": args.suggest_burst,
              "RESULT_CACHE_SIZE": args.cache_size, "CORS_ORIGINS": args.cors_origins,
              "SOURCES_DIR": sources_dir}
    if args.base_url:
        try:
            config["BASE_URL"] = check_base_url(args.base_url)
        except ValueError as exc:
            print(f"muragat serve: --base-url: {exc}", file=sys.stderr)
            return 2
    hosts = args.trusted_host
    if hosts is None:
        hosts = os.environ.get("MURAGAT_TRUSTED_HOSTS", "").split(",")
    config["TRUSTED_URL_HOSTS"] = tuple(h.strip() for h in hosts if h.strip())
    limits: dict = {}
    if args.connection_limit is not None:
        limits["connection_limit"] = args.connection_limit
    if args.client_connections is not None:
        limits["client_connection_limit"] = args.client_connections
    if args.trusted_proxy:
        limits["trusted_proxy"] = args.trusted_proxy
    serve(index_dir, args.host, args.port, args.threads, config, args.workers, limits)
    return 0
