"""Per-document metadata arrays are right in every segment layout (missing is missing)."""

from __future__ import annotations

import pytest
from muragat.indexer.document import Document
from muragat.indexer.prepare import prepare_document
from muragat.indexer.writer import stored_values
from muragat.store import (
    commit_with_segments,
    create_index,
    finish_segment,
    open_index,
    open_snapshot,
    segment_writer,
)
from muragat.store.writer import engine_fields


def add_prepared(writer, prepared, replace: bool) -> None:
    """Add an analyzed document to a writer of the engine itself (Whoosh's or Muragat's)."""
    fields = engine_fields(prepared.id, stored_values(prepared), prepared.terms)
    (writer.update_document if replace else writer.add_document)(**fields)


def _dated(i: int) -> Document:
    return Document(id=f"dated-{i}", text=f"Кітапхана жаңалығы {i}.", year=2010 + i,
                    date=f"{2010 + i}-03-0{1 + i % 9}", source="a", lang="kk", file=f"a{i}")


def _undated(i: int) -> Document:
    return Document(id=f"undated-{i}", text=f"Библиотека новость {i}.", source="b", lang="ru",
                    file=f"b{i}")


def _year_only(i: int) -> Document:
    return Document(id=f"year-{i}", text=f"Library news {i}.", year=1960 + i, source="c",
                    lang="en", file=f"c{i}")


def _segment(ix, docs):
    writer = segment_writer(ix, 16)
    for doc in docs:
        add_prepared(writer, prepare_document(doc), replace=False)
    return finish_segment(writer)


LAYOUTS = {
    "dated, undated": [[_dated(i) for i in range(4)], [_undated(i) for i in range(3)]],
    "undated, dated": [[_undated(i) for i in range(3)], [_dated(i) for i in range(4)]],
    "undated, dated, year only": [[_undated(i) for i in range(2)], [_dated(i) for i in range(3)],
                                  [_year_only(i) for i in range(3)]],
    "year only, dated": [[_year_only(i) for i in range(3)], [_dated(i) for i in range(3)]],
    "one mixed segment": [[_undated(0), _dated(1), _year_only(2), _dated(3)]],
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_metadata_arrays_in_every_layout(tmp_path, layout):
    ix = create_index(tmp_path)
    segments = [_segment(ix, docs) for docs in LAYOUTS[layout]]
    commit_with_segments(open_index(tmp_path).writer(), segments)
    snap = open_snapshot(tmp_path)
    assert snap is not None and snap.n == sum(len(d) for d in LAYOUTS[layout])
    meta = snap.meta
    for docnum in range(snap.n):
        stored = snap.stored(docnum)
        year = stored.get("year") or 0
        assert meta.year[docnum] == year, stored["id"]
        date = stored.get("date") or ""
        if date:
            y, m, d = (int(x) for x in date.split("-"))
            assert meta.date_key[docnum] == y * 10000 + m * 100 + d, stored["id"]
        else:
            assert meta.date_key[docnum] == year * 10000, stored["id"]
        assert meta.source_codes[meta.source[docnum]] == stored["source"]
        assert meta.lang_codes[meta.lang[docnum]] == stored["lang"]
