"""More like this: a document's most characteristic words as an any-words query."""

from __future__ import annotations

import math
from collections import Counter

from analysis import exact_terms
from search.query_parser import Node, Or, Word
from search.snapshot import Snapshot
from search.stopwords import ALL_STOPWORDS

SIMILAR_SCAN_CHARS = 20_000
SIMILAR_TERMS = 20


def characteristic_words(snap: Snapshot, title: str, body: str, limit: int = SIMILAR_TERMS) -> list[str]:
    """The document's words with the highest tf·idf in the ``exact`` field (title counts twice)."""
    counts: Counter[str] = Counter()
    for text, weight in ((title, 2), (body[:SIMILAR_SCAN_CHARS], 1)):
        for term in exact_terms(text):
            form = term.text
            if len(form) < 3 or form.isdigit() or form in ALL_STOPWORDS:
                continue
            counts[form] += weight
    n = max(snap.doc_count, 1)
    scored = []
    for form, tf in counts.items():
        df = snap.doc_frequency("exact", form)
        if df <= 1:
            continue  # only in this document: nothing to share
        scored.append((tf * math.log(1 + n / df), form))
    scored.sort(reverse=True)
    return [form for _, form in scored[:limit]]


def similar_query(words: list[str]) -> Node | None:
    """An any-words query of ``words``."""
    if not words:
        return None
    return Or(tuple(Word(w) for w in words))
