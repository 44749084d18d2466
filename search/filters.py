"""Filters as precomputed document masks (cached per index generation).

A filter is a boolean array over document numbers built from the snapshot's
metadata arrays, so applying it to a search costs one ``&`` — no query clauses.
"""

from __future__ import annotations

import numpy as np
from muragat.search.models import SearchRequest
from muragat.search.query_parser import Filter
from muragat.store import Snapshot


def langs_mask(snap: Snapshot, langs: tuple[str, ...]) -> np.ndarray:
    """Documents having any of ``langs`` among their languages."""
    key = ("langs", tuple(sorted(set(langs))))

    def make() -> np.ndarray:
        meta = snap.meta
        bits = 0
        for code in key[1]:
            if code in meta.lang_codes:
                bits |= 1 << meta.lang_codes.index(code)
        return (meta.langs_mask & np.uint64(bits)) != 0

    return snap.cached_filter(key, make)


def year_mask(snap: Snapshot, year_from: int | None, year_to: int | None) -> np.ndarray:
    """Documents whose year lies in ``[year_from, year_to]`` (documents without a year excluded)."""
    key = ("year", year_from, year_to)

    def make() -> np.ndarray:
        year = snap.meta.year
        mask = year > 0
        if year_from is not None:
            mask &= year >= year_from
        if year_to is not None:
            mask &= year <= year_to
        return mask

    return snap.cached_filter(key, make)


def sources_mask(snap: Snapshot, sources: tuple[str, ...]) -> np.ndarray:
    """Documents from any of ``sources``."""
    key = ("source", tuple(sorted(set(sources))))

    def make() -> np.ndarray:
        meta = snap.meta
        codes = [meta.source_codes.index(s) for s in key[1] if s in meta.source_codes]
        return np.isin(meta.source, np.asarray(codes, dtype=np.int32))

    return snap.cached_filter(key, make)


def request_mask(snap: Snapshot, req: SearchRequest) -> np.ndarray | None:
    """The combined filter of a request, or ``None`` when it has none."""
    masks = []
    if req.langs:
        masks.append(langs_mask(snap, tuple(req.langs)))
    if req.year_from is not None or req.year_to is not None:
        masks.append(year_mask(snap, req.year_from, req.year_to))
    if req.sources:
        masks.append(sources_mask(snap, tuple(req.sources)))
    if not masks:
        return None
    out = masks[0].copy()
    for m in masks[1:]:
        out &= m
    return out


def query_filter_mask(snap: Snapshot, node: Filter) -> np.ndarray:
    """The mask of a ``lang:``/``year:``/``source:`` term written in the query."""
    if node.name == "lang":
        return langs_mask(snap, tuple(str(node.value).split(",")))
    if node.name == "year":
        lo, hi = node.value  # type: ignore[misc]
        return year_mask(snap, lo, hi)
    return sources_mask(snap, (str(node.value),))
