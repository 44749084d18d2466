"""The numpy posting readers agree with Whoosh's own matchers."""

from __future__ import annotations

import numpy as np
from muragat.store.postings import read_field_lengths, read_positions, read_postings


def _reference(leaf, field, term):
    m = leaf.postings(field, term)
    ids, weights, positions = [], [], {}
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        positions[m.id()] = list(m.value_as("positions"))
        m.next()
    return ids, weights, positions


def test_postings_and_positions_match_whoosh(engine):
    snap = engine._snapshot()
    checked = 0
    for field in ("exact", "body_kk", "body_ru", "body_en"):
        for term in snap.field_terms(field):
            for leaf, _base in snap.leaves:
                ids, weights, positions = _reference(leaf, field, term)
                got_ids, got_w = read_postings(leaf, field, term)
                assert got_ids.tolist() == ids and np.allclose(got_w, weights)
                docs = np.arange(leaf.doc_count_all(), dtype=np.int64)
                assert read_positions(leaf, field, term, docs) == positions
                checked += 1
    assert checked > 100


def test_field_lengths_match_whoosh(engine):
    snap = engine._snapshot()
    for leaf, _base in snap.leaves:
        lengths = read_field_lengths(leaf, "exact")
        ref = [leaf.doc_field_length(d, "exact") or 0 for d in range(leaf.doc_count_all())]
        assert lengths.tolist() == ref
