"""Indexing benchmark: Muragat vs a plain-Whoosh baseline, measured in the same run.

    python -m bench.index [--docs N] [--jobs N] [--json FILE] [--skip-real | --skip-generated]
                          [--repeat N] [--workdir DIR] [--before CHECKOUT] [--skip-baseline]

(a) the shared real documents (``multilingual_docs`` + the KazQAD and XQuAD
retrieval corpora) and (b) an archive of ``--docs`` (default 100,000) documents
of 1-2 KB composed at run time from the shared real sentences, with random
dates, sources and languages, written to a temporary folder as .txt, .md, .html
and .jsonl. Each indexing run is a separate process, so peak memory is its own.
The real documents take a few seconds: their Muragat and baseline runs alternate
``--repeat`` times (default 5) and the medians are reported.

The model cache (``analysis.model_cache``) is filled before the measured runs, as by
any earlier command on the machine; a machine's very first run takes ~0.8 s more.

Baseline: plain Whoosh (StandardAnalyzer body, stored id/title/body), one process,
the same documents (file text as it is; JSONL records one by one).
Targets: Muragat docs/s >= baseline; peak RSS <= 1.5 GB at 100k docs; an
unchanged re-run <= 10% of the full indexing time (with the integrity checks on: size
and time of every index file; the run with ``--check``, every file hashed, is measured
too).

``--before CHECKOUT``: another checkout of Muragat (with its own ``.venv``), e.g. the
code before a change: its full run and unchanged re-run over the same archive are
measured in the same run, before this code's, and the ratios are reported.
``--skip-baseline`` leaves out the plain-Whoosh runs. "CPU ms/doc" (the whole process
tree's CPU time per document) shows the cost independently of other load on the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import print_table, write_json
from muragat.settings import shared_data_dir

_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_MONTHS = {
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def real_paths(data: Path) -> list[Path]:
    """The shared real documents: multilingual_docs and the retrieval corpora."""
    return [
        data / "multilingual_docs",
        data / "kazqad_retrieval_kk" / "corpus.jsonl",
        data / "xquad_retrieval_ru_en" / "corpus.ru.jsonl",
        data / "xquad_retrieval_ru_en" / "corpus.en.jsonl",
    ]


def _records(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def sentence_pools(data: Path) -> dict[str, list[str]]:
    """Real sentences per language from the shared data."""
    pools: dict[str, list[str]] = {"kk": [], "ru": [], "en": []}
    md = data / "multilingual_docs"
    sources = [
        (md / "kk_kaznerd_news_sentences.jsonl.gz", "kk"),
        (data / "kazqad_retrieval_kk" / "corpus.jsonl", "kk"),
        (md / "ru_ud_passages.jsonl", "ru"),
        (data / "xquad_retrieval_ru_en" / "corpus.ru.jsonl", "ru"),
        (md / "en_ewt_documents.jsonl", "en"),
        (data / "xquad_retrieval_ru_en" / "corpus.en.jsonl", "en"),
    ]
    for path, lang in sources:
        for rec in _records(path):
            for sent in _SENT_RE.split(rec.get("text") or ""):
                if 20 <= len(sent) <= 400:
                    pools[lang].append(sent.strip())
    return pools


def _date_phrase(lang: str, y: int, m: int, d: int) -> str:
    if lang == "kk":
        return f"{y} жылғы {d} {_MONTHS['kk'][m - 1]}"
    if lang == "ru":
        return f"{d} {_MONTHS['ru'][m - 1]} {y} г."
    return f"{_MONTHS['en'][m - 1]} {d}, {y}"


def generate_archive(root: Path, n: int, pools: dict[str, list[str]], seed: int = 7) -> int:
    """Write ``n`` documents of 1-2 KB under ``root``; return the bytes written."""
    rng = random.Random(seed)
    sources = ["central_library", "regional_library", "university_library"]
    langs = ["kk", "ru", "en"]
    total = 0
    jsonl_handles: dict[str, Any] = {}
    for i in range(n):
        lang = rng.choice(langs)
        mixed = rng.random() < 0.1
        target = rng.randint(1000, 2000)
        parts: list[str] = []
        size = 0
        while size < target:
            use = rng.choice(langs) if mixed else lang
            s = rng.choice(pools[use])
            parts.append(s)
            size += len(s.encode("utf-8")) + 1
        y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        title = parts[0][:80]
        body_paras = ["\n".join(parts[k:k + 3]) for k in range(1, len(parts), 3)]
        source = rng.choice(sources)
        folder = root / source / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        if kind < 0.1:
            name = folder / "records.jsonl"
            f = jsonl_handles.get(str(name))
            if f is None:
                for old in list(jsonl_handles.values()):
                    old.close()
                jsonl_handles.clear()
                f = jsonl_handles[str(name)] = open(name, "a", encoding="utf-8")
            line = json.dumps({"id": f"rec-{i}", "title": title, "text": "\n\n".join(body_paras),
                               "date": f"{y:04d}-{m:02d}-{d:02d}", "lang": lang},
                              ensure_ascii=False)
            f.write(line + "\n")
            total += len(line.encode("utf-8")) + 1
            continue
        if kind < 0.45:
            text = title + "\n\n" + _date_phrase(lang, y, m, d) + "\n\n" + "\n\n".join(body_paras)
            path = folder / f"doc{i}.txt"
        elif kind < 0.75:
            text = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {y:04d}-{m:02d}-{d:02d}\n"
                    f"lang: {lang}\n---\n# {title}\n\n" + "\n\n".join(body_paras))
            path = folder / f"doc{i}.md"
        else:
            paras = "".join(f"<p>{p}</p>" for p in body_paras)
            text = (f"<html><head><title>{title}</title>"
                    f'<meta property="article:published_time" content="{y:04d}-{m:02d}-{d:02d}">'
                    f"</head><body><nav><a href='/'>Басты бет</a> <a href='/ru'>Главная</a></nav>"
                    f"<article><h1>{title}</h1>{paras}</article><footer>© {source}</footer></body></html>")
            path = folder / f"doc{i}.html"
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    for f in jsonl_handles.values():
        f.close()
    return total


def _tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_rss_total_mb() -> tuple[float, float]:
    """(this process, largest child process) peak RSS in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its (finished) children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# One measurement, run in its own process ("--run KIND").


