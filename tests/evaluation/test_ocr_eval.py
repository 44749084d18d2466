"""OCR evaluation: the edit distance it scores with, and the CER target on pages rendered from
the shared data (one page per language; the full table is ``muragat eval ocr``)."""

from __future__ import annotations

import random
import shutil

import pytest

from muragat.evaluation.ocr import CER_TARGET, cer, edit_distance, measure_cer
from muragat.evaluation.page_images import find_fonts


def _naive(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def test_edit_distance_matches_the_textbook_definition():
    rng = random.Random(7)
    for _ in range(300):
        a = "".join(rng.choice("әқңab c") for _ in range(rng.randrange(0, 25)))
        b = "".join(rng.choice("әқңab c") for _ in range(rng.randrange(0, 25)))
        assert edit_distance(a, b) == _naive(a, b), (a, b)
    assert cer("Кітап  хана\nашылды", "Кітап хана ашылды") == (0, 17)


@pytest.mark.shared
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
@pytest.mark.skipif(not find_fonts(), reason="no TrueType font to render pages")
def test_cer_target_per_language(shared_data):
    for result in measure_cer(shared_data, pages=1):
        assert result.pages == 1 and result.chars > 1000
        assert result.cer <= CER_TARGET, (result.lang, result.cer)
