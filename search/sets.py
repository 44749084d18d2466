"""Set operations on ascending arrays of document numbers, by sorting or by a dense map.

Small arrays (a rare word's postings) are combined with sorted merges and binary searches,
which cost what the arrays hold. Large ones (a common word's postings over a million
documents) through a dense array of the index's size, which costs one pass over it but no
``log`` factor and no sort: above ``n / DENSE_SHARE`` elements in all, that is cheaper.
"""

from __future__ import annotations

import numpy as np
from muragat.store.arrays import distinct

DENSE_SHARE = 16  # dense when the arrays hold more than n / DENSE_SHARE elements in all
NO_IDS = np.zeros(0, dtype=np.int64)


def _dense(total: int, n: int) -> bool:
    return total * DENSE_SHARE > n


def union(arrays: list[np.ndarray], n: int) -> np.ndarray:
    """The ascending distinct numbers of several ascending arrays."""
    arrays = [a for a in arrays if len(a)]
    if not arrays:
        return NO_IDS
    if len(arrays) == 1:
        return arrays[0]
    if _dense(sum(len(a) for a in arrays), n):
        mark = np.zeros(n, dtype=bool)
        for a in arrays:
            mark[a] = True
        return np.flatnonzero(mark)
    return distinct(np.concatenate(arrays), runs=True)


def select(ids: np.ndarray, within: np.ndarray, n: int) -> np.ndarray:
    """The indices of the elements of the ascending ``ids`` that are in the ascending
    ``within`` (the cost follows the smaller of the two, or one pass in the dense regime)."""
    if not len(ids) or not len(within):
        return NO_IDS
    if _dense(len(ids) + len(within), n) and min(len(ids), len(within)) * 8 > max(
            len(ids), len(within)):
        mark = np.zeros(n, dtype=bool)
        mark[within] = True
        return np.flatnonzero(mark[ids])
    if len(within) < len(ids):
        pos = np.searchsorted(ids, within)
        np.minimum(pos, len(ids) - 1, out=pos)
        return pos[ids[pos] == within]
    return np.flatnonzero(member(within, ids))


def count_distinct(arrays: list[np.ndarray], n: int) -> int:
    """``len(union(arrays, n))``, without building the union in the dense regime."""
    arrays = [a for a in arrays if len(a)]
    if len(arrays) <= 1:
        return len(arrays[0]) if arrays else 0
    if _dense(sum(len(a) for a in arrays), n):
        mark = np.zeros(n, dtype=bool)
        for a in arrays:
            mark[a] = True
        return int(np.count_nonzero(mark))
    return len(union(arrays, n))


def sum_scores(parts: list[tuple[np.ndarray, np.ndarray]], n: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """The ascending union of the parts' ids (each ascending, without repeats) and, for each,
    the sum of the parts' float32 scores, added in the parts' order (a part that misses a
    number adds 0, which changes no bit: the same sums as adding ``values_at`` in turn). In the
    dense regime one array of the index's size takes every part, instead of a union first and
    a lookup of each part in it."""
    parts = [(i, v) for i, v in parts if len(i)]
    if not parts:
        return NO_IDS, np.zeros(0, dtype=np.float32)
    if len(parts) == 1:
        return parts[0][0], parts[0][1].astype(np.float32, copy=False)
    if not _dense(sum(len(i) for i, _v in parts), n):
        ids = union([i for i, _v in parts], n)
        score = np.zeros(len(ids), dtype=np.float32)
        for i, v in parts:
            score += values_at(i, v.astype(np.float32, copy=False), ids, n)
        return ids, score
    acc = np.zeros(n, dtype=np.float32)
    mark = np.zeros(n, dtype=bool)
    for i, v in parts:
        acc[i] += v
        mark[i] = True
    ids = np.flatnonzero(mark)
    return ids, acc[ids]


def intersect(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """The numbers in both ascending arrays (ascending)."""
    if not len(a) or not len(b):
        return NO_IDS
    if len(a) > len(b):
        a, b = b, a
    if _dense(len(b), n) and len(a) * 8 > len(b):
        mark = np.zeros(n, dtype=bool)
        mark[b] = True
        return a[mark[a]]
    return a[member(b, a)]


def member(ids: np.ndarray, query: np.ndarray) -> np.ndarray:
    """For each of ``query``, whether it is in the ascending array ``ids``."""
    if not len(ids):
        return np.zeros(len(query), dtype=bool)
    pos = np.searchsorted(ids, query)
    np.minimum(pos, len(ids) - 1, out=pos)
    return ids[pos] == query


def values_at(ids: np.ndarray, values: np.ndarray, query: np.ndarray, n: int) -> np.ndarray:
    """``values`` (aligned with the ascending ``ids``) at each of ``query`` (ascending,
    without repeats), 0 where a query number is not in ``ids``."""
    out = np.zeros(len(query), dtype=values.dtype)
    if not len(ids) or not len(query):
        return out
    if len(ids) * 8 < len(query):  # few values: each found in the (repeat-free) query
        pos = np.searchsorted(query, ids)
        np.minimum(pos, len(query) - 1, out=pos)
        hit = query[pos] == ids
        out[pos[hit]] = values[hit]
        return out
    if _dense(len(ids) + len(query), n):
        full = np.zeros(n, dtype=values.dtype)
        full[ids] = values
        return full[query]
    pos = np.searchsorted(ids, query)
    np.minimum(pos, len(ids) - 1, out=pos)
    hit = ids[pos] == query
    out[hit] = values[pos[hit]]
    return out


def max_into(target_ids: np.ndarray, target: np.ndarray, ids: np.ndarray, values: np.ndarray,
             n: int) -> None:
    """``target[i] = max(target[i], values[j])`` where ``target_ids[i] == ids[j]`` (``ids`` a
    subset of the ascending ``target_ids``; both without repeats)."""
    pos = np.searchsorted(target_ids, ids)
    target[pos] = np.maximum(target[pos], values)
