"""tantivy (PyPI ``tantivy``) on the same extracted text: the yardstick of ``bench.scale``.

The documents are read back from a Muragat index (title, body, language, year, source as
Muragat extracted them), so both engines index the same text; tantivy uses its default
tokenizer (lowercase, no morphology). A search is what a results page needs: top 10, the
total, facets (terms aggregations on language, year, source) and a snippet per hit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def available() -> bool:
    """Whether the ``tantivy`` package is installed (``pip install tantivy==0.27.0``)."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def _schema() -> Any:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True)
    sb.add_text_field("body", stored=True)
    sb.add_text_field("lang", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("source", stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    return sb.build()


def build(docs: Iterable[dict[str, Any]], path: Path, heap_mb: int = 256, threads: int = 2
          ) -> int:
    """Index ``docs`` (Muragat's stored fields) into a new tantivy index; return the count."""
    import tantivy

    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(path))
    writer = index.writer(heap_size=heap_mb * 1024 * 1024, num_threads=threads)
    n = 0
    for d in docs:
        writer.add_document(tantivy.Document(
            id=d.get("id") or "", title=d.get("title") or "", body=d.get("body") or "",
            lang=d.get("lang") or "other", source=d.get("source") or "",
            year=int(d.get("year") or 0)))
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    return n


class TantivySearch:
    """One opened tantivy index answering results-page queries."""

    def __init__(self, path: Path):
        import tantivy

        self.index = tantivy.Index.open(str(path))
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema = self.index.schema

    def page(self, q: str, phrase: bool = False) -> int:
        """Top 10 + total + facets + snippets of ``q`` (all words; or the exact phrase)."""
        import tantivy

        text = f'"{q}"' if phrase else " AND ".join(q.split())
        try:
            query = self.index.parse_query(text, ["title", "body"])
        except ValueError:
            return 0
        result = self.searcher.search(query, 10, count=True)
        self.searcher.aggregate(query, {
            "lang": {"terms": {"field": "lang"}},
            "year": {"terms": {"field": "year", "size": 100}},
            "source": {"terms": {"field": "source"}},
        })
        gen = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        for _score, address in result.hits:
            gen.snippet_from_doc(self.searcher.doc(address)).to_html()
        return int(result.count or 0)


def timed(fn: Any, items: Iterable[Any]) -> Iterator[float]:
    """Milliseconds of ``fn(item)`` for each item."""
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        yield (time.perf_counter() - t0) * 1000
