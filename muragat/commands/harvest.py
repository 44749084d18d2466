"""``muragat harvest BASE_URL --index DIR [--set SPEC] [--metadata-prefix oai_dc]
[--from YYYY-MM-DD] [--source NAME]``: harvest an OAI-PMH repository into the index."""

from __future__ import annotations

import argparse
import re
import sys

from muragat.settings import default_index_dir

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")


def register(subparsers) -> None:
    """Add the ``harvest`` parser."""
    parser = subparsers.add_parser(
        "harvest",
        help="harvest an OAI-PMH repository (DSpace, Koha, VuFind, Islandora...) into the index",
        description="Harvests the records of an OAI-PMH repository (ListRecords, oai_dc) into "
        "the index, beside the archive files of 'muragat index'. Incremental: a second harvest "
        "of the same base URL asks only for records changed since the last one; deleted records "
        "are removed.",
    )
    parser.add_argument("base_url", metavar="BASE_URL", help="the repository's OAI-PMH base URL")
    parser.add_argument("--index", default=None, metavar="DIR",
                        help=f"index directory (default: $MURAGAT_INDEX or ./{default_index_dir()})")
    parser.add_argument("--set", dest="set_spec", default=None, metavar="SPEC",
                        help="harvest only this set (setSpec)")
    parser.add_argument("--metadata-prefix", default="oai_dc", metavar="PREFIX",
                        help="metadata format (default oai_dc; its Dublin Core elements are read)")
    parser.add_argument("--from", dest="from_date", default=None, metavar="YYYY-MM-DD",
                        help="only records changed from this date (default: since the last harvest)")
    parser.add_argument("--source", default=None, metavar="NAME",
                        help="source name of the records (default: the repository's name)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="seconds to wait for one answer (default 60)")
    parser.add_argument("--lock-timeout", type=float, default=30.0, metavar="S",
                        help="seconds to wait for another writer of the same index (default 30)")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Harvest; exit 0 when all is well, 1 when the repository or some records failed (or the
    index is locked), 2 for usage errors."""
    from muragat.indexer.harvest import harvest, summary_lines
    from muragat.indexer.oai import Client
    from muragat.store import IndexLockedError

    if args.from_date and not _DATE_RE.match(args.from_date):
        print("muragat harvest: --from takes YYYY-MM-DD (or YYYY-MM-DDThh:mm:ssZ)", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("muragat harvest: --timeout must be positive", file=sys.stderr)
        return 2
    try:
        client = Client(args.base_url, timeout=args.timeout)
    except ValueError as exc:
        print(f"muragat harvest: {exc}", file=sys.stderr)
        return 2
    index_dir = args.index or default_index_dir()
    try:
        report = harvest(args.base_url, index_dir, set_spec=args.set_spec,
                         prefix=args.metadata_prefix, from_date=args.from_date, source=args.source,
                         lock_timeout=args.lock_timeout, client=client,
                         progress=None if args.quiet else sys.stderr)
    except IndexLockedError as exc:
        print(f"muragat harvest: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"muragat harvest: cannot write the index in {index_dir}: {exc}", file=sys.stderr)
        return 1
    print(f"index: {index_dir}")
    print("\n".join(summary_lines(report)))
    return 1 if report.failed else 0
