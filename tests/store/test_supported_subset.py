"""GroupingWriter's supported subset (issue 14): what it cannot store is refused by name, and
what it accepts (Existence fields, a field fed both TermStream and str values, field boosts)
reads back as Whoosh's own SegmentWriter writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from muragat.store.analyzers import PreAnalyzed, TermStream
from muragat.store.codec import UnsupportedFeature
from muragat.store.grouping_writer import GroupingWriter
from whoosh import fields, index, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.query import Term
from whoosh.writing import SegmentWriter


def _index(path: Path, schema: fields.Schema):
    path.mkdir()
    return index.create_in(str(path), schema)


@pytest.mark.parametrize("field, says", [
    (fields.TEXT(vector=True), "term vectors"),
    (fields.TEXT(spelling=True, analyzer=StemmingAnalyzer()), "spelling"),
    (fields.TEXT(chars=True), "format Characters"),
])
def test_unsupported_schemas_are_refused_by_name(tmp_path, field, says):
    ix = _index(tmp_path / "ix", fields.Schema(id=fields.ID(stored=True), body=field))
    with pytest.raises(UnsupportedFeature, match=says) as caught:
        GroupingWriter(ix)
    assert "'body'" in str(caught.value)


@pytest.mark.parametrize("boost", ["_boost", "_body_boost"])
def test_document_and_per_field_boosts_are_refused(tmp_path, boost):
    ix = _index(tmp_path / "ix", fields.Schema(id=fields.ID(stored=True), body=fields.TEXT()))
    writer = GroupingWriter(ix)
    try:
        with pytest.raises(UnsupportedFeature, match="boosts are not supported"):
            writer.add_document(id="a", body="library archive", **{boost: 2.0})
    finally:
        writer.cancel()


def _documents() -> list[dict]:
    """Kazakh/Russian/English words written for this test; one field gets both value types."""
    return [
        {"id": "1", "tags": "кітап кітап мұрағат", "body": TermStream.grouped(
            {"кітапхана": [0, 3], "оқырман": [1], "көрме": [2]})},
        {"id": "2", "tags": "библиотека архив архив", "body": "кітапхана оқырман кітапхана"},
        {"id": "3", "tags": "library", "body": TermStream.of(
            [("library", 0, 0, 7), ("reader", 1, 8, 14), ("library", 2, 15, 22)])},
        {"id": "4", "tags": "мұрағат library", "body": "көрме library exhibition"},
    ]


def _schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        tags=fields.IDLIST(),  # Existence format: a word counts once per document
        body=fields.TEXT(analyzer=PreAnalyzed(), field_boost=1.5),
    )


def _contents(path: Path) -> dict:
    ix = index.open_dir(str(path))
    out = {}
    with ix.reader() as r:
        for field in ("tags", "body"):
            for term in r.lexicon(field):
                m = r.postings(field, term)
                postings = []
                while m.is_active():
                    postings.append((r.stored_fields(m.id())["id"], m.weight(), m.value()))
                    m.next()
                out[field, term] = (r.doc_frequency(field, term), r.frequency(field, term),
                                    sorted(postings))
        out["lengths"] = [(r.stored_fields(n)["id"], r.doc_field_length(n, "body"),
                           r.doc_field_length(n, "tags")) for n in r.all_doc_ids()]
    return out


def test_existence_fields_mixed_values_and_field_boosts_read_as_whooshs(tmp_path):
    built = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("grouping", GroupingWriter)):
        ix = _index(tmp_path / name, _schema())
        writer = writer_class(ix)
        for doc in _documents():
            writer.add_document(**doc)
        writer.commit()
        built[name] = _contents(tmp_path / name)
    assert built["grouping"] == built["whoosh"]
    # Not vacuous: both value types reached the field, and the Existence field did not count.
    assert built["grouping"]["body", "кітапхана".encode()][0] == 2
    assert built["grouping"]["body", b"library"][0] == 2
    tags_archive = built["grouping"]["tags", "архив".encode()]
    assert tags_archive[0] == 1 and tags_archive[2][0][1] == 1.0


def test_function_weighting_searches_as_on_whooshs_segments(tmp_path):
    """Collectors hand their lowest score to ``replace``; a scorer without block quality
    (FunctionWeighting's) must not be asked for one."""
    weighting = scoring.FunctionWeighting(
        lambda searcher, fieldname, text, matcher: matcher.weight() + matcher.id() / 100)
    found = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("grouping", GroupingWriter)):
        ix = _index(tmp_path / name, fields.Schema(id=fields.ID(stored=True), body=fields.TEXT()))
        writer = writer_class(ix)
        for i in range(30):
            writer.add_document(id=str(i), body="library archive " + "reader " * (i % 3))
        writer.commit()
        with ix.searcher(weighting=weighting) as searcher:
            hits = searcher.search(Term("body", "reader"), limit=5)
            found[name] = [(hit["id"], round(hit.score, 6)) for hit in hits]
    assert len(found["grouping"]) == 5
    assert found["grouping"] == found["whoosh"]
