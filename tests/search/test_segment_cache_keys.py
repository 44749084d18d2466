"""The per-segment caches of the engine never mix two segments that share an id.

Segment ids come from Python's ``random`` module: an application (or a test framework)
that seeds it gets the same ids again, in another index or in a rebuild of the same
folder. The posting-list cache must then still read each index's own segments.
"""

from __future__ import annotations

import random
import shutil

from muragat.indexer import index_documents
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest


def _docs(word: str, n: int) -> list[Document]:
    return [Document(id=f"{word}-{i}", title=f"{word} {i}",
                     text=f"The {word} of the library number {i}. " * (i + 1), lang="en")
            for i in range(n)]


def _build(path, word: str, n: int) -> set[str]:
    random.seed(1234)  # the same segment ids every time
    index_documents(_docs(word, n), path, rebuild=True)
    return {p.name for p in path.glob("MAIN_*.mti")}


def _ids(engine: SearchEngine, q: str) -> list[str]:
    resp = engine.search(SearchRequest(q=q, size=50, snippets=False))
    assert resp.error is None, resp.error
    return sorted(h.id for h in resp.hits)


def test_two_indexes_with_the_same_segment_ids(tmp_path):
    a_segments = _build(tmp_path / "a", "catalogue", 5)
    b_segments = _build(tmp_path / "b", "exhibition", 9)
    assert a_segments == b_segments, "the seeded ids should collide (the case under test)"
    a, b = SearchEngine(tmp_path / "a"), SearchEngine(tmp_path / "b")
    try:
        assert _ids(a, "catalogue") == sorted(f"catalogue-{i}" for i in range(5))
        assert _ids(b, "exhibition") == sorted(f"exhibition-{i}" for i in range(9))
        assert _ids(a, "library") == _ids(a, "catalogue")
        assert _ids(b, "library") == _ids(b, "exhibition")
    finally:
        a.close()
        b.close()


def test_a_rebuild_in_the_same_folder_with_the_same_ids(tmp_path):
    first = _build(tmp_path / "x", "catalogue", 5)
    engine = SearchEngine(tmp_path / "x")
    assert len(_ids(engine, "library")) == 5
    engine.close()
    shutil.rmtree(tmp_path / "x")
    assert _build(tmp_path / "x", "exhibition", 9) == first
    engine = SearchEngine(tmp_path / "x")
    try:
        assert _ids(engine, "library") == sorted(f"exhibition-{i}" for i in range(9))
    finally:
        engine.close()
