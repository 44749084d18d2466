"""The Kazakh keyboard layout (Windows): the Russian layout with the Kazakh letters on the
number row (2 ә, 3 і, 4 ң, 5 ғ, 8 ү, 9 ұ, 0 қ, - ө, = һ)."""

from __future__ import annotations

from muragat.analysis.lang.ru.keyboard import KEYBOARD as RUSSIAN_KEYBOARD

KEYBOARD: dict[str, str] = RUSSIAN_KEYBOARD | {
    "2": "ә", "3": "і", "4": "ң", "5": "ғ", "8": "ү", "9": "ұ", "0": "қ", "-": "ө", "=": "һ"}
