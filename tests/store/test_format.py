"""One block format for writer and reader: the fast decoder reads what GroupingWriter writes."""

from __future__ import annotations

import pickle
import zlib

import numpy as np
import pytest
from muragat.indexer.document import Document
from muragat.indexer.prepare import prepare_document
from muragat.indexer.writer import add_prepared
from muragat.store import commit_with_segments, create_index, finish_segment, open_index
from muragat.store.format import BLOCK_MAGIC, PICKLE_PROTOCOL, decode_block_head, head_bytes
from muragat.store.grouping_writer import GroupingWriter
from muragat.store.postings import _locate, _Located, read_postings

WORDS = "кітапхана оқырман көрме библиотека читатель выставка library reader exhibition".split()


def _docs(n: int) -> list[Document]:
    out = []
    for i in range(n):
        words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(1 + i % 5)]
        words += ["жиі", "жиі"] if i % 2 else ["жиі"]  # every document: long lists, varied tf
        if i % 260 == 0:
            words.append("сирек")  # large id gaps: two-byte deltas
        out.append(Document(id=f"d{i}", text=" ".join(words) + ".", year=2000 + i % 20,
                            date=f"{2000 + i % 20}-01-01", source="s", lang="kk", file=f"f{i}"))
    return out


@pytest.fixture(scope="module")
def muragat_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("format")
    ix = create_index(path)
    writer = GroupingWriter(ix, _lk=False, limitmb=16)
    for doc in _docs(2700):
        add_prepared(writer, prepare_document(doc), replace=False)
    commit_with_segments(ix.writer(), [finish_segment(writer)])
    return open_index(path)


def _blocks(reader, field: str, term: str):
    found = _locate(reader, field, term)
    assert isinstance(found, _Located) and found.inline is None, (field, term)
    buf = reader._terms._postfile.get(found.offset, found.length)
    assert buf[:4] == BLOCK_MAGIC
    for block in found.blocks:
        data = buf[block.start : block.end]
        yield block, (zlib.decompress(data) if block.compressed else data)


def test_fast_path_reads_every_block_muragat_writes(muragat_index):
    checked = 0
    with muragat_index.reader() as reader:
        leaf = reader.leaf_readers()[0][0] if not reader.is_atomic() else reader
        fold_top = max(leaf.lexicon("fold"), key=lambda t: leaf.doc_frequency("fold", t))
        for field, term in (("exact", "жиі"), ("body_kk", "жиі"), ("exact", "сирек"),
                            ("exact", "кітапхана"), ("fold", fold_top.decode("utf-8"))):
            for block, raw in _blocks(leaf, field, term):
                assert raw[1] == PICKLE_PROTOCOL
                decoded = decode_block_head(raw[: head_bytes(block.count)], block.count)
                assert decoded is not None, (field, term, block.count)  # the fast path applies
                ids, weights, _values = pickle.loads(raw)
                assert decoded[0].tolist() == list(ids)
                ref = np.ones(block.count) if weights is None else np.broadcast_to(
                    np.asarray(weights, dtype=np.float32), (block.count,))
                assert np.allclose(decoded[1], ref)
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("n", [1, 2, 3, 4, 9, 128])
@pytest.mark.parametrize("protocol", [2, 4])
@pytest.mark.parametrize("weights", ["none", "one", "varied"])
@pytest.mark.parametrize("gap", [1, 300, 70_000])
def test_decoder_on_every_shape(n, protocol, weights, gap):
    ids = tuple(gap * (k + 1) if k % 2 else k + 1 for k in range(n))
    w = {"none": None, "one": 2.0, "varied": tuple(float(k % 3 + 1) for k in range(n))}[weights]
    raw = pickle.dumps((ids, w, tuple(b"\x01\x02" for _ in range(n))), protocol)
    decoded = decode_block_head(raw[: head_bytes(n)], n)
    assert decoded is not None
    assert decoded[0].tolist() == list(ids)
    expected = [1.0] * n if w is None else [w] * n if isinstance(w, float) else list(w)
    assert decoded[1].tolist() == expected


def test_decoder_refuses_what_it_does_not_know():
    assert decode_block_head(b"", 3) is None
    assert decode_block_head(pickle.dumps(([1, 2], None, ()), 4), 2) is None  # a list, not a tuple
    assert decode_block_head(pickle.dumps(((1, 2), None, ()), 4), 3) is None  # wrong count


def test_read_postings_equals_whoosh_matcher(muragat_index):
    with muragat_index.reader() as reader:
        leaf = reader.leaf_readers()[0][0] if not reader.is_atomic() else reader
        for term in ("жиі", "сирек", "library"):
            m = leaf.postings("exact", term)
            ref_ids, ref_w = [], []
            while m.is_active():
                ref_ids.append(m.id())
                ref_w.append(m.weight())
                m.next()
            ids, w = read_postings(leaf, "exact", term)
            assert ids.tolist() == ref_ids and np.allclose(w, ref_w)
