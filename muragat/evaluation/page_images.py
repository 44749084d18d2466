"""Scanned-looking page images rendered from text (OCR evaluation and tests).

A page is typeset with a Debian font (DejaVu or Liberation, whichever is installed), then
degraded the way a scan is: a slight rotation, a blur, speckle noise and uneven gray.
Everything is seeded, so a page renders the same way on every run. Nothing rendered here is
stored in the repository: evaluations render their pages at run time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype", "/usr/local/share/fonts")
# Serif and sans faces with Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і).
FONT_FILES = (
    "dejavu/DejaVuSerif.ttf",
    "liberation2/LiberationSerif-Regular.ttf",
    "liberation/LiberationSerif-Regular.ttf",
    "dejavu/DejaVuSans.ttf",
    "liberation2/LiberationSans-Regular.ttf",
)


class NoFont(RuntimeError):
    """No usable TrueType font with Cyrillic is installed."""


def find_fonts() -> list[Path]:
    """The Debian fonts pages can be set in (``fonts-dejavu-core``, ``fonts-liberation2``)."""
    out = []
    for name in FONT_FILES:
        for base in FONT_DIRS:
            path = Path(base) / name
            if path.is_file():
                out.append(path)
                break
    return out


@dataclass(frozen=True)
class PageStyle:
    """How a page is typeset and degraded."""

    dpi: int = 300
    width_in: float = 8.27  # A4
    height_in: float = 11.69
    margin_in: float = 0.9
    font_pt: float = 11.0
    line_spacing: float = 1.35
    rotate_deg: float = 0.7  # the sign is chosen per page
    blur: float = 0.8  # Gaussian radius in pixels
    noise: float = 0.012  # share of pixels flipped to speckle
    gray: int = 18  # amplitude of uneven paper gray


def missing_letters(face, text: str) -> set[str]:
    """The characters of ``text`` that ``face`` has no glyph for (Liberation lacks ә қ ң ...)."""
    def shape(ch: str) -> bytes:
        mask = face.getmask(ch)
        return repr(mask.size).encode() + bytes(mask.getpixel((x, y)) for y in range(mask.size[1])
                                                for x in range(mask.size[0]))

    notdef = shape("\ufffe")  # the box a font draws for a character it lacks
    return {ch for ch in set(text) if not ch.isspace() and shape(ch) == notdef}


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            trial = f"{line} {word}"
            if draw.textlength(trial, font=font) <= width:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def render_pages(text: str, *, seed: int = 0, style: PageStyle | None = None,
                 font: Path | None = None, degrade: bool = True,
                 fit: bool = False) -> list[tuple[object, str]]:
    """``text`` typeset on as many pages as it needs: ``[(PIL image, text on that page)]``.

    The text on a page is its lines joined by newlines (what a perfect OCR would read).
    ``fit``: a page no taller than its text needs (a clipping, a card), not a whole A4 sheet.
    """
    from PIL import Image, ImageDraw, ImageFont

    style = style or PageStyle()
    rng = random.Random(seed)
    size = round(style.font_pt * style.dpi / 72)
    faces = [ImageFont.truetype(str(p), size=size) for p in ([font] if font else find_fonts())]
    if not faces:
        raise NoFont("no TrueType font found: apt-get install fonts-dejavu-core")
    # The faces with every letter (else the fewest gaps); letters none has are left out
    # (a Chinese name in a Kazakh passage), so the page's text is what the page shows.
    gaps = [missing_letters(f, text) for f in faces]
    fewest = min(len(g) for g in gaps)
    choice = [i for i, g in enumerate(gaps) if len(g) == fewest]
    face = faces[choice[seed % len(choice)]]
    if gaps[choice[seed % len(choice)]]:
        text = "".join(ch for ch in text if ch not in gaps[choice[seed % len(choice)]])
    w, h = round(style.width_in * style.dpi), round(style.height_in * style.dpi)
    margin = round(style.margin_in * style.dpi)
    probe = ImageDraw.Draw(Image.new("L", (10, 10)))
    lines = _wrap(probe, text, face, w - 2 * margin)
    step = round(style.font_pt * style.dpi / 72 * style.line_spacing)
    per_page = max(1, (h - 2 * margin) // step)
    pages: list[tuple[object, str]] = []
    for start in range(0, max(len(lines), 1), per_page):
        chunk = lines[start:start + per_page]
        page_h = min(h, 2 * margin + len(chunk) * step + step) if fit else h
        img = Image.new("L", (w, page_h), 255)
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(chunk):
            draw.text((margin, margin + i * step), line, font=face, fill=0)
        if degrade:
            img = degrade_page(img, rng, style)
        pages.append((img, "\n".join(chunk).strip()))
    return pages


def degrade_page(img, rng: random.Random, style: PageStyle):
    """A clean page made to look scanned: rotated, blurred, uneven gray, speckles."""
    from PIL import Image, ImageFilter

    angle = style.rotate_deg * rng.choice((-1, 1)) * rng.uniform(0.6, 1.0)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    w, h = img.size
    if style.gray:
        # Paper gray: a coarse random field, smoothed, added to the page.
        field = Image.effect_noise((max(1, w // 64), max(1, h // 64)), 40).resize((w, h), Image.BILINEAR)
        img = Image.blend(img, Image.eval(field, lambda v: 255 - style.gray * (v % 100) // 100), 0.25)
    if style.noise:
        import numpy as np

        arr = np.array(img)
        gen = np.random.default_rng(rng.randrange(1 << 32))
        n = int(w * h * style.noise / 8)
        xs, ys = gen.integers(0, w - 1, n), gen.integers(0, h - 1, n)
        values = gen.choice(np.array([0, 90, 200, 255], dtype=np.uint8), n)
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):  # 2x2 specks
            arr[ys + dy, xs + dx] = values
        img = Image.fromarray(arr)
    return img
