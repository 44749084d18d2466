"""``muragat index PATH... [--index DIR] [--rebuild] [--check] [--jobs N] [--embeddings]``: build or update an index."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from muragat.commands.backend_options import add_backend_options, solr_location
from muragat.settings import default_index_dir
from muragat.terminal import json_text, printable


def register(subparsers) -> None:
    """Add the ``index`` parser."""
    parser = subparsers.add_parser(
        "index",
        help="index archive folders/files (incremental; .txt .md .html .json .jsonl(.gz) .pdf "
        ".docx .doc .rtf .odt .epub .warc(.gz) .arc(.gz), scans .png .jpg .tif through OCR)",
        description="Index archive folders or files. Runs are incremental: unchanged files are "
        "skipped, changed documents replaced, documents of deleted files removed.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="archive folder(s) or file(s)")
    parser.add_argument(
        "--index", default=None, metavar="DIR",
        help=f"index directory (default: $MURAGAT_INDEX or ./{default_index_dir()}); with "
             "--backend solr it keeps only the manifest of incremental runs",
    )
    parser.add_argument("--rebuild", action="store_true",
                        help="start from scratch (the old index stays searchable until done; "
                             "recovers a damaged index)")
    parser.add_argument("--check", action="store_true",
                        help="verify every index file against its checksum (by default only "
                             "files whose size or time changed are read)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="analysis worker processes (default: all cores)")
    parser.add_argument("--lock-timeout", type=float, default=30.0, metavar="S",
                        help="seconds to wait for another writer of the same index (default 30)")
    parser.add_argument("--embeddings", action="store_true",
                        help="turn on the multilingual semantic layer (needs the 'semantic' "
                        "extra; slow: about 10 documents/s). The index remembers it: later runs "
                        "keep it current without the flag")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    add_backend_options(parser, create=True)
    parser.add_argument("--report", metavar="FILE", default=None,
                        help="write every file not (fully) indexed to FILE as JSON lines: "
                        "path, status (failed, needs-ocr, skipped), reason")
    parser.set_defaults(func=run)


def report_json(report: Any) -> dict[str, Any]:
    """The report as plain JSON data (counters stay maps of strings to counts)."""
    data: dict[str, Any] = {}
    for f in fields(report):
        value = getattr(report, f.name)
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}
        elif isinstance(value, (list, tuple, set)):
            value = [asdict(x) if is_dataclass(x) else x for x in value]
        data[f.name] = value
    data.update(docs_per_s=round(report.docs_per_s, 1), mb_per_s=round(report.mb_per_s, 3))
    return data


def run(args: argparse.Namespace) -> int:
    """Index the paths; exit 0 when all is well, 1 when some files failed or the run could not
    finish (one line says why; the previous index is unchanged), 2 for usage errors."""
    from muragat.analysis.embeddings import EmbeddingsUnavailable
    from muragat.indexer import index_paths
    from muragat.indexer.parallel import WorkerError
    from muragat.store import IndexDamagedError, IndexLockedError
    from muragat.store.solr.client import SolrError

    for stream in (sys.stdout, sys.stderr):  # file names may hold any bytes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if args.jobs is not None and args.jobs < 1:
        print("muragat index: --jobs must be at least 1", file=sys.stderr)
        return 2
    index_dir = args.index or default_index_dir()
    unchanged = "the previous index is unchanged"
    try:
        location = solr_location(args)
    except ValueError as exc:
        print(f"muragat index: {exc}", file=sys.stderr)
        return 2
    solr = None
    if location is not None:
        from muragat.indexer.solr_session import SolrTarget

        if args.shards < 1 or args.replicas < 1:
            print("muragat index: --shards and --replicas must be at least 1", file=sys.stderr)
            return 2
        if args.embeddings:
            print("muragat index: the semantic layer (--embeddings) needs the embedded index, "
                  "not --backend solr", file=sys.stderr)
            return 2
        solr = SolrTarget(location, args.shards, args.replicas)
        unchanged = ("the documents sent so far are whole, the manifest is the previous one: "
                     "run the same command again to complete")
    try:
        report = index_paths(
            args.paths, index_dir, rebuild=args.rebuild, jobs=args.jobs,
            progress=not args.quiet, lock_timeout=args.lock_timeout, check=args.check,
            embeddings=args.embeddings,
            solr=solr,
        )
    except EmbeddingsUnavailable as exc:
        print(f"muragat index: {printable(exc)}; nothing was indexed", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"muragat index: {printable(exc)}", file=sys.stderr)
        return 2
    except IndexLockedError as exc:
        print(f"muragat index: {printable(exc)}", file=sys.stderr)
        return 1
    except IndexDamagedError as exc:
        print(f"muragat index: {printable(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"muragat index: cannot write the index in {printable(index_dir)}: {printable(exc)}; {unchanged}",
              file=sys.stderr)
        return 1
    except WorkerError as exc:
        print(f"muragat index: {printable(exc)}; {unchanged}", file=sys.stderr)
        return 1
    except SolrError as exc:
        print(f"muragat index: Solr failed: {printable(exc)}; {unchanged}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"muragat index: out of memory; {unchanged}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        print(f"muragat index: internal error ({type(exc).__name__}: {printable(exc)}); {unchanged}",
              file=sys.stderr)
        return 1
    if args.report:
        try:
            write_status_report(args.report, report.status_records())
        except OSError as exc:
            print(f"muragat index: cannot write the report {args.report}: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json_text(report_json(report)))
    else:
        # File names and reasons may hold escape sequences: shown, never acted on.
        print(f"index: {printable(str(location) if location is not None else index_dir)}")
        print("\n".join(printable(line) for line in report.summary_lines()))
    return 1 if report.failed else 0


def write_status_report(path: str, records: list[dict[str, str]]) -> None:
    """``records`` as JSON lines in ``path`` ("-" for stdout)."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if path == "-":
        sys.stdout.write(lines)
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(lines)
