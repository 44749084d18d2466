"""The sentence-window vectors of the semantic layer: published beside the document matrix,
read back by offsets, and the best window of any documents found as a brute force would."""

from __future__ import annotations

import json

import numpy as np
import pytest
from muragat.store.vectors import (
    CURRENT_FILE,
    VECTORS_DIR,
    enable_layer,
    open_vectors,
    window_starts,
    write_matrix,
)

DIM = 8


@pytest.fixture(autouse=True)
def layer_on(tmp_path):
    enable_layer(tmp_path, "m", DIM)


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    m = rng.normal(size=(n, DIM)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _published(tmp_path, counts):
    rng = np.random.default_rng(5)
    n = len(counts)
    matrix, windows = _unit(rng, n), _unit(rng, int(sum(counts)))
    write_matrix(tmp_path, 3, matrix, np.ones(n, dtype=bool), "m",
                 windows=(windows, window_starts(np.array(counts))))
    return matrix, windows.astype(np.float16).astype(np.float32)


def test_window_max_is_the_best_window_of_each_document(tmp_path):
    counts = [2, 0, 1, 5, 0, 3, 1]
    _matrix, windows = _published(tmp_path, counts)
    vecs = open_vectors(tmp_path, 3)
    assert vecs is not None and vecs.windows is not None
    q = _unit(np.random.default_rng(9), 1)[0]
    starts = np.concatenate([[0], np.cumsum(counts)])
    for docs in ([0, 1, 2, 3, 4, 5, 6], [6, 3, 1, 0], [1, 4], [5], []):
        docs = np.array(docs, dtype=np.int64)
        otherwise = np.full(len(docs), -7.0, dtype=np.float32)
        got = vecs.window_max(docs, q, otherwise)
        want = [max(windows[starts[d]:starts[d + 1]] @ q) if counts[d] else -7.0 for d in docs]
        np.testing.assert_allclose(got, np.array(want, dtype=np.float32), rtol=1e-5, atol=1e-6)


def test_a_layer_without_windows_falls_back_to_the_whole_cosine(tmp_path):
    write_matrix(tmp_path, 1, np.eye(3, DIM, dtype=np.float32), np.ones(3, dtype=bool), "m")
    vecs = open_vectors(tmp_path, 1)
    assert vecs is not None and vecs.windows is None
    whole = np.array([0.1, 0.2], dtype=np.float32)
    np.testing.assert_array_equal(vecs.window_max(np.array([0, 2]), np.ones(DIM), whole), whole)


def test_offsets_that_do_not_match_are_refused(tmp_path):
    with pytest.raises(ValueError):
        write_matrix(tmp_path, 1, np.zeros((3, DIM), np.float32), np.ones(3, dtype=bool), "m",
                     windows=(np.zeros((4, DIM), np.float32), window_starts(np.array([1, 1]))))
    _published(tmp_path, [1, 2])
    current = json.loads((tmp_path / VECTORS_DIR / CURRENT_FILE).read_text())
    np.save(tmp_path / VECTORS_DIR / current["wstarts"], np.array([0, 1, 9]))  # damaged
    assert open_vectors(tmp_path, 3) is None  # not a wrong answer: no layer until rebuilt


def test_older_window_files_are_removed_when_a_new_matrix_is_published(tmp_path):
    _published(tmp_path, [1, 2])
    _published(tmp_path, [2, 2])
    names = sorted(p.name for p in (tmp_path / VECTORS_DIR).iterdir() if p.suffix == ".npy")
    assert names == ["docs-3-2.npy", "has-3-2.npy", "win-3-2.npy", "wstart-3-2.npy"]
