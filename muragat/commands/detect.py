"""``muragat detect``: one text per input line in, one language code per output line out."""

from __future__ import annotations

import argparse
import io
import sys


def register(subparsers) -> None:
    """Add the ``detect`` parser."""
    parser = subparsers.add_parser(
        "detect",
        help="print the language of each input line (kk, ru, en, another code, or other)",
        description="Reads texts from stdin, one per line; prints one language code per line, "
        "in order (an empty line gives 'other').",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Detect the language of every stdin line and print the codes."""
    from muragat.analysis.detect import detect

    # UTF-8 whatever the locale says (CI and cron jobs often run with LANG=C).
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    out = sys.stdout
    for line in stdin:
        out.write(detect(line.rstrip("\r\n")) + "\n")
    out.flush()
    return 0
