"""Derive ``analysis/lang/kk/data/hunspell_kk.tsv.gz`` from Debian's hunspell-kk word list.

    apt-get install hunspell-kk
    python -m tools.build_kk_wordlist [--dic /usr/share/hunspell/kk_KZ.dic] [--out PATH]

hunspell-kk is licensed GPL-2+ or LGPL-2.1+ or MPL-1.1+ (Debian's copyright file). Muragat takes
it under MPL-1.1: the derived list ships beside ``hunspell_kk.NOTICE.md`` (origin, licence,
what was changed) and ``hunspell_kk.MPL-1.1.txt`` (the licence text).

What the derivation does, and nothing more: every entry of ``kk_KZ.dic`` loses its affix flags
except one bit (the entry has a verb flag, M..Z: hunspell-kk's verbs, listed in -у); the word is
lowercased with ё spelled е; entries with a space are dropped; duplicates are merged (an entry
listed both ways counts as a verb); the result is sorted. The linguistic filtering (inflected
entries, verbs in -у turned into stems) stays in the lemmatizer, which applies it to this list
and to any system word list alike, so the output is the same with either.

The output is gzipped text, deterministic: the same ``.dic`` gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from muragat.analysis.lang.kk.lexicon import PACKAGED_WORDLIST, parse_dic_entries

SYSTEM_DIC = Path("/usr/share/hunspell/kk_KZ.dic")
CHANGELOG = Path("/usr/share/doc/hunspell-kk/changelog.Debian.gz")


def package_version() -> str:
    """The installed hunspell-kk version from its Debian changelog ("1.1-3"), or "unknown"."""
    try:
        with gzip.open(CHANGELOG, "rt", encoding="utf-8") as fh:
            first = fh.readline()
    except OSError:
        return "unknown"
    start, end = first.find("("), first.find(")")
    return first[start + 1:end] if 0 <= start < end else "unknown"


def build(dic: Path) -> list[str]:
    """The lines of the derived list (header comments, then ``word<TAB>n|v``, sorted)."""
    words: dict[str, bool] = {}
    for word, is_verb in parse_dic_entries(dic):
        words[word] = words.get(word, False) or is_verb
    header = [
        f"# Derived from hunspell-kk {package_version()} ({dic.name}); the Original Code is the",
        "# Kazakh dictionary for Hunspell by Akmaral Mussayeva et al. The contents of this file are",
        "# subject to the Mozilla Public License Version 1.1: see hunspell_kk.NOTICE.md and",
        "# hunspell_kk.MPL-1.1.txt beside this file. Made by tools/build_kk_wordlist.py:",
        "# word<TAB>v for entries with a verb flag, else n.",
    ]
    return header + [f"{w}\t{'v' if v else 'n'}" for w, v in sorted(words.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dic", type=Path, default=SYSTEM_DIC, help="hunspell-kk .dic file")
    parser.add_argument("--out", type=Path, default=PACKAGED_WORDLIST, help="output path")
    args = parser.parse_args(argv)
    if not args.dic.is_file():
        print(f"{args.dic} not found: apt-get install hunspell-kk", file=sys.stderr)
        return 2
    lines = build(args.dic)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    args.out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{args.out}: {sum(not ln.startswith('#') for ln in lines)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
