"""``muragat eval retrieval [--set xquad-ru|xquad-en|kazqad|...|all] [--embeddings] [--json]``: MRR@10 and more."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    """Add the ``retrieval`` evaluation parser."""
    from muragat.evaluation.retrieval import GROUPS

    parser = subparsers.add_parser(
        "retrieval",
        help="MRR@10, nDCG@10, Recall@10 on the shared question sets, with a plain-Whoosh baseline",
        description="Indexes each corpus into a temporary directory, runs its questions in "
        "any-words mode and scores the run with ir-measures, next to plain Whoosh BM25 "
        "(StandardAnalyzer, no morphology) measured in the same run.",
    )
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(GROUPS),
                        default=None, help="set(s) to evaluate (default: targets = the three "
                        "sets with MRR targets; 'all' adds distractors and cross-language)")
    parser.add_argument("--embeddings", action="store_true",
                        help="index with the semantic layer (the 'semantic' extra) and report the "
                        "fused run, with the lexical run alone beside it")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate; exit 0 when every set with a target reaches it, 1 otherwise, 2 without data."""
    from muragat.analysis.embeddings import EmbeddingsUnavailable, load_model
    from muragat.evaluation.retrieval import GROUPS, MissingDependency, evaluate_sets
    from muragat.settings import shared_data_dir

    data = shared_data_dir()
    if data is None:
        print("muragat eval retrieval: ../shared/data not found (set MURAGAT_SHARED_DATA)",
              file=sys.stderr)
        return 2
    names: list[str] = []
    for group in args.sets or ["targets"]:
        names += [n for n in GROUPS[group] if n not in names]
    if args.embeddings:
        try:
            load_model()
        except EmbeddingsUnavailable as exc:
            print(f"muragat eval retrieval: {exc}", file=sys.stderr)
            return 2
    try:
        results = evaluate_sets(names, data, embeddings=args.embeddings,
                                progress=args.embeddings and sys.stderr.isatty())
    except MissingDependency as exc:
        print(f"muragat eval retrieval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
    else:
        rows = []
        for r in results:
            row = {"set": r.name, "queries": r.queries, "docs": r.documents}
            for k, v in r.muragat.items():
                row[k] = v
            if r.lexical is not None:
                row["lexical MRR@10"] = r.lexical["MRR@10"]
            row["plain MRR@10"] = r.baseline["MRR@10"]
            row["plain nDCG@10"] = r.baseline["nDCG@10"]
            row["target"] = "" if r.target is None else f">= {r.target:.3f}"
            row["ok"] = "" if r.passed is None else ("yes" if r.passed else "NO")
            row["seconds"] = f"{r.seconds:.0f}"
            rows.append(row)
        _print_table(rows, "Retrieval quality (muragat vs plain Whoosh BM25, same run)")
    return 0 if all(r.passed is not False for r in results) else 1


def _print_table(rows: list[dict], title: str) -> None:
    print(title)
    cols = list(rows[0]) if rows else []
    cells = [[f"{r[c]:.4f}" if isinstance(r[c], float) else str(r[c]) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
