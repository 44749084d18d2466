"""``muragat eval langid FILE.tsv [--json] [--baselines NAMES] [--errors N] [--folds K]``:
language-ID accuracy, single split and (``--folds``) cross-validated."""

from __future__ import annotations

import argparse
import csv
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
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="also cross-validate the detector's evidence weights: split the "
                        "items into K folds by source sentence, tune the weights on the other "
                        "folds (plus guard items from multilingual_docs), and print the "
                        "held-out accuracy averaged over the folds beside the single split")
    parser.add_argument("--data", metavar="DIR", help="the shared data folder the guard items "
                        "come from (default: ../shared/data or $MURAGAT_SHARED_DATA)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate ``detect`` (and langdetect) on the file and print the report."""
    from muragat.analysis.detect import detect
    from muragat.evaluation import langid

    path = Path(args.file)
    if not path.is_file():
        print(f"no such file: {path}", file=sys.stderr)
        return 2
    if args.folds and args.folds < 2:
        print(f"--folds needs 2 or more folds, not {args.folds}", file=sys.stderr)
        return 2
    try:
        items = langid.read_items(path)
    except (KeyError, UnicodeDecodeError, csv.Error) as exc:
        print(f"cannot read {path}: {exc!r} (expected a UTF-8 TSV with lang, kind, text "
              "columns)", file=sys.stderr)
        return 2
    if args.folds:
        return _run_folds(args, items)
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


def _run_folds(args: argparse.Namespace, items: list) -> int:
    """Cross-validate the evidence weights and print the fold-averaged table."""
    from muragat.analysis.langid import decide
    from muragat.evaluation import langid, langid_tuning
    from muragat.settings import shared_data_dir

    data = Path(args.data) if args.data else shared_data_dir()
    if args.data and not data.is_dir():
        print(f"no such folder: {data}", file=sys.stderr)
        return 2
    guards = langid_tuning.guard_items(data) if data is not None else []
    if not guards:
        print("no guard items (multilingual_docs not found): tuning on the folds alone",
              file=sys.stderr)
    shipped = dict(decide.WEIGHTS)
    single = [decide.detect(item.text) for item in items]
    cv = langid_tuning.cross_validate(items, args.folds, guards)
    on_all = langid_tuning.tune_all(items, guards)
    table = langid_tuning.fold_rows(items, cv, single)
    below = [f"{r['lang']}/{r['kind']}" for r in table if r["ok"] is False]
    if args.json:
        print(json.dumps({"folds": args.folds, "guard_items": len(guards), "rows": table,
                          "below_target": below, "weights_per_fold": cv.weights,
                          "tuned_on_all_items": on_all, "shipped_weights": shipped}, ensure_ascii=False, indent=2))
        return 0
    print(langid.format_table(table))
    print()
    print(f"items {len(items)}, {args.folds} folds by source sentence, {len(guards)} guard items; "
          "fold_mean: held-out accuracy averaged over the folds, each fold predicted by the "
          "weights tuned on the others; single_split: the shipped weights on every item")
    print("below target (fold mean): " + (", ".join(below) if below else "none"))
    print("weights: shipped (decide.WEIGHTS), tuned on every item, tuned per fold")
    for name, values in langid_tuning.spread(cv.weights).items():
        print(f"  {name}: {shipped[name]}, {on_all[name]}, {' '.join(map(str, values))}")
    return 0
