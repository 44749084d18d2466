"""The Russian keyboard layout (ЙЦУКЕН), key by key: what each key of the US layout types."""

from __future__ import annotations

_US = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
_RU = "ёйцукенгшщзхъфывапролджэячсмитьбю."

KEYBOARD: dict[str, str] = dict(zip(_US, _RU, strict=True))
