"""The block readers of ``store.postings`` on long posting lists of every shape.

A plain Whoosh index is written with small blocks (so a few hundred documents make
many of them), compressed and not, with terms whose id deltas fit one byte, need two,
or mix both, and whose weights are all 1, all equal or varied. Every posting list and
positions lookup must equal what Whoosh's own matchers read.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from muragat.store.postings import _full_lazy_values, raw_blocks, read_positions, read_postings
from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT, Schema

DOCS = 700


def _text(i: int) -> str:
    words = ["every"]  # every document, tf 1: weights pickled as None
    words += ["twice", "twice"]  # every document, tf 2: one float per block
    words += ["varied"] * (1 + i % 4)  # a tuple of weights
    if i % 3 == 0:
        words.append("third")
    if i % 300 == 0:
        words.append("sparse")  # deltas of 300: two-byte ints
    if (i < 120 and i % 5 == 0) or i in (400, 690):
        words.append("mixed")  # one-byte deltas, then two-byte ones in the same block
    if i == 333:
        words.append("single")  # one posting: inlined in the term info
    words += [f"w{i % 17}", f"w{i % 17}", "filler"] if i % 2 else ["filler"]
    random.Random(i).shuffle(words)
    return " ".join(words)


@pytest.fixture(scope="module", params=[(128, 3), (16, 3), (16, 0), (5, 3)],
                ids=["default", "small-blocks", "uncompressed", "tiny-blocks"])
def leaf(request, tmp_path_factory):
    blocklimit, compression = request.param
    path = tmp_path_factory.mktemp(f"blocks-{blocklimit}-{compression}")
    schema = Schema(body=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True))
    ix = whoosh_index.create_in(str(path), schema)
    writer = ix.writer(codec=W3Codec(blocklimit=blocklimit, compression=compression))
    for i in range(DOCS):
        writer.add_document(body=_text(i))
    writer.commit()
    reader = ix.reader()
    from muragat.store.postings import mark_segment

    mark_segment(reader, str(path))  # as the engine's snapshot does: its lookups are cached
    yield reader
    reader.close()


def _reference(reader, term):
    m = reader.postings("body", term)
    ids, weights, positions = [], [], {}
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        positions[m.id()] = list(m.value_as("positions"))
        m.next()
    return ids, weights, positions


def _terms(reader) -> list[str]:
    return [t.decode() if isinstance(t, bytes) else t for t in reader.field_terms("body")]


def test_postings_equal_whoosh(leaf):
    terms = _terms(leaf)
    assert {"every", "twice", "varied", "sparse", "mixed", "single"} <= set(terms)
    for term in terms:
        ids, weights, _ = _reference(leaf, term)
        got_ids, got_w = read_postings(leaf, "body", term)
        assert got_ids.dtype == np.int64 and got_w.dtype == np.float32
        assert got_ids.tolist() == ids, term
        assert np.allclose(got_w, weights), term
    assert read_postings(leaf, "body", "absent")[0].size == 0


def test_long_lists_are_read_by_blocks(leaf):
    m = leaf.postings("body", "every")
    raw = raw_blocks(getattr(m, "child", m))
    assert raw is not None
    _buf, blocks = raw
    assert sum(b.count for b in blocks) == DOCS
    assert [b.maxid for b in blocks] == sorted(b.maxid for b in blocks)
    assert blocks[-1].maxid == DOCS - 1
    # positions are read without rebuilding every value of a block through the codec
    data, lazy = _full_lazy_values(*raw[:1], blocks[0])
    assert lazy and isinstance(data[2][0], slice)


def test_positions_equal_whoosh(leaf):
    rng = random.Random(5)
    for term in _terms(leaf):
        ids, _, positions = _reference(leaf, term)
        # wanted documents: some that hold the term, some that do not, first and last
        wanted = set(rng.sample(ids, min(25, len(ids)))) | set(rng.sample(range(DOCS), 15))
        wanted |= {0, DOCS - 1}
        docs = np.array(sorted(wanted), dtype=np.int64)
        expected = {d: positions[d] for d in docs.tolist() if d in positions}
        assert read_positions(leaf, "body", term, docs) == expected, term
    assert read_positions(leaf, "body", "every", np.zeros(0, dtype=np.int64)) == {}


def test_other_readers_use_the_matcher_api(tmp_path):
    """A reader without W3 segment internals (here a multi-segment reader) gives the same."""
    schema = Schema(body=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    for part in range(2):
        writer = ix.writer()
        for i in range(part * 150, (part + 1) * 150):
            writer.add_document(body=_text(i))
        writer.commit(merge=False)
    with ix.reader() as reader:
        assert not reader.is_atomic()
        for term in ("every", "varied", "sparse", "mixed", "absent"):
            ids, weights, positions = _reference(reader, term) if term != "absent" else ([], [], {})
            got_ids, got_w = read_postings(reader, "body", term)
            assert got_ids.tolist() == ids and np.allclose(got_w, weights)
            docs = np.arange(0, 300, 7, dtype=np.int64)
            assert read_positions(reader, "body", term, docs) == {
                d: p for d, p in positions.items() if d in set(docs.tolist())}


def test_block_directories_are_cached_per_segment_without_readers(leaf):
    from muragat.store import postings

    first = read_postings(leaf, "body", "varied")
    again = read_postings(leaf, "body", "varied")
    assert first[0].tolist() == again[0].tolist()
    hits = postings._cached_locate.cache_info().hits
    read_positions(leaf, "body", "varied", first[0][:3])
    assert postings._cached_locate.cache_info().hits > hits
    # the cached keys do not keep segment readers (nor their open files) alive
    import gc

    keys = [o for o in gc.get_objects() if isinstance(o, postings._TermKey)]
    assert keys and all(k.reader is None for k in keys if k.key[2] == "varied")
