"""Helpers shared by the benchmarks: a plain-text table, JSON output, peak memory."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any


def print_table(rows: list[dict[str, Any]], title: str) -> None:
    """Print ``rows`` (dicts with the same keys) as an aligned text table under ``title``."""
    print(title)
    if not rows:
        print("(no rows)")
        return
    cols = list(rows[0])
    cells = [[_fmt(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.rjust(w) if _numeric(v) else v.ljust(w)
                        for v, w in zip(row, widths, strict=True)))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON to ``path`` (``-`` for stdout)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    if str(path) == "-":
        sys.stdout.write(text + "\n")
        return
    Path(path).write_text(text + "\n", encoding="utf-8")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
