"""Kazakh typed with Russian letters: a byte n-gram profile learned from Kazakh text.

Kazakh is often typed on a Russian keyboard, with к for қ, н for ң, у for ұ and ү, и for
і (``alphabets.KAZAKH_TO_RUSSIAN``). py3langid's Kazakh profile was learned from text with
Kazakh letters, so such text looks Kyrgyz or Tatar to it. This module adds one column to
py3langid's table: the log probability of each of its byte n-gram features in Kazakh news
sentences retyped that way (KazNERD, CC BY 4.0; the notice is ``data/NOTICE.md``), with
the same add-one smoothing as py3langid's own columns (trained on a Kazakh half, this
gives the same scores as its Kazakh column on the other half, -628.9 against -628.6 a
sentence on average). The detector reads a text in Russian letters only as Kazakh with the
better of the two Kazakh columns (``decide``).

The column is shipped as ``data/kk_russian_letters.npz`` (float16, like py3langid's table)
and rebuilt by ``python -m muragat.analysis.langid.russian_letters KAZNERD_JSONL_GZ``
from the training half of the sentences (``is_training_sentence``; the language-ID
evaluation's guard items come from the other half). It is tied to py3langid's feature set:
the file records the version and the number of features, and a mismatch drops the column
with a warning rather than scoring garbage.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from muragat.analysis.alphabets import KAZAKH_TO_RUSSIAN

log = logging.getLogger(__name__)

PROFILE_PATH = Path(__file__).with_name("data") / "kk_russian_letters.npz"


def py3langid_version() -> str:
    from importlib.metadata import version

    return version("py3langid")


def retype(text: str) -> str:
    """``text`` as typed on a Russian keyboard: lowercase, Kazakh letters folded."""
    return text.lower().translate(KAZAKH_TO_RUSSIAN)


def is_training_sentence(doc_id: str) -> bool:
    """True for the half of the KazNERD sentences the profile is learned from (by a hash
    of the id; the other half is left for the evaluation's guard items)."""
    return int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 2 == 0


def train(texts: Iterable[str], identifier) -> np.ndarray:
    """Log probabilities (float32, one per feature of ``identifier``) of ``texts`` retyped
    with Russian letters: summed feature counts with add-one smoothing."""
    from py3langid.langid import visit_counts

    nfeatures = identifier.nb_ptc.shape[0]
    counts = np.zeros(nfeatures, dtype=np.float64)
    for text in texts:
        visits = visit_counts(identifier.tk_nextmove, identifier._rowbase,
                              identifier.tk_output, identifier._encode(retype(text)))
        if visits:
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts[idx] += np.fromiter(visits.values(), dtype=np.float64, count=len(visits))
    return (np.log(counts + 1.0) - np.log(counts.sum() + nfeatures)).astype(np.float32)


@lru_cache(maxsize=1)
def load(nfeatures: int) -> np.ndarray | None:
    """The shipped column (float16), or None (with a warning) when it is missing or was
    learned for another py3langid feature set than the installed one's ``nfeatures``."""
    try:
        with np.load(PROFILE_PATH, allow_pickle=False) as data:
            column = data["log_probs"]
            made_for = str(data["py3langid"])
    except (OSError, KeyError, ValueError) as exc:
        log.warning("no profile of Kazakh typed with Russian letters (%s): %s", PROFILE_PATH, exc)
        return None
    if column.shape != (nfeatures,) or made_for != py3langid_version():
        log.warning("the profile of Kazakh typed with Russian letters was learned for py3langid "
                    "%s (%d features), not %s (%d): rebuild it (%s)", made_for, column.shape[0],
                    py3langid_version(), nfeatures, __name__)
        return None
    return column


def read_sentences(path: Path) -> list[tuple[str, str]]:
    """(doc_id, text) of each line of a JSON Lines file, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [(doc["doc_id"], doc["text"]) for doc in map(json.loads, filter(str.strip, fh))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m muragat.analysis.langid.russian_letters",
        description="Learn the profile of Kazakh typed with Russian letters from KazNERD "
                    "sentences (multilingual_docs/kk_kaznerd_news_sentences.jsonl.gz).")
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--out", type=Path, default=PROFILE_PATH)
    args = parser.parse_args(argv)
    from muragat.analysis.langid import model

    try:
        sentences = read_sentences(args.sentences)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read {args.sentences} as KazNERD JSON Lines (doc_id, text): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    texts = [text for doc_id, text in sentences if is_training_sentence(doc_id)]
    if not texts:
        print(f"no sentences in {args.sentences}", file=sys.stderr)
        return 2
    column = train(texts, model.base_identifier())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial.npz")
    np.savez_compressed(partial, log_probs=column.astype(np.float16),
                        py3langid=np.str_(py3langid_version()))
    os.replace(partial, args.out)  # a failed run leaves the previous file as it was
    print(f"{len(texts)} sentences ({sum(map(len, texts)):,} characters) -> {args.out} "
          f"({column.shape[0]:,} features, py3langid {py3langid_version()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
