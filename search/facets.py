"""Facet counts (language, year, source) over the whole result set, with numpy.

Counting is a handful of vectorized operations on the snapshot's per-document
arrays (``bincount`` and bit tests), so its cost does not grow with a Python loop
over hits. Each facet is counted with the *other* facets' filters applied but not
its own (multi-select facets: with ``lang=kk`` chosen the language facet still
shows how many Russian results there would be).
"""

from __future__ import annotations

import numpy as np
from muragat.store import Snapshot


def lang_counts(snap: Snapshot, mask: np.ndarray) -> dict[str, int]:
    """Documents per language (a document with two languages counts for both); ``mask`` is a
    boolean mask or an array of document numbers, as in the other counts."""
    meta = snap.meta
    per_combo = np.bincount(meta.langs_combo[mask], minlength=len(meta.langs_combos))
    out: dict[str, int] = {}
    for ci in np.flatnonzero(per_combo).tolist():
        bits = int(meta.langs_combos[ci])
        for i, code in enumerate(meta.lang_codes):
            if bits >> i & 1:
                out[code] = out.get(code, 0) + int(per_combo[ci])
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def year_counts(snap: Snapshot, mask: np.ndarray) -> dict[str, int]:
    """Documents per year, newest first (documents without a year are not counted)."""
    years = snap.meta.year[mask]
    years = years[years > 0]
    if not len(years):
        return {}
    lo = int(years.min())
    counts = np.bincount(years - lo)
    nz = np.flatnonzero(counts)
    return {str(lo + int(i)): int(counts[i]) for i in nz[::-1]}


def source_counts(snap: Snapshot, mask: np.ndarray) -> dict[str, int]:
    """Documents per source, largest first."""
    meta = snap.meta
    src = meta.source[mask]
    src = src[src >= 0]
    if not len(src):
        return {}
    counts = np.bincount(src, minlength=len(meta.source_codes))
    nz = np.flatnonzero(counts)
    pairs = sorted(((meta.source_codes[i], int(counts[i])) for i in nz), key=lambda kv: (-kv[1], kv[0]))
    return dict(pairs)


def facet_counts(
    snap: Snapshot,
    matched: np.ndarray,
    lang_filter: np.ndarray | None,
    year_filter: np.ndarray | None,
    source_filter: np.ndarray | None,
) -> dict[str, dict[str, int]]:
    """Counts of each facet: query matches (ascending document numbers) under every filter
    except the facet's own."""
    chosen: dict[tuple[int, ...], np.ndarray] = {}

    def under(*masks: np.ndarray | None) -> np.ndarray:
        """The matching document numbers under ``masks`` (computed once per distinct set:
        without filters the three facets share one)."""
        present = tuple(m for m in masks if m is not None)
        key = tuple(id(m) for m in present)
        docs = chosen.get(key)
        if docs is None:
            docs = matched
            for m in present:
                docs = docs[m[docs]]
            chosen[key] = docs
        return docs

    return {
        "lang": lang_counts(snap, under(year_filter, source_filter)),
        "year": year_counts(snap, under(lang_filter, source_filter)),
        "source": source_counts(snap, under(lang_filter, year_filter)),
    }
