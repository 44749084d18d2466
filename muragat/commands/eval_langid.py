"""``muragat eval langid FILE.tsv [--json] [--baselines NAMES] [--errors N]``: language-ID accuracy."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``langid`` evaluation parser."""
    parser = subparsers.add_parser(
        "langid", help="accuracy of language identification per language x kind")
    parser.add_argument("file", metavar="FILE.tsv", help="labelled items (lang, kind, text columns)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--baselines", default="langdetect", metavar="NAMES",
                        help="comma-separated detectors measured in the same run: langdetect, "
                        "py3langid, lingua (if installed); default langdetect (about 10 s on "
                        "the dev file)")
    parser.add_argument("--no-baseline", action="store_true", help="measure no baseline")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also list the first N misclassified items")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate ``detect`` (and langdetect) on the file and print the report."""
    from muragat.analysis.detect import detect
    from muragat.evaluation import langid

    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    items = langid.read_items(path)
    detect("warm up"), detect("разогрев")  # load the models outside the timing
    result = langid.evaluate(items, detect)
    names = [] if args.no_baseline else [n for n in args.baselines.split(",") if n]
    unknown = [n for n in names if n not in langid.BASELINES]
    if unknown:
        print(f"unknown baseline: {', '.join(unknown)} (known: {', '.join(langid.BASELINES)})",
              file=sys.stderr)
        return 2
    baselines = {}
    for name in names:
        detector = langid.BASELINES[name]()
        if detector is None:
            print(f"baseline {name} is not installed; skipped", file=sys.stderr)
            continue
        baselines[name] = langid.evaluate(items, detector)
    table = langid.rows(result, baselines)
    summary = langid.summary(result)
    for name, baseline in baselines.items():
        summary[f"{name}_ms_per_item"] = langid.summary(baseline)["ms_per_item"]
    errors = [
        {"lang": item.lang, "kind": item.kind, "detected": predicted, "text": item.text}
        for item, predicted in result["errors"][: args.errors]
    ]
    if args.json:
        print(json.dumps({"summary": summary, "rows": table, "errors": errors},
                         ensure_ascii=False, indent=2))
        return 0
    print(langid.format_table(table))
    print()
    timing = ", ".join(f"{name} {summary[f'{name}_ms_per_item']} ms" for name in baselines)
    print(f"items {summary['items']}, {summary['ms_per_item']} ms per item"
          + (f" ({timing})" if timing else ""))
    below = summary["below_target"]
    print("below target: " + (", ".join(below) if below else "none"))
    for e in errors:
        print(f"{e['lang']}\t{e['kind']}\t-> {e['detected']}\t{e['text'][:120]}")
    return 0
