"""OCR benchmark: ``python -m bench.ocr [options of muragat eval ocr]``.

The same measurement as ``muragat eval ocr`` (CER per language on rendered, degraded pages;
MRR@10 of KazQAD and XQuAD-ru passages indexed from scanned PDFs vs as text; pages/s on
``--jobs`` processes and the OCR cache hit rate of a re-run), as a benchmark: table, and
``--json FILE``.
"""

from __future__ import annotations

import sys

from muragat.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", "ocr", *sys.argv[1:]]))
