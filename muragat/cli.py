"""The ``muragat`` command: a thin layer over the library (Datasette style).

Each subcommand lives in ``muragat/commands/<name>.py`` and exposes
``register(subparsers)``; the work itself is done by the library functions the
tests call too. Exit codes: 0 ok, 1 partial failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# (module, parent) — parent "eval" puts the command under ``muragat eval``.
_COMMANDS = [
    ("detect", None),
    ("lemmas", None),
    ("index", None),
    ("harvest", None),
    ("search", None),
    ("serve", None),
    ("solr", None),
    ("eval_langid", "eval"),
    ("eval_lemmas", "eval"),
    ("eval_retrieval", "eval"),
    ("eval_ocr", "eval"),
]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog="muragat", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    eval_parser = sub.add_parser("eval", help="measure quality on evaluation data")
    eval_sub = eval_parser.add_subparsers(dest="eval_command", metavar="WHAT")
    for name, parent in _COMMANDS:
        try:
            module = importlib.import_module(f"muragat.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"muragat.commands.{name}":
                continue  # command not built yet
            raise
        module.register(eval_sub if parent == "eval" else sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``muragat`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
