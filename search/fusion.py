"""Fusing the lexical ranking with the semantic one (the optional multilingual layer).

Both rankers give candidates with scores: the lexical one BM25F sums (proximity-boosted at the
top), the semantic one cosine similarities of the query's vector to each document's.
``fuse`` orders their union:

* ``rrf`` (reciprocal-rank fusion): ``1 / (k + lexical rank) + w / (k + semantic rank)``,
  a ranker that does not rank a document adds nothing; scores of different scales never meet;
* ``linear``: ``(1 - w) * lexical / best lexical + w * (cosine - floor) / (best cosine - floor)``
  over the candidates (a document one ranker lacks scores 0 there).

A document's semantic score is its whole passage's cosine, blended (``windows``) with the best
cosine of its sentence windows (``analysis.embeddings.passage_windows``): the
``WINDOW_POOL`` x ``depth`` documents most similar as a whole are re-scored so, and the first
``depth`` kept. Each ranker contributes its first ``depth`` documents. A document only the semantic ranker
finds (another language, other words) must be similar enough: ``floor`` (absolute cosine)
and ``margin`` (within this much of the best cosine). The parameters were tuned on the dev
halves of the shared sets with k-fold cross-validation (``bench.fusion``; docs/SEARCH.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# The best window cosine of documents (ids, their whole cosines -> one value per document).
WindowMax = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class FusionParams:
    """How the two rankings are fused (see the module docstring)."""

    method: str = "rrf"  # "rrf" or "linear"
    k: float = 60.0  # RRF's rank constant
    weight: float = 1.0  # the semantic ranker's weight (RRF: relative to 1; linear: share)
    depth: int = 100  # documents each ranker contributes
    floor: float = 0.80  # semantic-only candidates: at least this cosine ...
    margin: float = 0.06  # ... and within this much of the best cosine
    # The semantic weight grows by ``boost`` x the share of the query's words that match no
    # document (a question in another language than the archive's: few of its words match).
    boost: float = 0.0
    # The semantic score: (1 - windows) x the whole passage's cosine + windows x the best
    # sentence window's (where the layer has windows; else the whole passage's alone).
    windows: float = 0.0

    def semantic_weight(self, coverage: float = 1.0) -> float:
        """The semantic ranker's weight for a query whose words match at ``coverage`` share."""
        extra = self.boost * (1.0 - min(max(coverage, 0.0), 1.0))
        if self.method == "linear":
            return min(1.0, self.weight + extra)
        return self.weight * (1.0 + extra)


# Chosen by ``python -m bench.fusion`` (5-fold cross-validation on the shared dev halves: the
# choice of 1,728 parameter sets on all questions, with plain queries embedded as typed and
# documents scored with their best sentence window; docs/SEARCH.md).
DEFAULT = FusionParams("linear", weight=0.7, depth=100, floor=0.65, margin=0.06, boost=0.2,
                       windows=0.75)


def coverage_of(word_hits: dict[str, bool]) -> float:
    """The share of a query's words that match some document (1.0 without words)."""
    return sum(word_hits.values()) / len(word_hits) if word_hits else 1.0


