"""Fusion of the lexical and semantic rankings (search.fusion), on rankings written here."""

from __future__ import annotations

import numpy as np
import pytest
from muragat.search import fusion
from muragat.search.fusion import FusionParams

RRF = FusionParams("rrf", k=60.0, weight=1.0, depth=100, floor=0.8, margin=0.06)


def ids(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_rrf_document_ranked_by_both_beats_one_ranked_by_one():
    # lexical: 7, 3, 9; semantic: 3, 5 -> 3 is second and first: it leads.
    out, scores = fusion.fuse(ids(7, 3, 9), np.array([3.0, 2.0, 1.0]), ids(5, 3),
                              np.array([0.90, 0.95]), RRF)
    assert out[0] == 3
    assert set(out.tolist()) == {3, 5, 7, 9}
    assert np.all(np.diff(scores) <= 0)
    expected_3 = 1 / (60 + 2) + 1 / (60 + 1)
    assert scores[0] == pytest.approx(expected_3)


def test_rrf_uses_ranks_not_score_scales():
    a = fusion.fuse(ids(1, 2), np.array([1000.0, 1.0]), ids(2, 1), np.array([0.9, 0.1]), RRF)
    b = fusion.fuse(ids(1, 2), np.array([2.0, 1.9]), ids(2, 1), np.array([0.99, 0.98]), RRF)
    assert a[0].tolist() == b[0].tolist()
    np.testing.assert_allclose(a[1], b[1])


def test_rrf_weight_tips_the_balance_to_the_semantic_ranker():
    lex, sem = ids(1, 2), ids(2, 1)
    heavy = FusionParams("rrf", k=1.0, weight=3.0)
    light = FusionParams("rrf", k=1.0, weight=0.3)
    assert fusion.fuse(lex, np.ones(2), sem, np.array([0.9, 0.8]), heavy)[0][0] == 2
    assert fusion.fuse(lex, np.ones(2), sem, np.array([0.9, 0.8]), light)[0][0] == 1


def test_ties_go_to_the_lower_document_number():
    # each document is first in one ranker: equal RRF scores
    out, scores = fusion.fuse(ids(8), np.ones(1), ids(4), np.array([0.9]), RRF)
    assert out.tolist() == [4, 8] and scores[0] == scores[1]


def test_linear_normalizes_each_ranker():
    p = FusionParams("linear", weight=0.5, floor=0.5)
    out, scores = fusion.fuse(ids(1, 2), np.array([10.0, 5.0]), ids(2, 3),
                              np.array([0.9, 0.7]), p)
    # 1: 0.5*1 = 0.5; 2: 0.5*0.5 + 0.5*1 = 0.75; 3: 0.5*(0.2/0.4) = 0.25
    assert out.tolist() == [2, 1, 3]
    np.testing.assert_allclose(scores, [0.75, 0.5, 0.25])


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError, match="unknown fusion method"):
        fusion.fuse(ids(1), np.ones(1), ids(1), np.ones(1), FusionParams("max"))


def test_depth_limits_what_each_ranker_contributes():
    p = FusionParams("rrf", depth=2)
    out, _ = fusion.fuse(ids(1, 2, 3), np.ones(3), ids(7, 8, 9), np.array([0.9, 0.8, 0.7]), p)
    assert set(out.tolist()) == {1, 2, 7, 8}


def test_combine_keeps_deeper_lexical_results_after_the_fused_head():
    p = FusionParams("rrf", depth=2)
    lex = ids(10, 11, 12, 13)
    out, scores = fusion.combine(lex, np.array([4.0, 3.0, 2.0, 1.0]), ids(20),
                                 np.array([0.95]), p)
    assert set(out[:3].tolist()) == {10, 11, 20}
    assert out[3:].tolist() == [12, 13]  # in lexical order, below every fused one
    assert np.all(np.diff(scores) <= 0) and scores[3] < scores[2]


def test_combine_does_not_repeat_a_document():
    p = FusionParams("rrf", depth=1)
    out, _ = fusion.combine(ids(1, 2, 3), np.ones(3), ids(3, 2), np.array([0.9, 0.85]), p)
    assert sorted(out.tolist()) == [1, 2, 3]


def test_without_semantic_candidates_the_lexical_order_stays():
    lex = ids(5, 2, 9, 1)
    out, _ = fusion.combine(lex, np.array([4.0, 3.0, 2.0, 1.0]), ids(), np.array([]), RRF)
    assert out.tolist() == lex.tolist()


