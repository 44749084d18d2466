"""Plain Whoosh, the baseline every evaluation compares Muragat against.

One text field analyzed by Whoosh's ``StandardAnalyzer`` (lowercase, stop words, no
morphology) and scored by Whoosh's BM25F defaults: what a library gets from Whoosh out of
the box. ``muragat eval retrieval`` measures it in the same run as Muragat.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import Index


class PlainIndex:
    """A plain-Whoosh index of ``(id, text)`` documents."""

    def __init__(self, ix: Index):
        self.ix = ix

    @classmethod
    def build(cls, docs: Iterable[tuple[str, str]], index_dir: Path) -> PlainIndex:
        """Index ``(id, text)`` pairs afresh in ``index_dir``."""
        index_dir.mkdir(parents=True, exist_ok=True)
        schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=StandardAnalyzer()))
        ix = whoosh_index.create_in(str(index_dir), schema)
        with ix.writer(limitmb=256) as w:
            for doc_id, text in docs:
                w.add_document(id=doc_id, text=text)
        return cls(ix)

    def search_any(self, text: str, limit: int) -> Iterator[tuple[str, float]]:
        """``(id, score)`` of the best ``limit`` documents for any of ``text``'s words."""
        analyzer = self.ix.schema["text"].analyzer
        words = list(dict.fromkeys(t.text for t in analyzer(text)))
        if not words:
            return
        with self.ix.searcher() as s:
            results = s.search(wq.Or([wq.Term("text", w) for w in words]), limit=limit)
            hits = [(hit["id"], float(hit.score)) for hit in results]
        yield from hits
