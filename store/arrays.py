"""Ascending arrays of document numbers: the two operations store/ and search/ both need.

Neither calls ``np.unique``, which on numpy 2.4 hashes before it sorts (about ten times
slower on such input) and imports ``numpy.ma`` on its first call (some 25 ms in a fresh
process: a first query paid for it).
"""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray, runs: bool = False) -> np.ndarray:
    """The distinct values of ``values``, ascending: ``values`` is ascending already, or,
    with ``runs``, a concatenation of ascending runs, which a stable sort (timsort) merges
    in one pass."""
    if runs:
        values = np.sort(values, kind="stable")
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The numbers in both ascending, repeat-free arrays: each of the shorter one looked up
    in the longer (``np.intersect1d`` sorts both, which costs more when one is long)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    pos = np.searchsorted(b, a)
    np.minimum(pos, len(b) - 1, out=pos)
    return a[b[pos] == a]
