"""``muragat search QUERY --index DIR [...]`` and ``muragat search --batch QUERIES.tsv``."""

from __future__ import annotations

import argparse
import logging
import re
import sys

from muragat.commands.backend_options import add_backend_options, solr_location
from muragat.settings import default_index_dir
from muragat.terminal import json_text, printable

_TAG_RE = re.compile(r"</?mark>")


class _LastError(logging.Handler):
    """Keeps the last internal error the engine logged, as one line (no traceback: the
    command prints it after its own message)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            self.last = f"{type(exc).__name__}: {' '.join(str(exc).split())}"


def register(subparsers) -> None:
    """Add the ``search`` parser."""
    parser = subparsers.add_parser(
        "search",
        help="search an index (or run a batch of questions as a TREC run)",
        description="Search an index. Plain words are all required; \"phrases\", OR, NOT/-word, "
        "(groups), prefix*, title:, lang:, year:2019..2021 and source: work too.",
    )
    parser.add_argument("query", nargs="?", default=None, help="the query (omit with --batch)")
    parser.add_argument("--index", default=None, metavar="DIR",
                        help=f"index directory (default: $MURAGAT_INDEX or ./{default_index_dir()})")
    parser.add_argument("--lang", action="append", default=[], metavar="L",
                        help="only documents in this language (repeat for several)")
    parser.add_argument("--year-from", type=int, default=None, metavar="Y")
    parser.add_argument("--year-to", type=int, default=None, metavar="Y")
    parser.add_argument("--source", action="append", default=[], metavar="S",
                        help="only documents from this source (repeat for several)")
    parser.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    parser.add_argument("--limit", type=int, default=10, metavar="N",
                        help="results per page (at most 100); with --batch, results per "
                             "query (at most 100000)")
    parser.add_argument("--page", type=int, default=1, metavar="P")
    parser.add_argument("--any", action="store_true",
                        help="natural-language mode: all words optional, ranking decides")
    parser.add_argument("--json", action="store_true", help="print the response as JSON")
    parser.add_argument("--batch", metavar="QUERIES.tsv", default=None,
                        help="run qid<TAB>query lines (any-words mode) and write a TREC run")
    parser.add_argument("--format", choices=("trec",), default="trec",
                        help="batch output format (TREC run lines; whitespace, control "
                             "characters and %% in ids are percent-encoded)")
    add_backend_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Search and print results; exit 2 for usage errors, 1 when the index is missing."""
    from muragat.search.engine import SearchEngine

    if (args.query is None) == (args.batch is None):
        print("muragat search: give a QUERY or --batch QUERIES.tsv", file=sys.stderr)
        return 2
    if args.limit < 1 or args.page < 1:
        print("muragat search: --limit and --page must be at least 1", file=sys.stderr)
        return 2
    if args.batch is not None:
        from muragat.search.batch import MAX_BATCH_LIMIT

        if args.limit > MAX_BATCH_LIMIT:
            print(f"muragat search: --limit for --batch is at most {MAX_BATCH_LIMIT}",
                  file=sys.stderr)
            return 2
    try:
        location = solr_location(args)
    except ValueError as exc:
        print(f"muragat search: {printable(exc)}", file=sys.stderr)
        return 2
    index_dir = str(location) if location is not None else (args.index or default_index_dir())
    errors = _LastError()
    engine_log = logging.getLogger("muragat.search")
    engine_log.addHandler(errors)
    engine_log.propagate = False  # one line of ours, never a traceback
    engine = SearchEngine(index_dir)
    args.errors = errors
    if location is None and engine.stats()["documents"] == 0 and not engine.index_dir.is_dir():
        print(f"muragat search: no index in {printable(index_dir)} (run muragat index first)",
              file=sys.stderr)
        return 1
    if engine.problem and not engine.serving:
        print(f"muragat search: {engine.problem}", file=sys.stderr)
        return 1
    try:
        if args.batch is not None:
            return _batch(engine, args)
        return _single(engine, args)
    finally:
        engine.close()


def _batch(engine, args: argparse.Namespace) -> int:
    from muragat.search.batch import read_queries, run_batch, write_trec

    try:
        with open(args.batch, encoding="utf-8-sig") as f:  # a byte order mark is no qid
            queries = list(read_queries(f))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"muragat search: cannot read {printable(args.batch)}: {printable(exc)}",
              file=sys.stderr)
        return 2
    write_trec(run_batch(engine, queries, args.limit), sys.stdout)
    return 0


def _single(engine, args: argparse.Namespace) -> int:
    from muragat.search.models import SearchRequest

    req = SearchRequest(q=args.query, langs=tuple(args.lang), year_from=args.year_from,
                        year_to=args.year_to, sources=tuple(args.source), sort=args.sort,
                        page=args.page, size=args.limit, any_words=args.any)
    resp = engine.search(req)
    # Titles, snippets, ids and sources come from the archive: control characters and bidi
    # overrides in them are shown as escapes (``muragat.terminal``), never sent raw.
    if args.json:
        print(json_text(resp.to_json()))
        return 0 if resp.error is None else 1
    if resp.error:
        detail = args.errors.last if resp.error_code == "internal" else None
        print(f"muragat search: {printable(resp.error)}" + (f" ({printable(detail)})" if detail else ""), file=sys.stderr)
        return 1
    for note in resp.notes:
        print(f"note: {printable(note)}", file=sys.stderr)
    first = (resp.page - 1) * resp.size
    print(f"{resp.total} results ({resp.took_ms:.0f} ms)")
    if resp.corrected_query:
        print(f"showing results for: {printable(resp.corrected_query)} "
              f"(none for: {printable(resp.query)})")
    if resp.suggestion:
        print(f"did you mean: {printable(resp.suggestion)}")
    for i, hit in enumerate(resp.hits, first + 1):
        meta = " ".join(str(x) for x in (hit.date or hit.year, hit.lang, hit.source) if x)
        print(f"{i:>3}. {printable(hit.title or hit.id)}  [{printable(meta)}]  score {hit.score:.2f}")
        print(f"     {printable(hit.id)}")
        if hit.snippet:
            import html

            text = " ".join(html.unescape(_TAG_RE.sub("**", hit.snippet)).split())
            print(f"     {printable(text)}")
    for name, counts in resp.facets.items():
        if counts:
            print(f"{name}: " + ", ".join(f"{printable(k)} {v}" for k, v in list(counts.items())[:10]))
    return 0
