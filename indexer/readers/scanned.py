"""What the readers of paged and scanned files share: OCR of pages, page offsets."""

from __future__ import annotations

from muragat.indexer.readers.base import ReadContext, ReadError


def join_pages(texts: list[str]) -> tuple[str, list[int]]:
    """Page texts -> (body with pages separated by blank lines, start offset of each page).

    An empty page starts where the next page does (it holds nothing a hit could point at).
    """
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for text in texts:
        text = text.strip()
        if text and parts:
            pos += 2  # the blank line between pages
        starts.append(pos)
        if text:
            parts.append(text)
            pos += len(text)
    return "\n\n".join(parts), starts


def ocr_pages(ctx: ReadContext, kind: str, pages: list[int]) -> dict[int, str] | None:
    """The text of the scanned ``pages`` (indexes from 0) of the file: from the OCR cache,
    else read now. None when Tesseract is not installed."""
    from muragat.indexer.ocr import (
        OcrError,
        PageError,
        default_store,
        file_digest,
        find_engine,
        read_page,
    )

    engine = find_engine()
    if engine is None:
        return None
    if engine.missing:
        ctx.notes.append(f"OCR without the {'+'.join(engine.missing)} model(s): install "
                         + " ".join(f"tesseract-ocr-{m}" for m in engine.missing))
    store = default_store()
    try:
        key = store.key(file_digest(ctx.path), engine.signature)
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    out: dict[int, str] = {}
    for page in pages:
        try:
            out[page] = read_page(engine, store, key, kind, ctx.path, page)
        except (OcrError, PageError) as exc:
            raise ReadError(f"OCR of page {page + 1} failed: {exc}") from exc
    return out


def page_list(pages: list[int]) -> str:
    """``[0, 1, 2, 6]`` -> ``"1-3, 7"`` (page numbers from 1)."""
    out: list[str] = []
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append(f"{pages[i] + 1}" if i == j else f"{pages[i] + 1}-{pages[j] + 1}")
        i = j + 1
    return ", ".join(out)
