"""Set operations on document numbers agree with plain numpy in the sparse and dense regimes."""

from __future__ import annotations

import numpy as np
import pytest
from muragat.search import sets
from muragat.store.arrays import common, distinct


def _ids(rng, n, k):
    return np.unique(rng.integers(0, n, size=k)).astype(np.int64)


@pytest.mark.parametrize("k", [0, 1, 5, 300, 20_000])  # sparse, and dense (n / 16 = 625)
def test_operations(k):
    rng = np.random.default_rng(k)
    n = 10_000
    a, b, c = _ids(rng, n, k), _ids(rng, n, k // 2 + 1), _ids(rng, n, 3)
    assert sets.union([a, b, c], n).tolist() == np.union1d(np.union1d(a, b), c).tolist()
    assert sets.intersect(a, b, n).tolist() == np.intersect1d(a, b).tolist()
    assert sets.intersect(c, a, n).tolist() == np.intersect1d(c, a).tolist()
    q = _ids(rng, n, 400)
    assert sets.member(a, q).tolist() == np.isin(q, a).tolist()
    values = rng.random(len(a)).astype(np.float32)
    full = np.zeros(n, dtype=np.float32)
    full[a] = values
    assert sets.values_at(a, values, q, n).tolist() == full[q].tolist()
    target_ids = np.union1d(a, b)
    target = np.zeros(len(target_ids), dtype=np.float32)
    sets.max_into(target_ids, target, b, np.ones(len(b), dtype=np.float32), n)
    assert target.sum() == len(b)


@pytest.mark.parametrize("k", [0, 1, 7, 300, 20_000])
def test_select_count_and_distinct(k):
    rng = np.random.default_rng(100 + k)
    n = 10_000
    a, b, c = _ids(rng, n, k), _ids(rng, n, k // 3 + 1), _ids(rng, n, 9_000)
    for ids, within in ((a, b), (b, a), (a, c), (c, a), (a, a)):
        expected = np.flatnonzero(np.isin(ids, within))
        assert sets.select(ids, within, n).tolist() == expected.tolist()
    assert sets.count_distinct([a, b, c], n) == len(np.union1d(np.union1d(a, b), c))
    assert sets.count_distinct([a], n) == len(a)
    runs = np.concatenate([a, b, a])
    assert distinct(runs, runs=True).tolist() == np.unique(runs).tolist()
    assert distinct(np.sort(runs)).tolist() == np.unique(runs).tolist()
    assert common(a, c).tolist() == np.intersect1d(a, c).tolist()


@pytest.mark.parametrize("k, q", [(3, 5_000), (40, 9_000), (600, 700), (5_000, 100)])
def test_values_at_few_values_or_few_queries(k, q):
    rng = np.random.default_rng(k + q)
    n = 10_000
    ids, query = _ids(rng, n, k), _ids(rng, n, q)
    values = rng.random(len(ids)).astype(np.float32)
    full = np.zeros(n, dtype=np.float32)
    full[ids] = values
    assert sets.values_at(ids, values, query, n).tobytes() == full[query].tobytes()


@pytest.mark.parametrize("k", [1, 50, 3_000])
def test_sum_scores_equals_adding_each_part_in_turn(k):
    rng = np.random.default_rng(7 + k)
    n = 10_000
    parts = [(_ids(rng, n, k), None), (_ids(rng, n, k * 2), None), (_ids(rng, n, 5), None)]
    parts = [(i, rng.random(len(i)).astype(np.float32)) for i, _ in parts]
    ids = np.union1d(np.union1d(parts[0][0], parts[1][0]), parts[2][0])
    expected = np.zeros(len(ids), dtype=np.float32)
    for i, v in parts:
        full = np.zeros(n, dtype=np.float32)
        full[i] = v
        expected += full[ids]
    got_ids, got = sets.sum_scores(parts, n)
    assert got_ids.tolist() == ids.tolist() and got.tobytes() == expected.tobytes()
