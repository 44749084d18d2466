"""``muragat serve``: the web site and JSON API over an index, under waitress."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from muragat.settings import default_index_dir


def register(subparsers) -> None:
    """Add the ``serve`` subcommand."""
    p = subparsers.add_parser("serve", help="serve the search site and JSON API")
    p.add_argument("--index", type=Path, default=None,
                   help="index directory (default: $MURAGAT_INDEX or ./muragat-index)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 = any free port)")
    p.add_argument("--threads", type=int, default=8, help="threads per process (default 8)")
    p.add_argument("--workers", type=int, default=1,
                   help="processes sharing the port, each with its own threads (default 1; "
                        "use the number of cores for the most searches per second)")
    p.add_argument("--rate-limit", type=float, default=10.0, metavar="PER_S",
                   help="average requests per second per client, 0 = no limit (default 10)")
    p.add_argument("--burst", type=int, default=40,
                   help="requests a client may make at once before the limit applies (default 40)")
    p.add_argument("--cache-size", type=int, default=256, metavar="N",
                   help="search responses cached per process until the index changes; 0 = off "
                        "(default 256)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 when the index is missing or the arguments are wrong."""
    from muragat.web.serve import serve  # Flask is imported only by this command

    index_dir = args.index or default_index_dir()
    if not index_dir.is_dir():
        print(f"muragat serve: no index at {index_dir} (build one with: muragat index DIR "
              f"--index {index_dir})", file=sys.stderr)
        return 2
    if (min(args.threads, args.workers, args.burst) < 1 or not 0 <= args.port <= 65535
            or args.rate_limit < 0 or args.cache_size < 0):
        print("muragat serve: --threads, --workers and --burst must be >= 1, --port 0..65535, "
              "--rate-limit and --cache-size >= 0", file=sys.stderr)
        return 2
    serve(index_dir, args.host, args.port, args.threads,
          {"RATE_LIMIT_PER_S": args.rate_limit, "RATE_LIMIT_BURST": args.burst,
           "RESULT_CACHE_SIZE": args.cache_size}, args.workers)
    return 0
