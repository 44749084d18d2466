"""Each document carries the time it was indexed (the Atom feed's <updated> for undated
documents); the engine reports the generation it serves (the web's ETag)."""

from __future__ import annotations

import time

from muragat.indexer import Document, index_documents
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest


def _indexed(engine: SearchEngine) -> dict[str, str | None]:
    return {h.id: h.indexed for h in engine.search(SearchRequest(q="", size=50)).hits}


def test_indexing_time_is_stored_and_kept_for_unchanged_documents(tmp_path):
    first = Document(id="a", title="Бірінші", text="Алғашқы құжат мәтіні.", lang="kk")
    index_documents([first], tmp_path)
    engine = SearchEngine(tmp_path)
    generation, committed = engine.index_version()
    stamp = _indexed(engine)["a"]
    assert stamp and stamp.endswith("Z") and stamp <= committed
    time.sleep(1.1)  # the stamps have whole seconds
    index_documents([first, Document(id="b", title="Екінші", text="Жаңа құжат.", lang="kk")],
                    tmp_path)
    assert engine.refresh()
    later = _indexed(engine)
    assert later["a"] == stamp  # unchanged: not indexed again, same time
    assert later["b"] > stamp
    new_generation, new_committed = engine.index_version()
    assert new_generation > generation and new_committed >= later["b"]
    engine.close()


def test_index_version_without_an_index(tmp_path):
    assert SearchEngine(tmp_path / "nothing").index_version() is None


def test_a_segment_of_undated_documents_keeps_every_year_in_place(tmp_path):
    """Whoosh's multi-segment column reader leaves out a segment without a year column;
    the years of the documents after it must not shift (nor the search fail)."""
    undated = Document(id="undated", title="Күні жоқ", text="Күні жоқ кітапхана жазбасы.", lang="kk")
    dated = Document(id="dated", title="Күні бар", text="Күні бар кітапхана жазбасы.",
                     date="2019-05-06", year=2019, lang="kk")
    index_documents([undated], tmp_path)
    index_documents([dated], tmp_path)
    index_documents([Document(id="undated-2", title="Тағы", text="Тағы бір кітапхана жазбасы.",
                              lang="kk")], tmp_path)
    engine = SearchEngine(tmp_path)
    resp = engine.search(SearchRequest(q="кітапхана", sort="newest"))
    assert resp.error is None and resp.total == 3
    assert resp.hits[0].id == "dated" and resp.facets["year"] == {"2019": 1}
    assert engine.search(SearchRequest(q="", year_from=2019, year_to=2019)).total == 1
    engine.close()
