"""OCR quality and speed (``muragat eval ocr``, ``python -m bench.ocr``).

Three measurements, on pages rendered at run time from ``../shared/data`` (nothing rendered
is stored in the repository; see ``page_images``):

* **CER** per language (kk, ru, en): pages typeset with Debian fonts, slightly rotated,
  blurred and speckled, read through Muragat's OCR path (clean-up + Tesseract); character
  error rate = edit distance / length of the true text, whitespace runs counted as one space.
* **Retrieval through OCR**: KazQAD and XQuAD-ru passages rendered to page images, wrapped
  as PDFs, indexed with ``muragat index`` (the OCR path: stage, cache, readers), and the
  questions run as in ``muragat eval retrieval``; MRR@10 compared with the same passages
  indexed as text. The work folder (PDFs, index) and the OCR cache make it resumable: an
  interrupted run continues with the pages it had not read.
* **Speed**: pages/s of the OCR stage on ``jobs`` processes with an empty cache, then the
  cache hit rate of a second run over the same unchanged files (must be 100 %).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CER_TARGET = 0.02
RATIO_TARGET = 0.97
CER_SOURCES = {
    "kk": "kazqad_retrieval_kk/corpus.jsonl",
    "ru": "xquad_retrieval_ru_en/corpus.ru.jsonl",
    "en": "xquad_retrieval_ru_en/corpus.en.jsonl",
}
RETRIEVAL_SETS = ("kazqad", "xquad-ru")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (numpy rows: the insertion step is a running minimum)."""
    import numpy as np

    if not a or not b:
        return len(a) or len(b)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    j = np.arange(len(b) + 1, dtype=np.int64)
    prev = j.copy()
    for i, ch in enumerate(a):
        code = ord(ch)
        cur = np.empty_like(prev)
        cur[0] = i + 1
        sub = prev[:-1] + (bb != code)
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        # insertions: cur[k] = min(cur[k], cur[k-1] + 1), a running minimum of cur - k
        cur = np.minimum.accumulate(cur - j) + j
        prev = cur
    return int(prev[-1])


