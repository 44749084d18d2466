"""K-fold splits of the evaluation data by the data's own blocks, never by single items.

* Language-ID items (``langid_dev.tsv``): a word and a word pair taken from a sentence stay
  with that sentence. The block of an item is its ``source`` without the ``:wN``/``:wpN``
  suffix (a sentence or paragraph of the source corpus); blocks are dealt to folds by a hash
  of the block name, so the split does not depend on the file's order.
* CoNLL-U gold: the shared halves keep every other block of five consecutive sentences of
  the source treebank (SOURCES.md), so sentence ``i`` of a shared file belongs to block
  ``i // 5``; the blocks are dealt to the folds in turn (``block % K``), which interleaves
  them as the held-out half is interleaved with the shared one.
"""

from __future__ import annotations

import hashlib
import re

SENTENCE_BLOCK = 5
_WORD_SUFFIX_RE = re.compile(r":wp?\d+$")


def langid_block(source: str) -> str:
    """The sentence or paragraph a language-ID item was taken from (its source id)."""
    return _WORD_SUFFIX_RE.sub("", source)


def hashed_fold(block: str, folds: int) -> int:
    """The fold (0..folds-1) of a named block: a hash of its name."""
    return int(hashlib.md5(block.encode("utf-8")).hexdigest(), 16) % folds


def sentence_fold(index: int, folds: int) -> int:
    """The fold of the ``index``-th sentence (from 0) of a shared CoNLL-U file."""
    return (index // SENTENCE_BLOCK) % folds


def check_folds(folds: int) -> None:
    """Raise ValueError unless ``folds`` is a usable number of folds (2 or more)."""
    if folds < 2:
        raise ValueError(f"--folds needs 2 or more folds, not {folds}")