def _run_muragat(paths: list[str], index_dir: str, jobs: int, rebuild: bool,
                 check: bool = False) -> dict[str, Any]:
    from muragat.indexer import index_paths

    start = time.perf_counter()
    extra = {"check": True} if check else {}  # older checkouts have no --check
    report = index_paths(paths, index_dir, jobs=jobs, rebuild=rebuild, progress=False, **extra)
    elapsed = time.perf_counter() - start
    return {"docs": report.processed, "written": report.written,
            "failed": len(report.failed), "seconds": elapsed}


def _baseline_docs(paths: list[str]):
    for p in paths:
        path = Path(p)
        files = sorted(x for x in path.rglob("*") if x.is_file()) if path.is_dir() else [path]
        for f in files:
            name = f.name.lower()
            if name.endswith((".jsonl", ".jsonl.gz")):
                for n, rec in enumerate(_records(f)):
                    yield (str(rec.get("id") or rec.get("doc_id") or rec.get("pid") or f"{f}:{n}"),
                           str(rec.get("title") or ""), str(rec.get("text") or ""))
            elif name.endswith((".txt", ".md", ".html", ".htm")):
                yield str(f), "", f.read_text(encoding="utf-8", errors="replace")


def _run_baseline(paths: list[str], index_dir: str) -> dict[str, Any]:
    from whoosh import index
    from whoosh.analysis import StandardAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True),
                    body=TEXT(analyzer=StandardAnalyzer(), stored=True))
    os.makedirs(index_dir, exist_ok=True)
    start = time.perf_counter()
    ix = index.create_in(index_dir, schema)
    writer = ix.writer()
    n = 0
    for doc_id, title, text in _baseline_docs(paths):
        writer.add_document(id=doc_id, title=title, body=text)
        n += 1
    writer.commit()
    return {"docs": n, "written": n, "failed": 0, "seconds": time.perf_counter() - start}


def _measure(kind: str, paths: list[str], index_dir: str, jobs: int, rebuild: bool,
             checkout: Path | None = None, check: bool = False) -> dict[str, Any]:
    """One run in its own process; ``checkout``: with that checkout's code and interpreter."""
    python = str(checkout / ".venv" / "bin" / "python") if checkout else sys.executable
    cmd = [python, "-m", "bench.index", "--run", kind, "--index", index_dir,
           "--jobs", str(jobs)] + (["--rebuild"] if rebuild else []) + (
           ["--check"] if check else []) + ["--paths", *paths]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                         cwd=str(checkout) if checkout else None)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{kind} {'rebuild' if rebuild else 'update'} {index_dir}: {result}", file=sys.stderr, flush=True)
    return result


