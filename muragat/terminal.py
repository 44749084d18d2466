"""Safe terminal output: text from archives printed without its control characters acting.

Document titles, snippets, ids and file names may hold escape sequences (``ESC ]0;…BEL``
sets the terminal title, ``ESC [2J`` clears the screen), C1 controls (U+009B is a CSI
on some terminals), bidi overrides that reorder what follows (U+202E), line separators
and lone surrogates (from undecodable file names). Printed raw they act on the
terminal; dropped, information is lost. So they are shown as visible escapes instead:
``\\x1b``, ``\\x9b``, ``\\u202e``, ``\\udcff`` (a backslash itself is left as it is).

``json_text`` does the same for JSON output and keeps it exact JSON: the characters that
``json.dumps(..., ensure_ascii=False)`` leaves raw (DEL, C1, bidi controls, line
separators, lone surrogates) become ``\\uXXXX`` escapes, which decode to the very same
strings.
"""

from __future__ import annotations

import json
import re
from typing import Any

# What json.dumps leaves raw inside strings and a terminal may act on: DEL and C1
# controls; bidi embeddings, overrides, isolates and marks; the Unicode line and
# paragraph separators; lone surrogates.
_UNSAFE_IN_JSON = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_UNSAFE_IN_JSON_RE = re.compile(f"[{_UNSAFE_IN_JSON}]")
# ... and the C0 controls (json.dumps escapes those in strings; its indentation is "\n").
_UNSAFE_RE = re.compile(f"[\x00-\x1f{_UNSAFE_IN_JSON}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` (any value, as ``str``) with every control, bidi or separator character
    shown as a visible escape: one line on a terminal, nothing acting on it."""
    return _UNSAFE_RE.sub(_escape, str(text))


def json_text(value: Any, indent: int | None = 2) -> str:
    """``value`` as JSON (UTF-8 text kept readable) with no character a terminal acts on."""
    raw = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)
