"""The palette in muragat.css meets WCAG 2.1 contrast: 4.5:1 for text, 3:1 for the focus ring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from muragat import web

CSS = (Path(web.__file__).parent / "static" / "muragat.css").read_text(encoding="utf-8")
VARS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colors (#rrggbb or a CSS variable name)."""
    la, lb = sorted((_luminance(VARS.get(a, a)), _luminance(VARS.get(b, b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


TEXT_PAIRS = [
    ("ink", "paper"), ("ink", "sand"), ("muted", "paper"), ("muted", "sand"),
    ("link", "paper"), ("link-visited", "paper"), ("link", "sand"),
    ("#ffffff", "blue"), ("#dbe6f0", "blue"),  # header text and tagline
    ("#ffffff", "kk"), ("#ffffff", "ru"), ("#ffffff", "en"), ("#ffffff", "other"),  # badges
    ("#1d1a10", "gold"),  # search button
    ("ink", "mark"),  # highlighted words
    ("#7a1d12", "#fdecea"),  # error notice
    ("muted", "#e9e4d8"),  # footer
]


def test_palette_variables_are_found():
    assert {"ink", "paper", "blue", "link", "focus", "mark"} <= set(VARS)


@pytest.mark.parametrize("fg,bg", TEXT_PAIRS)
def test_text_contrast_is_at_least_4_5(fg, bg):
    assert contrast(fg, bg) >= 4.5, (fg, bg, round(contrast(fg, bg), 2))


@pytest.mark.parametrize("bg", ["paper", "sand"])
def test_focus_ring_is_visible(bg):
    assert contrast("focus", bg) >= 3.0


@pytest.mark.parametrize("fg,bg", [("gold", "blue"), ("#5b8fbd", "paper"), ("#6b7785", "paper")])
def test_graphics_and_borders_reach_3(fg, bg):
    """The header's focus ring, the year bars and the input borders (WCAG 1.4.11)."""
    assert contrast(fg, bg) >= 3.0, (fg, bg, round(contrast(fg, bg), 2))