def ranked(ids: np.ndarray, scores: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``depth`` of ``ids`` by descending score (ties: lower id first), with scores."""
    if not len(ids) or depth <= 0:
        return ids[:0], scores[:0]
    if depth < len(ids):
        part = np.argpartition(-scores, depth - 1)[:depth]
    else:
        part = np.arange(len(ids))
    order = part[np.lexsort((ids[part], -scores[part]))]
    return ids[order], scores[order]


WINDOW_POOL = 2  # x depth: the documents re-scored with their best window


def best_allowed(sims: np.ndarray, allowed: np.ndarray, k: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` highest of ``sims`` among the ``allowed`` documents (ties at the cut: the
    lower document numbers), unordered, with their values as float32; one pass over the
    documents rather than gathering the allowed ones first."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if int(np.count_nonzero(allowed)) <= k:
        ids = np.flatnonzero(allowed).astype(np.int64)
        return ids, np.asarray(sims[ids], dtype=np.float32)
    masked = np.where(allowed, np.asarray(sims, dtype=np.float32), np.float32(-np.inf))
    n = len(masked)
    part = np.argpartition(masked, n - k)[n - k:]
    cut = masked[part].min()
    above = part[masked[part] > cut]
    tied = np.flatnonzero(masked == cut)[: k - len(above)]
    ids = np.concatenate([above, tied]).astype(np.int64)
    return ids, masked[ids]


def semantic_candidates(sims: np.ndarray, allowed: np.ndarray, depth: int,
                        window_max: WindowMax | None = None, windows: float = 0.0
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The ``depth`` documents most similar to the query among the ``allowed`` ones (a
    boolean mask), best first, with their cosines; with ``window_max`` (the best window
    cosine of given documents, their whole cosine where they have none) and a ``windows``
    weight, the ``WINDOW_POOL`` x ``depth`` best are re-scored with their best window."""
    pool = depth if window_max is None or windows <= 0.0 else WINDOW_POOL * depth
    ids, whole = ranked(*best_allowed(sims, allowed, pool), pool)
    if window_max is None or windows <= 0.0:
        return ids, whole
    blended = ((1.0 - windows) * whole + windows * window_max(ids, whole)).astype(np.float32)
    return ranked(ids, blended, depth)


def admitted(sem_ids: np.ndarray, sem_sims: np.ndarray, lex_top: np.ndarray,
             params: FusionParams) -> np.ndarray:
    """Which semantic candidates (best first) take part: those the lexical ranker ranks too
    (``lex_top``, its first ``depth`` documents), and the others when their cosine is at least
    ``floor`` and within ``margin`` of the best."""
    if not len(sem_ids):
        return np.zeros(0, dtype=bool)
    close = (sem_sims >= params.floor) & (sem_sims >= sem_sims[0] - params.margin)
    return close | np.isin(sem_ids, lex_top)


def fuse(lex_ids: np.ndarray, lex_scores: np.ndarray, sem_ids: np.ndarray,
         sem_sims: np.ndarray, params: FusionParams = DEFAULT, coverage: float = 1.0
         ) -> tuple[np.ndarray, np.ndarray]:
    """The union of both rankers' first ``depth`` documents, best first, with fused scores.

    ``lex_*``: lexical results in rank order (best first) and their scores (used by
    ``linear`` only; RRF needs the ranks); ``sem_*``: semantic candidates and cosines (any
    order); ``coverage``: the share of the query's words that match some document
    (``FusionParams.semantic_weight``). Ties are broken by the lower document number."""
    weight = params.semantic_weight(coverage)
    lex_ids = np.asarray(lex_ids, dtype=np.int64)[: params.depth]
    lex_scores = np.asarray(lex_scores, dtype=np.float64)[: params.depth]
    sem_ids, sem_sims = ranked(np.asarray(sem_ids, dtype=np.int64),
                               np.asarray(sem_sims, dtype=np.float64), params.depth)
    ids = np.union1d(lex_ids, sem_ids)
    if not len(ids):
        return ids, np.zeros(0, dtype=np.float64)
    score = np.zeros(len(ids), dtype=np.float64)
    lex_at = np.searchsorted(ids, lex_ids)
    sem_at = np.searchsorted(ids, sem_ids)
    if params.method == "rrf":
        score[lex_at] += 1.0 / (params.k + np.arange(1, len(lex_ids) + 1))
        score[sem_at] += weight / (params.k + np.arange(1, len(sem_ids) + 1))
    elif params.method == "linear":
        best = float(lex_scores.max()) if len(lex_scores) else 0.0
        if best > 0:
            score[lex_at] += (1.0 - weight) * np.clip(lex_scores, 0.0, None) / best
        if len(sem_ids):
            span = max(float(sem_sims[0]) - params.floor, 1e-6)
            score[sem_at] += weight * np.clip(sem_sims - params.floor, 0.0, None) / span
    else:
        raise ValueError(f"unknown fusion method {params.method!r}")
    order = np.lexsort((ids, -score))
    return ids[order], score[order]


def combine(lex_ids: np.ndarray, lex_scores: np.ndarray, sem_ids: np.ndarray,
            sem_sims: np.ndarray, params: FusionParams = DEFAULT, coverage: float = 1.0
            ) -> tuple[np.ndarray, np.ndarray]:
    """A whole result list: the fused first ``depth`` lexical results and semantic candidates
    (``fuse``), then the deeper lexical results in their order, scored below the fused ones.

    ``lex_*`` in rank order (best first); ``sem_*`` the admitted candidates (any order)."""
    lex_ids = np.asarray(lex_ids, dtype=np.int64)
    ids, fused = fuse(lex_ids, lex_scores, sem_ids, sem_sims, params, coverage)
    rest = lex_ids[params.depth:]
    rest = rest[~np.isin(rest, ids)]
    floor = float(fused[-1]) if len(fused) else 1.0
    tail = floor * np.linspace(0.99, 0.5, num=len(rest)) if len(rest) else fused[:0]
    return np.concatenate([ids, rest]), np.concatenate([fused, tail])