def test_ranked_orders_by_score_then_id_and_cuts():
    got, s = fusion.ranked(ids(4, 1, 3, 2), np.array([0.5, 0.9, 0.5, 0.1]), 3)
    assert got.tolist() == [1, 3, 4] and s.tolist() == [0.9, 0.5, 0.5]


def test_semantic_candidates_respect_the_allowed_mask():
    sims = np.array([0.9, 0.99, 0.5, 0.8], dtype=np.float32)
    allowed = np.array([True, False, True, True])
    got, s = fusion.semantic_candidates(sims, allowed, 2)
    assert got.tolist() == [0, 3]


def test_the_best_sentence_window_lifts_a_document_within_the_pool():
    # whole cosines: 0 best; 2 third as a whole, but one of its windows is very close
    sims = np.array([0.90, 0.85, 0.80, 0.20, 0.10], dtype=np.float32)
    windows = np.array([0.88, 0.80, 0.99, 0.99, 0.99], dtype=np.float32)
    allowed = np.ones(5, dtype=bool)
    asked: list[list[int]] = []

    def window_max(docs, whole):
        asked.append(docs.tolist())
        assert np.allclose(whole, sims[docs])
        return windows[docs]

    got, s = fusion.semantic_candidates(sims, allowed, 2, window_max, windows=0.5)
    assert got.tolist() == [2, 0]  # 0.895 beats 0.89
    assert s.tolist() == pytest.approx([0.895, 0.89])
    # only the pool (WINDOW_POOL x depth, best as a whole) is re-scored: 3 and 4 never ask
    assert asked == [[0, 1, 2, 3][: fusion.WINDOW_POOL * 2]]
    # without the weight, or without windows, the whole cosines alone
    assert fusion.semantic_candidates(sims, allowed, 2, window_max, 0.0)[0].tolist() == [0, 1]
    assert fusion.semantic_candidates(sims, allowed, 2, None, 0.5)[0].tolist() == [0, 1]


def test_admitted_needs_floor_and_margin_unless_lexical_ranks_it_too():
    p = FusionParams(floor=0.8, margin=0.05)
    sem = ids(1, 2, 3, 4)
    sims = np.array([0.90, 0.87, 0.84, 0.70])
    got = fusion.admitted(sem, sims, lex_top=ids(4), params=p)
    # 1, 2 close to the best; 3 below the margin; 4 below the floor but ranked lexically
    assert got.tolist() == [True, True, False, True]
    assert fusion.admitted(ids(), np.array([]), ids(1), p).tolist() == []


def test_coverage_raises_the_semantic_weight_up_to_one():
    p = FusionParams("linear", weight=0.6, boost=0.6)
    assert p.semantic_weight(1.0) == pytest.approx(0.6)
    assert p.semantic_weight(0.5) == pytest.approx(0.9)
    assert p.semantic_weight(0.0) == 1.0
    assert FusionParams("rrf", weight=1.0, boost=1.0).semantic_weight(0.0) == 2.0
    assert fusion.coverage_of({"кітап": True, "zzz": False}) == 0.5
    assert fusion.coverage_of({}) == 1.0


def test_a_query_few_of_whose_words_match_leans_on_the_semantic_ranking():
    p = FusionParams("linear", weight=0.5, floor=0.5, boost=0.5)
    lex, sem = ids(1, 2), ids(2, 1)
    lex_scores, sims = np.array([10.0, 2.0]), np.array([0.9, 0.6])
    assert fusion.fuse(lex, lex_scores, sem, sims, p, coverage=1.0)[0][0] == 1
    assert fusion.fuse(lex, lex_scores, sem, sims, p, coverage=0.0)[0][0] == 2


@pytest.mark.parametrize("seed", range(20))
def test_best_allowed_is_the_sorted_head_ties_to_the_lower_document(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    sims = np.round(rng.random(n), 1).astype(np.float32)  # many ties
    allowed = rng.random(n) < rng.random()
    k = int(rng.integers(0, n + 3))
    ids, vals = fusion.best_allowed(sims, allowed, k)
    want = sorted(np.flatnonzero(allowed).tolist(), key=lambda d: (-sims[d], d))[:k]
    assert sorted(ids.tolist()) == sorted(want)
    np.testing.assert_array_equal(vals, sims[ids])
