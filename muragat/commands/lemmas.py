"""``muragat lemmas --lang {ru,kk,en}``: the index terms of words read from stdin.

One word per input line; one output line per input line: the word's index terms,
space-separated, best guess first (an empty line when the word yields no term).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator


def register(subparsers) -> None:
    """Add the ``lemmas`` parser."""
    parser = subparsers.add_parser(
        "lemmas", help="print the index terms (lemmas) of words read one per line from stdin")
    parser.add_argument("--lang", required=True, choices=("ru", "kk", "en"),
                        help="language of the words")
    parser.set_defaults(func=run)


def lemma_lines(lines: Iterable[str], lang: str) -> Iterator[str]:
    """The output line (terms, space-separated) for each input line."""
    from muragat.analysis.lang import word_terms

    for line in lines:
        word = line.strip()
        yield " ".join(word_terms(word, lang)) if word else ""


def run(args: argparse.Namespace) -> int:
    """Read words from stdin and print their terms, one line each."""
    out = sys.stdout
    interactive = sys.stdin.isatty()
    for line in lemma_lines(sys.stdin, args.lang):
        out.write(line + "\n")
        if interactive:
            out.flush()
    return 0
