"""Proximity re-ranking: query words close together in a document score higher.

After BM25F has picked the best candidates, the top ``RERANK_DEPTH`` documents get a
bonus for each pair of query words that occur near each other (in any of their
matching forms), ``min(idf) / distance`` summed over pairs — a simplified BM25TP.
Positions come from the ``exact`` and ``body_<lang>`` fields, which share word
positions. Only a few dozen documents are touched, so the cost stays small.
"""

from __future__ import annotations

import math

import numpy as np
from muragat.search import sets
from muragat.search.query_builder import WordPlan
from muragat.store import Snapshot
from muragat.store.arrays import distinct

RERANK_DEPTH = 30
MAX_DISTANCE = 6
PROXIMITY_WEIGHT = 0.5  # tuned on the dev sets (0 = off)
PROXIMITY_POWER = 1  # bonus min(idf) / distance ** this


def _positions(snap: Snapshot, plan: WordPlan, docnums: np.ndarray) -> dict[int, set[int]]:
    """Positions of a word's forms in each candidate document (body fields only)."""
    out: dict[int, set[int]] = {}
    for clause in plan.clauses:
        if clause.kind not in ("exact", "lemma") or clause.prefix:
            continue
        for term in clause.terms:
            ids, _ = snap.postings(clause.field, term)  # cached by the search itself
            present = sets.intersect(docnums, ids, snap.n)  # a few dozen looked up in ids
            if not len(present):
                continue
            for d, positions in snap.positions(clause.field, term, present).items():
                out.setdefault(d, set()).update(positions)
    return out


def proximity_bonus(snap: Snapshot, docnums: np.ndarray, plans: list[WordPlan],
                    word_idf: dict[str, float]) -> np.ndarray:
    """Bonus per candidate document (aligned with ``docnums``)."""
    bonus = np.zeros(len(docnums), dtype=np.float32)
    words = []
    seen = set()
    for p in plans:
        if not p.stop and p.word.text.lower() not in seen:
            seen.add(p.word.text.lower())
            words.append(p)
    if len(words) < 2 or not len(docnums):
        return bonus
    order = distinct(np.sort(np.asarray(docnums, dtype=np.int64)))
    index = {int(d): i for i, d in enumerate(docnums)}
    with snap.lock:
        pos = [_positions(snap, p, order) for p in words]
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            w = min(word_idf.get(words[i].word.text, 1.0), word_idf.get(words[j].word.text, 1.0))
            for d, pi in pos[i].items():
                pj = pos[j].get(d)
                if not pj:
                    continue
                a, b = sorted(pi), sorted(pj)
                dist = _min_distance(a, b)
                if 0 < dist <= MAX_DISTANCE:
                    bonus[index[d]] += w / dist**PROXIMITY_POWER
    return bonus


def _min_distance(a: list[int], b: list[int]) -> int:
    """Smallest |x - y| over sorted position lists (0 only if the same position)."""
    i = j = 0
    best = math.inf
    while i < len(a) and j < len(b):
        diff = a[i] - b[j]
        if diff == 0:
            # the same word position matched both words (e.g. a lemma shared by two forms)
            if i + 1 < len(a):
                i += 1
            else:
                j += 1
            continue
        best = min(best, abs(diff))
        if diff < 0:
            i += 1
        else:
            j += 1
    return int(best) if best != math.inf else 0
