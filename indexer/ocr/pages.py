"""Page images for OCR: the frames of an image file, the scanned pages of a PDF, and the
clean-up every page gets before Tesseract reads it.

Which PDF pages are scanned: a page whose text layer holds fewer than ``MIN_TEXT_CHARS``
characters (pdfium's count, fast) and that shows at least one image. Such a page is
rendered at ``PDF_DPI``. Clean-up: gray, small images enlarged, then a 3x3 median filter
that removes scanner speckles (without it Tesseract reads them as stray punctuation:
CER 5-7 % rather than under 1 % on the pages of ``python -m bench.ocr``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

IMAGE_KINDS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PDF_DPI = 300
MIN_TEXT_CHARS = 16  # a page number or a stamp is not a text layer
MIN_SIDE_PX = 200  # smaller images (icons, thumbnails) hold no page to read
MAX_PIXELS = 45_000_000  # larger pages are scaled down before OCR (an A4 page at 300 dpi: 8.7M)


class PageError(Exception):
    """A page image that cannot be opened or rendered (the message says why)."""


def prepare(image):
    """``image`` as Tesseract reads it best: gray, at least ~1,600 px tall, speckles removed."""
    from PIL import Image, ImageFilter

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode == "I;16" or image.mode == "I":
        image = image.point(lambda v: v / 256)
    gray = image.convert("L")
    w, h = gray.size
    if w * h > MAX_PIXELS:
        scale = (MAX_PIXELS / (w * h)) ** 0.5
        gray = gray.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.LANCZOS)
    elif max(w, h) < 1600:
        factor = 2 if max(w, h) >= 800 else 3
        gray = gray.resize((w * factor, h * factor), Image.LANCZOS)
    return gray.filter(ImageFilter.MedianFilter(3))


def _open_image(path: Path, load: bool = True):
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(path)
        if load:
            img.load()
        return img
    except Image.DecompressionBombError as exc:
        raise PageError(f"image too large: {exc}") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise PageError(f"unreadable image: {exc}") from exc


def image_page_count(path: Path) -> int:
    """Pages (frames) of an image file; 0 when it is too small to hold a page of text."""
    img = _open_image(path, load=False)
    if min(img.size) < MIN_SIDE_PX:
        return 0
    return max(1, getattr(img, "n_frames", 1))


def image_page(path: Path, index: int):
    """Frame ``index`` (from 0) of an image file (multi-page TIFF)."""
    img = _open_image(path, load=False)
    try:
        img.seek(index)
        frame = img.copy()
    except (EOFError, OSError, ValueError) as exc:
        raise PageError(f"unreadable page {index + 1}: {exc}") from exc
    return frame


def _pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise PageError(f"unreadable PDF: {exc}") from exc


def _page_is_scanned(page) -> bool:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    if len("".join(text.split())) >= MIN_TEXT_CHARS:
        return False
    return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3))


def scanned_pdf_pages(path: Path) -> tuple[int, list[int]]:
    """``(page count, indexes of the scanned pages)`` of a PDF (indexes from 0)."""
    doc = _pdf(path)
    try:
        scanned = []
        n = len(doc)
        for i in range(n):
            page = doc[i]
            try:
                if _page_is_scanned(page):
                    scanned.append(i)
            finally:
                page.close()
        return n, scanned
    except PageError:
        raise
    except Exception as exc:  # pdfium raises its own errors on damaged files
        raise PageError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        doc.close()


def pdf_page(path: Path, index: int, dpi: int = PDF_DPI):
    """Page ``index`` (from 0) of a PDF rendered as a gray PIL image."""
    doc = _pdf(path)
    try:
        page = doc[index]
        try:
            w, h = page.get_size()  # points
            scale = dpi / 72
            if w * h * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (w * h)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()
    except Exception as exc:  # pdfium raises its own errors on damaged pages
        raise PageError(f"page {index + 1} cannot be rendered: {type(exc).__name__}: {exc}") from exc
    finally:
        doc.close()


def iter_image_pages(path: Path) -> Iterator[object]:
    """Every frame of an image file, in order."""
    for i in range(image_page_count(path)):
        yield image_page(path, i)
