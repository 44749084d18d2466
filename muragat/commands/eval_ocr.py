"""``muragat eval ocr``: CER per language, retrieval through OCR vs text, pages/s and the
OCR cache hit rate of a re-run (see ``muragat.evaluation.ocr``)."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    """Add the ``ocr`` evaluation parser."""
    parser = subparsers.add_parser(
        "ocr",
        help="OCR quality and speed on pages rendered from the shared data",
        description="Renders pages from ../shared/data texts (kk, ru, en; rotated, blurred, "
        "speckled), reads them through Muragat's OCR path and prints the character error rate "
        "per language; indexes KazQAD and XQuAD-ru passages as scanned PDFs and as text and "
        "compares MRR@10; measures pages/s and the cache hit rate of a re-run. The retrieval "
        "part is long (~940 pages) and resumable: run it again after an interruption.",
    )
    parser.add_argument("--cer-pages", type=int, default=3, metavar="N",
                        help="pages per language for the CER (default 3)")
    parser.add_argument("--speed-pages", type=int, default=8, metavar="N",
                        help="fresh pages for the speed measurement (default 8; 0 skips it)")
    parser.add_argument("--retrieval", dest="sets", action="append", choices=["kazqad", "xquad-ru"],
                        default=None, help="retrieval set(s) (default: both)")
    parser.add_argument("--skip-retrieval", action="store_true", help="CER and speed only")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="only the first N passages of each retrieval set")
    parser.add_argument("--jobs", type=int, default=2, metavar="N", help="OCR processes (default 2)")
    parser.add_argument("--workdir", default=None, metavar="DIR",
                        help="PDFs and indexes of the retrieval part, kept for resuming "
                        "(default: <model cache>/eval-ocr)")
    parser.add_argument("--json", dest="json_out", metavar="FILE", default=None,
                        help="also write the figures as JSON to FILE ('-' for stdout only)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Measure; exit 0 when every target is met, 1 otherwise, 2 without data or Tesseract."""
    from pathlib import Path

    from muragat.evaluation import ocr
    from muragat.indexer.ocr.tesseract import find_engine, needs_ocr_reason
    from muragat.settings import shared_data_dir

    data = shared_data_dir()
    if data is None:
        print("muragat eval ocr: ../shared/data not found (set MURAGAT_SHARED_DATA)", file=sys.stderr)
        return 2
    engine = find_engine()
    if engine is None:
        print(f"muragat eval ocr: {needs_ocr_reason()}", file=sys.stderr)
        return 2
    try:
        from muragat.evaluation.retrieval import _ir_measures

        if not args.skip_retrieval:
            _ir_measures()
    except Exception as exc:  # MissingDependency
        print(f"muragat eval ocr: {exc}", file=sys.stderr)
        return 2
    print(f"engine: {engine.signature}", file=sys.stderr)
    cer_results = ocr.measure_cer(data, args.cer_pages, engine=engine)
    speed = ocr.measure_speed(data, args.speed_pages, args.jobs) if args.speed_pages else None
    retrieval = []
    if not args.skip_retrieval:
        work = Path(args.workdir) if args.workdir else ocr.default_workdir()
        for name in args.sets or list(ocr.RETRIEVAL_SETS):
            retrieval.append(ocr.measure_retrieval(name, data, work, args.jobs, args.limit))
    data_out = ocr.to_json(cer_results, retrieval, speed)
    if args.json_out and args.json_out != "-":
        Path(args.json_out).write_text(json.dumps(data_out, indent=2), encoding="utf-8")
    if args.json_out == "-":
        print(json.dumps(data_out, indent=2))
    else:
        print_tables(cer_results, retrieval, speed, engine.signature)
    ok = all(r["passed"] for r in data_out["cer"]) and all(r["passed"] for r in data_out["retrieval"])
    ok = ok and (speed is None or speed.rerun_hit_rate == 1.0)
    return 0 if ok else 1


def print_tables(cer_results, retrieval, speed, engine: str) -> None:
    """The human tables."""
    from muragat.evaluation.ocr import CER_TARGET, RATIO_TARGET

    print(f"OCR ({engine})")
    print("lang  pages  chars   errors  CER      target   ok   s/page")
    for r in cer_results:
        print(f"{r.lang:<5} {r.pages:>5}  {r.chars:>6}  {r.errors:>6}  {r.cer:7.2%}  "
              f"<= {CER_TARGET:.0%}   {'yes' if r.cer <= CER_TARGET else 'NO':<3}  "
              f"{r.seconds / max(r.pages, 1):.1f}")
    if retrieval:
        print()
        print("set        passages  queries  MRR@10 OCR  MRR@10 text  ratio   target  ok   OCR pages  read")
        for r in retrieval:
            print(f"{r.name:<10} {r.passages:>8}  {r.queries:>7}  {r.mrr_ocr:10.4f}  {r.mrr_text:11.4f}  "
                  f"{r.ratio:6.4f}  >= {RATIO_TARGET}  {'yes' if r.ratio >= RATIO_TARGET else 'NO':<3}  "
                  f"{r.ocr.get('pages', 0):>9}  {r.ocr.get('read', 0):>4}")
    if speed:
        print()
        print("speed: pages  jobs  seconds  pages/s  re-run cache hits  re-run s")
        print(f"       {speed.pages:>5}  {speed.jobs:>4}  {speed.seconds:7.1f}  {speed.pages_per_s:7.2f}  "
              f"{speed.rerun_hit_rate:17.0%}  {speed.rerun_seconds:8.2f}")
