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
    parser.add_argument("--backend", choices=("whoosh", "solr"), default="whoosh",
                        help="solr: run every set on the embedded index and on a SolrCloud "
                             "collection in the same run and compare (docs/SCALE.md)")
    parser.add_argument("--solr", default=None, metavar="URL",
                        help="Solr base URL (default $MURAGAT_SOLR_URL; without one a "
                             "2-node development cluster is started for the run)")
    parser.add_argument("--shards", type=int, default=2, metavar="S")
    parser.add_argument("--replicas", type=int, default=1, metavar="R")
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
    if args.embeddings and args.backend == "solr":
        print("muragat eval retrieval: --embeddings needs the embedded index, not --backend solr",
              file=sys.stderr)
        return 2
    if args.backend == "solr":
        return _run_solr(args, names, data)
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


def _run_solr(args: argparse.Namespace, names: list[str], data) -> int:
    """Both backends on every set; exit 1 when Solr's MRR@10 is below 0.98x on any set."""
    import os
    import tempfile
    from pathlib import Path

    from muragat.evaluation.backends import TARGET_RATIO, compare_set
    from muragat.evaluation.retrieval import EXTRA_SETS, SETS
    from muragat.store.solr import devcluster
    from muragat.store.solr.location import make_location

    url = args.solr or os.environ.get("MURAGAT_SOLR_URL")
    cluster = None
    if not url:
        why = devcluster.java_missing()
        if why:
            print(f"muragat eval retrieval: {why}; or give --solr URL", file=sys.stderr)
            return 2
        cluster = Path(tempfile.mkdtemp(prefix="muragat-eval-solr-"))
        info = devcluster.start(cluster, nodes=2, port=_free_port_pair(), heap="1g")
        url = info.node_url(1)
    try:
        location = make_location(url, "unused")
        every = {**SETS, **EXTRA_SETS}
        results = [compare_set(every[n], data, location, args.shards, args.replicas)
                   for n in names]
    finally:
        if cluster is not None:
            devcluster.stop(cluster)
    if args.json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
    else:
        rows = [{"set": r.name, "queries": r.queries, "docs": r.documents,
                 "whoosh MRR@10": r.whoosh["MRR@10"], "solr MRR@10": r.solr["MRR@10"],
                 "ratio": r.ratio, "same top 10": r.differences.get("same", 0),
                 "ties reordered": r.differences.get("ties", 0),
                 "outside candidates": r.differences.get("outside", 0),
                 "score differences": r.differences.get("scores", 0),
                 "ok": "yes" if r.passed else "NO",
                 "seconds": f"{r.seconds_whoosh:.0f} / {r.seconds_solr:.0f}"} for r in results]
        _print_table(rows, f"Retrieval quality: Solr backend vs embedded Whoosh index, same run "
                           f"(target: Solr MRR@10 >= {TARGET_RATIO}x)")
    return 0 if all(r.passed for r in results) else 1


def _free_port_pair() -> int:
    import socket

    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 65000:
            with socket.socket() as s2:
                try:
                    s2.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
            return port
    raise OSError("no two free ports in a row")