def cer(truth: str, read: str) -> tuple[int, int]:
    """(errors, characters) of ``read`` against ``truth``, whitespace runs as one space."""
    t, r = " ".join(truth.split()), " ".join(read.split())
    return edit_distance(t, r), len(t)


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@contextmanager
def _cache_at(folder: Path | None) -> Iterator[None]:
    old = os.environ.get("MURAGAT_CACHE_DIR")
    if folder is not None:
        os.environ["MURAGAT_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if folder is not None:
            if old is None:
                os.environ.pop("MURAGAT_CACHE_DIR", None)
            else:
                os.environ["MURAGAT_CACHE_DIR"] = old


# -- CER ------------------------------------------------------------------------------------


@dataclass
class CerResult:
    """Character error rate of one language."""

    lang: str
    pages: int
    chars: int
    errors: int
    seconds: float

    @property
    def cer(self) -> float:
        """Errors per character."""
        return self.errors / self.chars if self.chars else 0.0


def page_texts(data_dir: Path, lang: str, pages: int, chars: int = 1800) -> list[str]:
    """``pages`` page-sized texts of ``lang``: consecutive passages of its shared corpus."""
    texts, cur = [], []
    for rec in _records(data_dir / CER_SOURCES[lang]):
        cur.append((rec.get("text") or "").strip())
        if sum(len(x) for x in cur) >= chars:
            texts.append("\n".join(cur)[:chars].rsplit(" ", 1)[0])
            cur = []
            if len(texts) >= pages:
                break
    return texts


def measure_cer(data_dir: Path, pages: int = 3, langs: tuple[str, ...] = ("kk", "ru", "en"),
                engine: Any = None) -> list[CerResult]:
    """CER per language on freshly rendered, degraded pages (no cache involved)."""
    from muragat.evaluation.page_images import render_pages
    from muragat.indexer.ocr import clean_text
    from muragat.indexer.ocr.pages import prepare
    from muragat.indexer.ocr.tesseract import find_engine, recognize

    engine = engine or find_engine()
    if engine is None:
        raise RuntimeError("Tesseract is not installed (apt-get install tesseract-ocr "
                           "tesseract-ocr-kaz tesseract-ocr-rus tesseract-ocr-eng)")
    out = []
    for lang in langs:
        res = CerResult(lang, 0, 0, 0, 0.0)
        for n, text in enumerate(page_texts(data_dir, lang, pages)):
            for img, truth in render_pages(text, seed=1000 + n):
                t0 = time.perf_counter()
                read = clean_text(recognize(engine, prepare(img), 300))
                res.seconds += time.perf_counter() - t0
                errors, chars = cer(truth, read)
                res.pages += 1
                res.errors += errors
                res.chars += chars
        out.append(res)
    return out


# -- Retrieval through OCR ------------------------------------------------------------------


@dataclass
class RetrievalResult:
    """MRR@10 of the same passages indexed from scanned PDFs and as text."""

    name: str
    passages: int
    queries: int
    mrr_ocr: float
    mrr_text: float
    ocr: dict[str, Any] = field(default_factory=dict)  # the OCR stage's figures

    @property
    def ratio(self) -> float:
        """OCR MRR over text MRR."""
        return self.mrr_ocr / self.mrr_text if self.mrr_text else 0.0


def _write_pdfs(docs: list[Any], folder: Path) -> None:
    """Each passage as a PDF of page images (title line, then the text); kept between runs."""
    from muragat.evaluation.page_images import render_pages

    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        path = folder / f"{_safe(doc.id)}.pdf"
        if path.exists():
            continue
        pages = render_pages(f"{doc.title}\n\n{doc.text}" if doc.title else doc.text,
                             seed=zlib.crc32(doc.id.encode("utf-8")), fit=True)
        images = [img for img, _ in pages]
        tmp = path.with_suffix(".tmp")
        images[0].save(tmp, format="PDF", save_all=True, append_images=images[1:], resolution=300)
        tmp.replace(path)


def _safe(doc_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id)


def measure_retrieval(name: str, data_dir: Path, work: Path, jobs: int,
                      limit: int | None = None, progress: bool = True) -> RetrievalResult:
    """Index one set's passages from scanned PDFs and as text; MRR@10 of both."""
    from muragat.evaluation.retrieval import (
        RUN_DEPTH,
        SETS,
        build_index,
        corpus_documents,
        read_qrels,
        score_run,
    )
    from muragat.indexer import index_paths
    from muragat.search.batch import read_queries, run_batch
    from muragat.search.engine import SearchEngine

    rset = SETS[name]
    docs = corpus_documents(data_dir / c for c in rset.corpora)
    queries = list(read_queries((data_dir / rset.queries).read_text(encoding="utf-8").splitlines()))
    qrels = read_qrels(data_dir / rset.qrels)
    if limit:
        docs = docs[:limit]
        kept = {d.id for d in docs}
        qrels = [q for q in qrels if q.doc_id in kept]
        wanted = {q.query_id for q in qrels if q.relevance > 0}
        queries = [q for q in queries if q[0] in wanted]
    wanted = {q for q, _ in queries}
    qrels = [q for q in qrels if q.query_id in wanted]
    # Rendered PDFs are kept in one folder; each run indexes an archive of hard links to the
    # passages it measures (a --limit run reads only those; the OCR cache serves every run).
    _write_pdfs(docs, work / name / "pdfs")
    label = f"first-{limit}" if limit else "all"
    archive = work / name / f"archive-{label}"
    shutil.rmtree(archive, ignore_errors=True)
    (archive / name).mkdir(parents=True)
    for doc in docs:
        src = work / name / "pdfs" / f"{_safe(doc.id)}.pdf"
        try:
            os.link(src, archive / name / src.name)
        except OSError:
            shutil.copyfile(src, archive / name / src.name)
    ocr_index = work / name / f"index-ocr-{label}"
    report = index_paths([archive], ocr_index, jobs=jobs, progress=progress)
    by_file = {f"{name}/{_safe(d.id)}.pdf": d.id for d in docs}

    def run(index_dir: Path, ids: dict[str, str] | None) -> list[tuple[str, str, int, float]]:
        engine = SearchEngine(index_dir)
        try:
            rows = list(run_batch(engine, queries, RUN_DEPTH))
        finally:
            engine.close()
        return [(q, ids.get(d, d) if ids else d, r, s) for q, d, r, s in rows]

    ocr_run = run(ocr_index, by_file)
    with tempfile.TemporaryDirectory(prefix="muragat-ocr-text-") as tmp:
        build_index(docs, Path(tmp) / "text")
        text_run = run(Path(tmp) / "text", None)
    return RetrievalResult(name, len(docs), len(queries), score_run(qrels, ocr_run)["MRR@10"],
                           score_run(qrels, text_run)["MRR@10"], report.ocr or {})


# -- Speed ----------------------------------------------------------------------------------


@dataclass
class SpeedResult:
    """The OCR stage on fresh pages, then again on the unchanged files."""

    pages: int
    jobs: int
    seconds: float
    pages_per_s: float
    rerun_hit_rate: float
    rerun_seconds: float


def measure_speed(data_dir: Path, pages: int = 8, jobs: int = 2) -> SpeedResult:
    """pages/s of ``muragat index`` over ``pages`` scanned pages (empty OCR cache), and the
    cache hit rate when the same files are indexed again into a new index."""
    from muragat.evaluation.page_images import render_pages
    from muragat.indexer import index_paths

    langs = ("kk", "ru", "en")
    with tempfile.TemporaryDirectory(prefix="muragat-ocr-speed-") as tmp:
        root = Path(tmp)
        (root / "archive").mkdir()
        n = 0
        while n < pages:
            lang = langs[n % 3]
            text = page_texts(data_dir, lang, n // 3 + 1)[-1]
            img, _ = render_pages(text, seed=5000 + n)[0]
            img.save(root / "archive" / f"page-{n:03d}-{lang}.png")
            n += 1
        with _cache_at(root / "cache"):
            first = index_paths([root / "archive"], root / "ix1", jobs=jobs)
            second = index_paths([root / "archive"], root / "ix2", jobs=jobs)
    o1, o2 = first.ocr or {}, second.ocr or {}
    secs = o1.get("seconds", 0.0)
    return SpeedResult(o1.get("pages", 0), jobs, secs, o1.get("read", 0) / secs if secs else 0.0,
                       (o2.get("cached", 0) / o2["pages"]) if o2.get("pages") else 0.0,
                       o2.get("seconds", 0.0))


def default_workdir() -> Path:
    """Where the retrieval measurement keeps its PDFs and indexes between runs."""
    from muragat.analysis.model_cache import cache_dir

    base = cache_dir() or Path(tempfile.gettempdir())
    return base / "eval-ocr"


def to_json(cer_results: list[CerResult], retrieval: list[RetrievalResult],
            speed: SpeedResult | None) -> dict[str, Any]:
    """All figures as plain data."""
    return {
        "cer": [dict(asdict(r), cer=round(r.cer, 5), target=CER_TARGET, passed=r.cer <= CER_TARGET)
                for r in cer_results],
        "retrieval": [dict(asdict(r), ratio=round(r.ratio, 4), target=RATIO_TARGET,
                           passed=r.ratio >= RATIO_TARGET) for r in retrieval],
        "speed": asdict(speed) if speed else None,
    }


def remove_workdir(work: Path) -> None:
    """Forget the retrieval measurement's PDFs and indexes (the OCR cache stays)."""
    shutil.rmtree(work, ignore_errors=True)
