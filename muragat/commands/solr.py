"""``muragat solr start|stop``: a development SolrCloud on this machine (docs/SCALE.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DIR = "muragat-solr"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "solr", help="start or stop a development SolrCloud cluster",
        description="A local SolrCloud (ZooKeeper + N Solr nodes, one JVM each) for "
                    "--backend solr; production clusters: docs/SCALE.md.")
    sub = parser.add_subparsers(dest="solr_command", metavar="start|stop")
    p = sub.add_parser("start", help="start the cluster (or the nodes of it that are not running)")
    p.add_argument("--nodes", type=int, default=2, metavar="N", help="Solr nodes (default 2)")
    p.add_argument("--dir", default=DEFAULT_DIR, metavar="DIR",
                   help=f"cluster folder: indexes, logs, pids (default ./{DEFAULT_DIR})")
    p.add_argument("--port", type=int, default=8983, metavar="P",
                   help="port of node 1; node N listens on P+N-1 (default 8983)")
    p.add_argument("--heap", default="512m", metavar="SIZE", help="heap per node (default 512m)")
    p.set_defaults(func=run_start)
    p = sub.add_parser("stop", help="stop the cluster, or one node of it")
    p.add_argument("--dir", default=DEFAULT_DIR, metavar="DIR", help="cluster folder")
    p.add_argument("--node", type=int, default=None, metavar="N", help="stop only node N")
    p.add_argument("--kill", action="store_true", help="SIGKILL (a crash) instead of a clean stop")
    p.set_defaults(func=run_stop)
    parser.set_defaults(func=lambda _args: (parser.print_help(), 2)[1])


def run_start(args: argparse.Namespace) -> int:
    from muragat.store.solr.devcluster import ClusterError, start

    if args.nodes < 1 or not 0 < args.port < 65536 - args.nodes:
        print("muragat solr start: --nodes must be at least 1 and --port a free port", file=sys.stderr)
        return 2
    try:
        info = start(Path(args.dir), nodes=args.nodes, port=args.port, heap=args.heap)
    except (ClusterError, OSError) as exc:
        print(f"muragat solr start: {exc}", file=sys.stderr)
        return 1
    print(info.node_url(1))
    return 0


def run_stop(args: argparse.Namespace) -> int:
    from muragat.store.solr.devcluster import ClusterError, stop

    try:
        stopped = stop(Path(args.dir), node=args.node, kill=args.kill)
    except (ClusterError, OSError) as exc:
        print(f"muragat solr stop: {exc}", file=sys.stderr)
        return 1
    print("stopped: " + (", ".join(stopped) or "nothing was running"), file=sys.stderr)
    return 0
