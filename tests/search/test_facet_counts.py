"""Facet counts agree with a plain per-document count, for any match set and filters."""

from __future__ import annotations

import numpy as np
from muragat.search.facets import facet_counts
from muragat.search.filters import langs_mask, sources_mask, year_mask


def _reference(snap, matched, lf, yf, sf):
    meta = snap.meta

    def docs(*masks):
        return [d for d in range(snap.n)
                if matched[d] and all(m is None or m[d] for m in masks)]

    langs: dict[str, int] = {}
    for d in docs(yf, sf):
        for i, code in enumerate(meta.lang_codes):
            if int(meta.langs_mask[d]) >> i & 1:
                langs[code] = langs.get(code, 0) + 1
    years: dict[str, int] = {}
    for d in docs(lf, sf):
        if meta.year[d] > 0:
            years[str(meta.year[d])] = years.get(str(meta.year[d]), 0) + 1
    sources: dict[str, int] = {}
    for d in docs(lf, yf):
        if meta.source[d] >= 0:
            code = meta.source_codes[meta.source[d]]
            sources[code] = sources.get(code, 0) + 1
    return {
        "lang": dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "year": dict(sorted(years.items(), key=lambda kv: int(kv[0]), reverse=True)),
        "source": dict(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def test_facet_counts_match_a_plain_count(engine):
    snap = engine._snapshot()
    rng = np.random.default_rng(3)
    filter_sets = [
        (None, None, None),
        (langs_mask(snap, ("ru",)), None, None),
        (None, year_mask(snap, 2019, 2021), sources_mask(snap, ("ertis",))),
        (langs_mask(snap, ("kk", "en")), year_mask(snap, 2020, None), None),
    ]
    seen_multilingual = False
    for share in (0.0, 0.3, 0.7, 1.0):
        matched = rng.random(snap.n) < share
        for lf, yf, sf in filter_sets:
            got = facet_counts(snap, np.flatnonzero(matched), lf, yf, sf)
            want = _reference(snap, matched, lf, yf, sf)
            assert got == want
            assert [list(v) for v in got.values()] == [list(v) for v in want.values()]  # order
            seen_multilingual |= sum(got["lang"].values()) > int(matched.sum())
    assert seen_multilingual  # a document with several languages counts for each
