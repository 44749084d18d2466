"""The OCR stage (issue 16): the pages of one scan are spread over the jobs, progress counts
pages, and a re-run takes every page from the cache. Tesseract is replaced by a stand-in that
names the process that read the page, so this runs without it and quickly."""

from __future__ import annotations

import io
import os
import re
import sys
import time
from pathlib import Path

import pytest
from muragat.indexer.ocr import stage
from muragat.indexer.ocr.store import OcrStore, file_digest
from PIL import Image


class _Engine:
    signature = "stand-in 1 -l kaz+rus+eng"


def _stand_in_ocr(engine, kind: str, path: Path, page: int) -> str:
    time.sleep(0.5)  # long enough that both processes get pages of the one file
    return f"{os.getpid()} {page}"


def _four_page_tiff(path: Path) -> None:
    pages = [Image.new("L", (400, 300), 255 - 10 * k) for k in range(4)]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate")


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in reaches workers by fork")
def test_pages_of_one_scan_spread_over_jobs_progress_counts_pages_reruns_hit_the_cache(
        tmp_path, monkeypatch):
    monkeypatch.setattr(stage, "ocr_page", _stand_in_ocr)
    scan = tmp_path / "scan.tif"
    _four_page_tiff(scan)
    store = OcrStore(tmp_path / "cache")
    shown = io.StringIO()
    bar = stage.PageProgress

    def progress_to_buffer(total: int, enabled: bool, stream=None):
        return bar(total, enabled, shown)

    monkeypatch.setattr(stage, "PageProgress", progress_to_buffer)
    first = stage.run_stage([(scan, ".tif")], _Engine(), store, jobs=2, progress=True)
    assert (first.files, first.pages, first.read, first.cached, first.failed) == (1, 4, 4, 0, 0)
    key = store.key(file_digest(scan), _Engine.signature)
    texts = [store.get(key, page) for page in range(4)]
    assert [t.split()[1] for t in texts] == ["0", "1", "2", "3"]
    readers = {t.split()[0] for t in texts}
    assert len(readers) == 2 and str(os.getpid()) not in readers  # both jobs, not the caller
    assert re.search(r"^OCR: 4/4 pages, [\d.]+ pages/s", shown.getvalue(), re.M)
    again = stage.run_stage([(scan, ".tif")], _Engine(), store, jobs=2, progress=True)
    assert (again.pages, again.cached, again.read) == (4, 4, 0) and again.hit_rate == 1.0
