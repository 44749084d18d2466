"""More like this: a document's most characteristic words as an any-words query."""

from __future__ import annotations

import math
from collections import Counter

from muragat.analysis import exact_terms, field_lang, stopwords, word_terms
from muragat.search.query_parser import Node, Or, Word
from muragat.store import Snapshot, body_field

SIMILAR_SCAN_CHARS = 20_000
SIMILAR_TERMS = 20


def characteristic_words(snap: Snapshot, title: str, body: str, lang: str = "other",
                         limit: int = SIMILAR_TERMS) -> list[str]:
    """The document's words with the highest tf·idf (title counts twice).

    Words are grouped by their lemma in the document's language (``body_<lang>``), so
    inflected forms count together and rare forms of common words do not stand out.
    """
    lang = field_lang(lang)
    field = body_field(lang)
    stop = stopwords()
    counts: Counter[str] = Counter()
    sample: dict[str, str] = {}
    for text, weight in ((title, 2), (body[:SIMILAR_SCAN_CHARS], 1)):
        for term in exact_terms(text):
            form = term.text
            if len(form) < 3 or form.isdigit() or form in stop:
                continue
            lemma = (word_terms(form, lang) or (form,))[0]
            counts[lemma] += weight
            sample.setdefault(lemma, form)
    n = max(snap.doc_count, 1)
    prefetch = getattr(snap, "prefetch_doc_frequencies", None)
    if prefetch is not None:  # a remote index (search/remote.py): one request for them all
        prefetch(field, list(counts))
    scored = []
    for lemma, tf in counts.items():
        df = snap.doc_frequency(field, lemma)
        if df <= 1:
            continue  # only in this document: nothing to share
        scored.append((tf * math.log(1 + n / df), sample[lemma]))
    scored.sort(reverse=True)
    return [form for _, form in scored[:limit]]


def similar_query(words: list[str]) -> Node | None:
    """An any-words query of ``words``."""
    if not words:
        return None
    return Or(tuple(Word(w) for w in words))
