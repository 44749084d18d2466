"""``muragat eval lemmas FILE.conllu [FILE ...] --lang L [--json] [--folds K]``: lemma accuracy on gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``lemmas`` evaluation parser."""
    parser = subparsers.add_parser(
        "lemmas", help="first/any lemma accuracy of the index terms on CoNLL-U gold files")
    parser.add_argument("files", nargs="+", metavar="FILE.conllu")
    parser.add_argument("--lang", required=True, choices=("kk", "ru", "en"))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also list the first N tokens whose first term misses")
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="also score each of K folds of sentence blocks (blocks of 5 "
                        "sentences dealt in turn) and print the mean and lowest over the folds")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the report."""
    from muragat.evaluation.lemmas import evaluate_lemmas, format_report

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.folds and args.folds < 2:
        print(f"--folds needs 2 or more folds, not {args.folds}", file=sys.stderr)
        return 2
    report = evaluate_lemmas(args.files, args.lang, keep_errors=args.errors > 0,
                             folds=args.folds)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    for form, gold, terms, upos in report.errors[: args.errors]:
        print(f"{upos}\t{form}\t{gold}\t{' '.join(terms)}", file=sys.stderr if args.json else sys.stdout)
    return 0
