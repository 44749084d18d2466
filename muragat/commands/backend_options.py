"""``--backend whoosh|solr`` and its Solr options, shared by index, search, serve and eval."""

from __future__ import annotations

import argparse
import os


def add_backend_options(parser: argparse.ArgumentParser, create: bool = False) -> None:
    """Add ``--backend``, ``--solr`` and ``--collection`` (``create``: also ``--shards``,
    ``--replicas`` for a collection created on first use)."""
    parser.add_argument("--backend", choices=("whoosh", "solr"),
                        default=os.environ.get("MURAGAT_BACKEND") or "whoosh",
                        help="whoosh: the embedded index in --index DIR (default); solr: a "
                             "SolrCloud collection (docs/SCALE.md; $MURAGAT_BACKEND)")
    parser.add_argument("--solr", default=None, metavar="URL",
                        help="Solr base URL(s), comma-separated, e.g. http://127.0.0.1:8983/solr "
                             "(default $MURAGAT_SOLR_URL)")
    parser.add_argument("--collection", default=None, metavar="NAME",
                        help="Solr collection (default $MURAGAT_SOLR_COLLECTION or muragat)")
    if create:
        parser.add_argument("--shards", type=int, default=1, metavar="S",
                            help="shards of a collection created by this run (default 1)")
        parser.add_argument("--replicas", type=int, default=1, metavar="R",
                            help="replicas per shard of a created collection (default 1)")


def solr_location(args: argparse.Namespace):
    """The ``store.solr`` location of ``--backend solr`` (``ValueError`` with a message when
    the options are incomplete), or None for the embedded index."""
    if getattr(args, "backend", "whoosh") != "solr":
        return None
    from muragat.store.solr.location import make_location

    return make_location(args.solr, args.collection)