def _row(name: str, result: dict[str, Any], nbytes: int, index_dir: str) -> dict[str, Any]:
    secs = result["seconds"]
    return {
        "run": name,
        "docs": result["docs"],
        "seconds": round(secs, 1),
        "docs/s": round(result["docs"] / secs, 1),
        "MB/s": round(nbytes / 1e6 / secs, 3),
        # CPU time of the whole process tree: what the run costs, whatever else loads the machine.
        "CPU ms/doc": round(1000 * result.get("cpu_s", 0.0) / max(result["docs"], 1), 2),
        "peak RSS MB (main)": round(result["rss_main"], 0),
        "peak RSS MB (worker)": round(result["rss_child"], 0),
        "index MB": round(_tree_bytes(Path(index_dir)) / 1e6, 1),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def before_after(name: str, paths: list[str], nbytes: int, jobs: int, work: Path,
                 before: Path) -> list[dict[str, Any]]:
    """Full run and unchanged re-run of the code in ``before`` and of this code (plus this
    code's re-run with ``--check``), over the same archive, in this order."""
    b_dir, a_dir = str(work / f"{name}-before"), str(work / f"{name}-after")
    b_full = _measure("muragat", paths, b_dir, jobs, True, checkout=before)
    b_rerun = _measure("muragat", paths, b_dir, jobs, False, checkout=before)
    a_full = _measure("muragat", paths, a_dir, jobs, True)
    a_rerun = _measure("muragat", paths, a_dir, jobs, False)
    a_check = _measure("muragat", paths, a_dir, jobs, False, check=True)
    rows = [
        _row(f"{name}: before ({before.name}) full", b_full, nbytes, b_dir),
        _row(f"{name}: before unchanged re-run", b_rerun, nbytes, b_dir),
        _row(f"{name}: this code full", a_full, nbytes, a_dir),
        _row(f"{name}: this code unchanged re-run", a_rerun, nbytes, a_dir),
        _row(f"{name}: this code re-run --check", a_check, nbytes, a_dir),
    ]
    rows[1]["re-run % of full"] = round(100 * b_rerun["seconds"] / b_full["seconds"], 1)
    rows[3]["re-run % of full"] = round(100 * a_rerun["seconds"] / a_full["seconds"], 1)
    rows[4]["re-run % of full"] = round(100 * a_check["seconds"] / a_full["seconds"], 1)
    rows[2]["vs before s"] = round(a_full["seconds"] / b_full["seconds"], 3)
    rows[3]["vs before s"] = round(a_rerun["seconds"] / b_rerun["seconds"], 3)
    return rows


def compare(name: str, paths: list[str], nbytes: int, jobs: int, work: Path,
            repeat: int = 1) -> list[dict[str, Any]]:
    """Muragat full run, unchanged re-run and the baseline over ``paths``.

    With ``repeat`` > 1 the full run and the baseline alternate that many times and the
    median of each is reported (short runs on a shared machine vary by +-15 %).
    """
    m_dir, b_dir = str(work / f"{name}-muragat"), str(work / f"{name}-whoosh")
    fulls, bases = [], []
    for _ in range(repeat):
        fulls.append(_measure("muragat", paths, m_dir, jobs, True))
        bases.append(_measure("baseline", paths, b_dir, 1, True))
    full, base = _median_run(fulls), _median_run(bases)
    rerun = _measure("muragat", paths, m_dir, jobs, False)
    rows = [
        _row(f"{name}: Muragat (jobs={jobs})", full, nbytes, m_dir),
        _row(f"{name}: Muragat unchanged re-run", rerun, nbytes, m_dir),
        _row(f"{name}: plain Whoosh baseline", base, nbytes, b_dir),
    ]
    rows[1]["re-run % of full"] = round(100 * rerun["seconds"] / full["seconds"], 1)
    rows[0]["vs baseline docs/s"] = round(rows[0]["docs/s"] / rows[2]["docs/s"], 2)
    if repeat > 1:
        rows[0]["runs s"] = [round(r["seconds"], 2) for r in fulls]
        rows[2]["runs s"] = [round(r["seconds"], 2) for r in bases]
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--run``, one measurement)."""
    if argv is None:
        argv = sys.argv[1:]
    if "--backend" in argv and argv[argv.index("--backend") + 1:][:1] == ["solr"]:
        # The Solr backend beside the embedded index, indexing and searching in one run.
        from bench.solr import main as solr_main

        rest = argv[: argv.index("--backend")] + argv[argv.index("--backend") + 2:]
        return solr_main(rest)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="generated documents (default 100000)")
    ap.add_argument("--jobs", type=int, default=None, help="Muragat worker processes (default: cores)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--skip-real", action="store_true", help="only the generated archive")
    ap.add_argument("--skip-generated", action="store_true", help="only the real documents")
    ap.add_argument("--repeat", type=int, default=5,
                    help="real documents: alternate the Muragat and baseline runs this many times, "
                         "report the medians (default 5)")
    ap.add_argument("--workdir", help="keep archives and indexes here (default: a temp dir, removed)")
    ap.add_argument("--before", metavar="CHECKOUT",
                    help="generated archive: also measure the code of this checkout (its .venv), "
                         "full run and unchanged re-run, in the same run")
    ap.add_argument("--skip-baseline", action="store_true",
                    help="generated archive: leave out the plain-Whoosh baseline")
    ap.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--run", choices=["muragat", "baseline"], help=argparse.SUPPRESS)
    ap.add_argument("--index", help=argparse.SUPPRESS)
    ap.add_argument("--rebuild", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.run:
        if args.run == "muragat":
            result = _run_muragat(args.paths, args.index, args.jobs or 1, args.rebuild, args.check)
        else:
            result = _run_baseline(args.paths, args.index)
        result["rss_main"], result["rss_child"] = _peak_rss_total_mb()
        result["cpu_s"] = _cpu_seconds()
        print(json.dumps(result))
        return 0

    from muragat.indexer.parallel import default_jobs

    data = shared_data_dir()
    if data is None:
        print("bench.index: ../shared/data is not present; nothing to measure", file=sys.stderr)
        return 2
    jobs = args.jobs or default_jobs()
    # Fill the model cache (analysis.model_cache) first, as any earlier command on the
    # machine does; the measured runs then load the models as they always will.
    # (In a process of its own: a child's peak RSS counts its parent's from before the exec.)
    subprocess.run([sys.executable, "-c", "from muragat.indexer.prepare import warm_up; warm_up()"], check=True)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="muragat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    try:
        if not args.skip_real:
            paths = [str(p) for p in real_paths(data)]
            nbytes = sum(_tree_bytes(Path(p)) if Path(p).is_dir() else Path(p).stat().st_size
                         for p in paths)
            rows += compare("real", paths, nbytes, jobs, work, repeat=max(1, args.repeat))
        if args.skip_generated:
            _report(rows, jobs, args)
            return 0
        archive = work / "archive"
        if archive.exists():
            shutil.rmtree(archive)
        t = time.perf_counter()
        nbytes = generate_archive(archive, args.docs, sentence_pools(data))
        print(f"generated {args.docs} documents ({nbytes / 1e6:.0f} MB) in "
              f"{time.perf_counter() - t:.0f} s under {archive}", file=sys.stderr)
        name = f"generated {args.docs}"
        if args.before:
            rows += before_after(name, [str(archive)], nbytes, jobs, work, Path(args.before).resolve())
        if not args.skip_baseline:
            rows += compare(name, [str(archive)], nbytes, jobs, work)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    _report(rows, jobs, args)
    return 0


def _report(rows: list[dict[str, Any]], jobs: int, args: argparse.Namespace) -> None:
    cols = ["run", "docs", "seconds", "docs/s", "MB/s", "CPU ms/doc", "peak RSS MB (main)",
            "peak RSS MB (worker)", "index MB", "vs baseline docs/s", "re-run % of full",
            "vs before s", "runs s"]
    print_table([{c: r.get(c, "") for c in cols} for r in rows], "Indexing benchmark")
    if args.json:
        write_json(args.json, {"jobs": jobs, "docs": args.docs, "rows": rows})


if __name__ == "__main__":
    sys.exit(main())
