"""Merging segments gives exactly the segment a fresh build of the live documents gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from muragat.indexer.prepare import prepare_document
from muragat.indexer.writer import stored_values
from muragat.store import commit_with_segments, create_index, finish_segment, open_index
from muragat.store.grouping_writer import GroupingWriter
from muragat.store.merge import MAX_MERGED_DOCS, merge_segments, plan_merges
from muragat.store.writer import engine_fields
from whoosh.writing import SegmentWriter

from .test_grouping_writer import _documents, _snapshot


def add_prepared(writer, prepared, replace: bool) -> None:
    """Add an analyzed document to a writer of the engine itself (Whoosh's or Muragat's)."""
    fields = engine_fields(prepared.id, stored_values(prepared), prepared.terms)
    (writer.update_document if replace else writer.add_document)(**fields)


def _segments(path: Path, parts, writer_class=GroupingWriter) -> None:
    """An index of one segment per part (each committed on its own)."""
    create_index(path)
    for part in parts:
        ix = open_index(path)
        writer = writer_class(ix, _lk=False, limitmb=16)
        for doc in part:
            add_prepared(writer, prepare_document(doc), replace=False)
        commit_with_segments(ix.writer(), [finish_segment(writer)])


def _merge_all(path: Path) -> None:
    ix = open_index(path)
    writer = ix.writer()
    merged = merge_segments(ix, list(writer.segments))
    writer.segments = []
    commit_with_segments(writer, [merged] if merged is not None else [])


@pytest.fixture(scope="module")
def docs():
    return _documents(400, seed=9)


@pytest.mark.parametrize("chunk", [None, 1, 7])
def test_merge_equals_fresh_build(tmp_path, docs, monkeypatch, chunk):
    """Also with tiny chunks of postings: a term whose lists in several segments fall on a
    chunk's edge is still written once (a 300k-document index failed at its commit with
    ``terms must increase`` when the edge split a term)."""
    if chunk is not None:
        import muragat.store.merge as merge

        monkeypatch.setattr(merge, "CHUNK_POSTINGS", chunk)
    parts = [docs[:150], docs[150:151], docs[151:330], docs[330:]]
    _segments(tmp_path / "merged", parts)
    # Delete a few documents before merging: they and their postings must vanish.
    ix = open_index(tmp_path / "merged")
    gone = {"doc-3", "doc-150", "doc-200", "doc-399"}
    with ix.writer() as w:
        for doc_id in gone:
            w.delete_by_term("id", doc_id)
    _merge_all(tmp_path / "merged")
    assert len(open_index(tmp_path / "merged")._segments()) == 1
    live = [d for d in docs if d.id not in gone]
    _segments(tmp_path / "fresh", [live])
    merged, fresh = _snapshot(tmp_path / "merged"), _snapshot(tmp_path / "fresh")
    # A field's total length loses the deleted documents' lengths as Whoosh stores them
    # (quantized to a byte): within 7 % of each, not exact.
    for key in [k for k in fresh if k[0] == "length"]:
        (m_docs, m_total), (f_docs, f_total) = merged.pop(key), fresh.pop(key)
        assert m_docs == f_docs
        assert abs(m_total - f_total) <= 0.07 * f_total, key
    assert merged == fresh


def test_merge_converts_whoosh_segments(tmp_path, docs):
    """W3 segments (Whoosh's own codec, older indexes) merge into the same index."""
    _segments(tmp_path / "old", [docs[:60], docs[60:120]], writer_class=SegmentWriter)
    _merge_all(tmp_path / "old")
    [segment] = open_index(tmp_path / "old")._segments()
    assert type(segment.codec()).__name__ == "MuragatCodec"
    _segments(tmp_path / "fresh", [docs[:120]])
    assert _snapshot(tmp_path / "old") == _snapshot(tmp_path / "fresh")  # no deletions: exact


class _Seg:
    def __init__(self, n, deleted=0):
        self.n, self.d = n, deleted

    def doc_count_all(self):
        return self.n

    def deleted_count(self):
        return self.d


def test_policy_keeps_few_segments_and_large_ones_alone():
    segments = [_Seg(15_000) for _ in range(68)] + [_Seg(300)]
    groups = plan_merges(segments, target=8)
    merged = {id(s) for g in groups for s in g}
    remaining = len(segments) - sum(len(g) - 1 for g in groups)
    assert remaining <= 8 + 1_020_300 // MAX_MERGED_DOCS
    assert all(sum(s.n for s in g) <= MAX_MERGED_DOCS for g in groups)
    # A big segment is left alone while small ones are merged.
    big = _Seg(MAX_MERGED_DOCS)
    groups = plan_merges([big] + [_Seg(100) for _ in range(20)], target=8)
    assert all(big not in g for g in groups) and groups
    assert merged


def test_policy_merges_mostly_deleted_segments():
    a, b = _Seg(1000, deleted=900), _Seg(2000, deleted=1500)
    groups = plan_merges([a, b, _Seg(50_000)], target=8)
    assert any(a in g and b in g for g in groups)
    assert plan_merges([_Seg(10), _Seg(20)], target=8) == []


def test_large_merge_writes_whooshs_column_offsets(tmp_path):
    """Over 32,768 documents Whoosh's VarBytes columns also store offsets: merged columns
    with deletions still read back document by document."""
    from muragat.store.analyzers import TermStream

    create_index(tmp_path)
    for part in range(2):
        ix = open_index(tmp_path)
        writer = GroupingWriter(ix, _lk=False, limitmb=64)
        for i in range(20_000):
            n = part * 20_000 + i
            writer.add_document(id=f"d{n}", file=f"f{n}", title=f"title {n}", body="x" * (n % 300),
                                year=1900 + n % 120, date=f"{1900 + n % 120}-01-01",
                                exact=TermStream.grouped({f"w{n % 50}": [0]}))
        commit_with_segments(ix.writer(), [finish_segment(writer)], merge=False)
    ix = open_index(tmp_path)
    with ix.writer() as w:
        for n in range(0, 40_000, 7):
            w.delete_by_term("id", f"d{n}")
    _merge_all(tmp_path)
    ix = open_index(tmp_path)
    [segment] = ix._segments()
    live = [n for n in range(40_000) if n % 7]
    with ix.reader() as r:
        assert r.doc_count_all() == len(live)
        for docnum in (0, 1, 17_000, 20_000, len(live) - 1):
            n = live[docnum]
            stored = r.stored_fields(docnum)
            assert (stored["id"], stored["title"], stored["body"]) == (
                f"d{n}", f"title {n}", "x" * (n % 300))
        years = list(r.column_reader("year"))
        assert years == [1900 + n % 120 for n in live]
        assert list(r.column_reader("date"))[:3] == [f"{1900 + n % 120}-01-01" for n in live[:3]]


def test_merging_stored_values_copies_ranges_not_bytes(tmp_path, monkeypatch):
    """Stored values are copied as byte ranges of the mapped column, in bounded slices: a
    column's merge takes memory of the order of a slice, however many bytes it holds (a
    version that built an index array per byte, 8 bytes for each stored byte, took 700 MB
    per 20,000 documents of 1-2 KB)."""
    import random
    import tracemalloc

    import muragat.store.merge as merge
    from muragat.indexer.document import Document

    rng = random.Random(5)
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщыэюяәғқңөұүһі"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(3, 9))) for _ in range(3000)]
    docs = [Document(id=f"big-{i}", text=" ".join(rng.choice(words) for _ in range(6000)),
                     title=f"big {i}", year=2020, lang="kk", file=f"b{i}.txt")
            for i in range(70)]
    _segments(tmp_path / "ix", [docs[:35], docs[35:]])
    ix = open_index(tmp_path / "ix")
    with ix.writer() as w:
        w.delete_by_term("id", "big-7")
        w.delete_by_term("id", "big-50")
    slice_bytes = 2**16
    monkeypatch.setattr(merge, "_COPY_BYTES", slice_bytes)
    columns: list[tuple[int, int]] = []  # (bytes written, peak bytes allocated) per column
    original = merge._merge_varbytes

    def measured(out, *args, **kwargs):
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        original(out, *args, **kwargs)
        columns.append((out.tell(), tracemalloc.get_traced_memory()[1] - base))

    monkeypatch.setattr(merge, "_merge_varbytes", measured)
    tracemalloc.start()
    try:
        _merge_all(tmp_path / "ix")
    finally:
        tracemalloc.stop()
    written, peak = max(columns)
    assert written > 16 * slice_bytes  # a column far larger than a slice
    assert peak < 4 * slice_bytes, (written, peak)
    live = [d for d in docs if d.id not in {"big-7", "big-50"}]
    _segments(tmp_path / "fresh", [live])
    merged, fresh = _snapshot(tmp_path / "ix"), _snapshot(tmp_path / "fresh")
    assert merged["stored"] == fresh["stored"]
    assert {k: v for k, v in merged.items() if k[0] == "column"} == \
        {k: v for k, v in fresh.items() if k[0] == "column"}
