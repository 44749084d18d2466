"""Scanned pages through OCR: images, image-only and mixed PDFs, page numbers, the cache,
Kazakh letters, and "needs OCR" without Tesseract. Pages are rendered at test time from
text written for these tests (small pages, so Tesseract takes about a second each)."""

from __future__ import annotations

import shutil

import pytest
from indexer_test_helpers import make_pdf, stored_docs
from muragat.indexer import index_paths
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest

from muragat.evaluation.page_images import PageStyle, find_fonts, render_pages

pytestmark = [
    pytest.mark.skipif(not find_fonts(), reason="no TrueType font to render pages (fonts-dejavu-core)"),
]
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-kaz "
           "tesseract-ocr-rus tesseract-ocr-eng)")
SMALL = PageStyle(height_in=3.2, width_in=6.5, margin_in=0.5)
KK = "Мұрағат қорында ескі газеттердің тігінділері сақталған. Оқу залы 2019 жылғы 12 наурызда ашылды."
RU = "Читальный зал архива открыт для исследователей рукописей."
EN = "The manuscript catalogue lists every newspaper of the collection."


def page(text: str, seed: int = 0):
    pages = render_pages(text, seed=seed, style=SMALL)
    assert len(pages) == 1
    return pages[0][0]


def scanned_pdf(path, texts: list[str]) -> None:
    images = [page(t, seed=i) for i, t in enumerate(texts)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=300)


@needs_tesseract
def test_images_and_pdfs_are_read_with_page_numbers(archive, index_dir):
    (archive / "scans").mkdir()
    page(KK).save(archive / "scans/gazet.png")
    page(EN, 1).convert("RGB").save(archive / "scans/photo.jpg", quality=90)
    p1, p2 = page(RU, 2), page(EN, 3)
    p1.copy().save(archive / "scans/two.tif", save_all=True, append_images=[p2.copy()],
                   compression="tiff_deflate")
    scanned_pdf(archive / "scans/book.pdf", [KK, RU, EN])
    report = index_paths([archive], index_dir, jobs=2)
    assert not report.failed and report.added == 4
    assert report.ocr["pages"] == 1 + 1 + 2 + 3 and report.ocr["read"] == 7
    docs = stored_docs(index_dir)
    # Kazakh letters come through (Tesseract's Tatar model would give Latin gibberish).
    assert "Мұрағат қорында" in docs["scans/gazet.png"]["body"]
    assert "ескі газеттердің" in docs["scans/gazet.png"]["body"]
    assert docs["scans/gazet.png"]["year"] == 2019
    assert "manuscript catalogue" in docs["scans/photo.jpg"]["body"]
    assert "Читальный зал" in docs["scans/two.tif"]["body"]
    book = docs["scans/book.pdf"]
    assert len(book["pages"]) == 3
    assert book["body"].index("Мұрағат") < book["pages"][1] <= book["body"].index("Читальный")
    engine = SearchEngine(index_dir)
    try:
        hits = {h.id: h for h in engine.search(SearchRequest(q="рукописей")).hits}
        assert hits["scans/book.pdf"].page == 2 and hits["scans/two.tif"].page == 1
        assert engine.search(SearchRequest(q="newspaper")).hits[0].page in (3, 2, None)
        assert {h.id: h.page for h in engine.search(SearchRequest(q="catalogue")).hits}["scans/book.pdf"] == 3
    finally:
        engine.close()


@needs_tesseract
def test_pdf_with_text_pages_and_a_scanned_page(archive, index_dir):
    from pypdf import PdfReader, PdfWriter

    text_pdf = archive / "t.pdf"
    text_pdf.write_bytes(make_pdf(["Annual report of the reading room", "Visitors and new books"]))
    scanned_pdf(archive / "s.pdf", [RU])
    writer = PdfWriter()
    for src in (text_pdf, archive / "s.pdf"):
        for p in PdfReader(src).pages:
            writer.add_page(p)
    (archive / "lib").mkdir()
    with open(archive / "lib/mixed.pdf", "wb") as f:
        writer.write(f)
    text_pdf.unlink()
    (archive / "s.pdf").unlink()
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    doc = stored_docs(index_dir)["lib/mixed.pdf"]
    assert doc["body"].startswith("Annual report of the reading room")
    assert "Читальный зал" in doc["body"] and doc["pages"] == [0, doc["body"].index("Читальный")]
    assert report.ocr["pages"] == 1  # only the scanned page went through OCR


@needs_tesseract
def test_ocr_cache_by_content_and_unchanged_reruns(archive, index_dir, tmp_path):
    scanned_pdf(archive / "lib/book.pdf", [EN, RU])
    first = index_paths([archive], index_dir, jobs=2)
    assert first.ocr["read"] == 2 and first.ocr["cached"] == 0
    # Unchanged archive: the file is not even opened.
    again = index_paths([archive], index_dir, jobs=2)
    assert again.ocr is None and again.unchanged == 1 and not again.changed
    # The same content under another name, into another index: every page from the cache.
    shutil.copy(archive / "lib/book.pdf", archive / "lib/copy.pdf")
    other = index_paths([archive], tmp_path / "other-index", jobs=2)
    assert other.ocr["pages"] == 4 and other.ocr["cached"] == 4 and other.ocr["read"] == 0
    assert stored_docs(tmp_path / "other-index")["lib/copy.pdf"]["body"] == \
        stored_docs(index_dir)["lib/book.pdf"]["body"]


def test_without_tesseract_scans_need_ocr_and_are_read_once_it_is_there(archive, index_dir, monkeypatch):
    scanned_pdf(archive / "lib/scan.pdf", [EN])
    page(KK).save(archive / "lib/page.png")
    (archive / "lib/note.txt").write_text(RU, encoding="utf-8")
    monkeypatch.setenv("MURAGAT_OCR", "off")  # as if tesseract-ocr were not installed
    first = index_paths([archive], index_dir, jobs=1)
    assert not first.failed and first.added == 1
    pending = {f.path: f.reason for f in first.needs_ocr}
    assert set(pending) == {"lib/scan.pdf", "lib/page.png"}
    assert all("needs OCR: install tesseract-ocr" in r for r in pending.values())
    assert any(line.startswith("NEEDS OCR lib/scan.pdf") for line in first.summary_lines())
    records = {r["path"]: r for r in first.status_records()}  # what --report FILE writes
    assert {p for p, r in records.items() if r["status"] == "needs-ocr"} == set(pending)
    assert "needs OCR: install tesseract-ocr" in records["lib/scan.pdf"]["reason"]
    # An unchanged archive: no failure, nothing re-read, still said.
    second = index_paths([archive], index_dir, jobs=1)
    assert not second.failed and not second.changed
    assert {f.path for f in second.needs_ocr} == {"lib/scan.pdf", "lib/page.png"}
    if shutil.which("tesseract") is None:
        return
    monkeypatch.delenv("MURAGAT_OCR")
    third = index_paths([archive], index_dir, jobs=1)
    assert third.added == 2 and not third.needs_ocr and not third.failed
    assert "manuscript" in stored_docs(index_dir)["lib/scan.pdf"]["body"]


def test_images_without_text_or_too_small_give_no_document(archive, index_dir):
    from PIL import Image

    (archive / "img").mkdir()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(archive / "img/icon.png")
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed and report.added == 0 and not report.needs_ocr
