"""GroupingWriter's segments (Muragat's codec) read exactly as Whoosh's own SegmentWriter's (W3)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from muragat.indexer.document import Document
from muragat.indexer.prepare import prepare_document
from muragat.indexer.writer import stored_values
from muragat.store import commit_with_segments, create_index, finish_segment, open_index
from muragat.store.grouping_writer import GroupingWriter
from muragat.store.writer import engine_fields
from whoosh.writing import SegmentWriter

# Words of the three languages, composed into documents at random (with a fixed seed).
_WORDS = {
    "kk": "кітапхана кітапханалар кітапханада оқырман оқырмандар оқырмандарға көрме көрмесі "
          "кітап кітаптар кітаптың жаңа мерейтой конференция қала облыс ауыл мұрағат".split(),
    "ru": "библиотека библиотеки библиотеками читатель читателей выставка выставки книга "
          "книги книгами новый новые юбилей конференция город область архив".split(),
    "en": "library libraries reader readers exhibition exhibitions book books new anniversary "
          "conference city region archive archives digitization".split(),
}


def add_prepared(writer, prepared, replace: bool) -> None:
    """Add an analyzed document to a writer of the engine itself (Whoosh's or Muragat's)."""
    fields = engine_fields(prepared.id, stored_values(prepared), prepared.terms)
    (writer.update_document if replace else writer.add_document)(**fields)


_SYLLABLES = ("ка", "ро", "ми", "те", "лу", "жа", "ны", "со", "ве", "ду")


def _documents(n: int, seed: int = 3) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        lang = rng.choice(list(_WORDS))
        paras = []
        for _ in range(rng.randint(1, 4)):
            paras.append(" ".join(rng.choice(_WORDS[lang]) for _ in range(rng.randint(5, 60))) + ".")
        # A rare made-up word in every document (each in ~3 documents: short posting lists).
        k = i % 97
        paras.append(f"{_SYLLABLES[k % 10]}{_SYLLABLES[k // 10]}ран.")
        if i % 7 == 0:  # a mixed page
            other = rng.choice([x for x in _WORDS if x != lang])
            paras.append(" ".join(rng.choice(_WORDS[other]) for _ in range(12)) + ".")
        docs.append(Document(
            id=f"doc-{i}", text="\n\n".join(paras), title=" ".join(rng.sample(_WORDS[lang], 3)),
            date=f"{2015 + i % 11}-0{1 + i % 9}-1{i % 10}", year=2015 + i % 11,
            source=rng.choice(["central", "regional"]), lang=lang if i % 3 else None,
            file=f"f{i}.txt"))
    return docs


def _build(path: Path, writer_class, docs: list[Document], **kwargs) -> None:
    ix = create_index(path)
    writer = writer_class(ix, _lk=False, limitmb=16, **kwargs)
    for doc in docs:
        add_prepared(writer, prepare_document(doc), replace=False)
    segment = finish_segment(writer)
    commit_with_segments(ix.writer(), [segment])


def _postings(reader, field: str, term: bytes) -> list[tuple]:
    m = reader.postings(field, term)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


def _snapshot(path: Path) -> dict:
    """Everything a reader can see of an index: terms, postings, statistics, stored, columns."""
    ix = open_index(path)
    with ix.reader() as r:
        out: dict = {"docs": r.doc_count_all(), "stored": [r.stored_fields(d) for d in range(r.doc_count_all())]}
        for field in ix.schema.names():
            if not ix.schema[field].indexed:
                continue
            for term in r.lexicon(field):
                info = r.term_info(field, term)
                out[(field, term)] = (_postings(r, field, term), info.weight(), info.doc_frequency(),
                                      info.min_length(), info.max_length(), info.max_weight(),
                                      info.min_id(), info.max_id())
            out[("length", field)] = ([r.doc_field_length(d, field) for d in range(r.doc_count_all())],
                                      r.field_length(field))
        for field in ("year", "date", "source"):
            out[("column", field)] = list(r.column_reader(field))
    return out


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return _documents(300)


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory, docs) -> dict:
    path = tmp_path_factory.mktemp("whoosh")
    _build(path, SegmentWriter, docs)
    return _snapshot(path)


def test_same_index_as_whoosh(tmp_path, docs, whoosh_index):
    _build(tmp_path, GroupingWriter, docs)
    ours = _snapshot(tmp_path)
    assert ours.keys() == whoosh_index.keys()
    # Terms of every size: single postings, a few, hundreds (one, two and four byte widths).
    sizes = {len(v[0]) for k, v in ours.items() if isinstance(k[1], bytes)}
    assert 1 in sizes and sizes & set(range(2, 9)) and max(sizes) > 128
    for key in whoosh_index:
        assert ours[key] == whoosh_index[key], key


def test_small_output_buffer_gives_the_same_index(tmp_path, docs, whoosh_index, monkeypatch):
    """Posting arrays written in many small flushes: offsets still right."""
    import muragat.store.codec as codec

    monkeypatch.setattr(codec, "FLUSH_BYTES", 64)
    _build(tmp_path, GroupingWriter, docs)
    ours = _snapshot(tmp_path)
    assert ours.keys() == whoosh_index.keys()
    for key in whoosh_index:
        assert ours[key] == whoosh_index[key], key


def test_spilling_to_the_pool_gives_the_same_index(tmp_path, docs, whoosh_index):
    # A tiny budget: postings move to Whoosh's pool after almost every document.
    _build(tmp_path, GroupingWriter, docs, spill_mb=0.01)
    ours = _snapshot(tmp_path)
    for key in whoosh_index:
        assert ours[key] == whoosh_index[key], key


def test_held_bytes_grows_and_resets(tmp_path, docs):
    ix = create_index(tmp_path)
    writer = GroupingWriter(ix, _lk=False)
    add_prepared(writer, prepare_document(docs[0]), replace=False)
    first = writer.held_bytes
    assert first > 0
    for doc in docs[1:50]:
        add_prepared(writer, prepare_document(doc), replace=False)
    assert writer.held_bytes > first
    finish_segment(writer)
    assert writer.held_bytes == 0


def test_replacing_a_document_in_a_merged_index(tmp_path, docs):
    """update_document through GroupingWriter after an earlier commit: the old version goes."""
    _build(tmp_path, GroupingWriter, docs[:20])
    ix = open_index(tmp_path)
    writer = GroupingWriter(ix)
    changed = Document(id="doc-3", text="Жаңа мәтін: конференция өтті.", title="Жаңа", file="f3.txt")
    add_prepared(writer, prepare_document(changed), replace=True)
    writer.commit()  # Whoosh's merge policy may merge the old segment into this one
    with open_index(tmp_path).searcher() as s:
        found = list(s.documents(id="doc-3"))
        assert [d["title"] for d in found] == ["Жаңа"]
        assert s.doc_count() == 20


def _two_segments(path: Path, first, second, docs: list[Document]) -> None:
    """An index of two commits: ``docs[:30]`` written by ``first``, ``docs[30:60]`` by ``second``."""
    create_index(path)
    for writer_class, part in ((first, docs[:30]), (second, docs[30:60])):
        ix = open_index(path)
        writer = writer_class(ix, _lk=False, limitmb=16)
        for doc in part:
            add_prepared(writer, prepare_document(doc), replace=False)
        commit_with_segments(ix.writer(), [finish_segment(writer)])


def test_index_mixing_whoosh_and_grouping_segments_reads_both(tmp_path, docs):
    """An index written before (W3 segments) that gets a GroupingWriter segment (Muragat's
    codec) reads as if Whoosh had written both."""
    _two_segments(tmp_path / "whoosh", SegmentWriter, SegmentWriter, docs)
    _two_segments(tmp_path / "mixed", SegmentWriter, GroupingWriter, docs)
    ix = open_index(tmp_path / "mixed")
    codecs = sorted(type(segment.codec()).__name__ for segment in ix._segments())
    assert codecs == ["MuragatCodec", "W3Codec"]
    assert _snapshot(tmp_path / "mixed") == _snapshot(tmp_path / "whoosh")
