"""Muragat's segment codec: arrays read back exactly; Whoosh's reader API agrees; damage is named."""

from __future__ import annotations

import numpy as np
import pytest
from muragat.store import create_index, open_index
from muragat.store.analyzers import TermStream
from muragat.store.codec import ArrayTermsReader, CorruptTermIndex, MuragatCodec, width
from muragat.store.grouping_writer import GroupingWriter
from muragat.store.index import commit_with_segments, finish_segment
from muragat.store.postings import read_positions, read_postings


def _add(writer, doc_id: str, exact: dict[str, list[int]], fold: dict[str, list[int]]):
    writer.add_document(id=doc_id, file=doc_id, exact=TermStream.grouped(exact),
                        fold=TermStream.grouped(fold), body="", title="")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Documents whose terms need every width: rare terms far apart (4-byte id deltas),
    frequent ones (1-byte), large frequencies (2-byte) and far positions (4-byte)."""
    path = tmp_path_factory.mktemp("codec")
    ix = create_index(path)
    writer = GroupingWriter(ix, _lk=False, limitmb=64)
    expected: dict[tuple[str, str], dict[int, list[int]]] = {}
    docnum = 0
    for d in range(70_000):
        exact: dict[str, list[int]] = {"бос": [20 + d % 3]}  # every document
        if d % 3 == 0:
            exact["жиі"] = [d % 5, 7 + d % 5]
        if d in (0, 69_999):
            exact["сирек"] = [1]  # 69,999 documents apart: 4-byte deltas
        if d % 300 == 0:
            exact["аралық"] = [2]  # 300 apart: 2-byte deltas
        if d == 500:
            exact["көп"] = list(range(0, 600))  # frequency 600: 2-byte frequencies
            exact["алыс"] = [70_000, 70_001]  # positions past 65,535: 4-byte positions
        for term, plist in exact.items():
            expected.setdefault(("exact", term), {})[docnum] = plist
        fold = {t: p for t, p in exact.items() if t != "алыс"}
        _add(writer, f"d{d}", exact, fold)
        docnum += 1
    commit_with_segments(ix.writer(), [finish_segment(writer)])
    return path, expected


def _leaf(path):
    reader = open_index(path).reader()
    return reader if reader.is_atomic() else reader.leaf_readers()[0][0]


def test_widths():
    assert [width(v) for v in (0, 255, 256, 65535, 65536, 2**32 - 1)] == [1, 1, 2, 2, 4, 4]


def test_segments_are_written_with_muragats_codec(index):
    path, _ = index
    ix = open_index(path)
    [segment] = ix._segments()
    assert isinstance(segment.codec(), MuragatCodec) and not segment.is_compound()
    terms = _leaf(path)._terms
    assert isinstance(terms, ArrayTermsReader)
    widths = {}
    for term in ("бос", "жиі", "аралық", "сирек", "көп", "алыс"):
        field, i = terms.find("exact", term.encode())
        r = field.rec[i]
        widths[term] = (int(r["wid"]), int(r["wtf"]), int(r["wpos"]))
    assert widths == {"бос": (1, 0, 1), "жиі": (1, 1, 1), "аралық": (2, 0, 1),
                      "сирек": (4, 0, 1), "көп": (2, 2, 2), "алыс": (2, 1, 4)}


def test_arrays_read_back_exactly(index, monkeypatch):
    path, expected = index
    leaf = _leaf(path)
    # Muragat's segments never go through the W3 block decoders.
    import muragat.store.postings as postings

    monkeypatch.setattr(postings, "_locate", lambda *a: pytest.fail("W3 path taken"))
    for (field, term), docs in expected.items():
        ids, weights = read_postings(leaf, field, term)
        assert ids.tolist() == sorted(docs)
        assert weights.tolist() == [float(len(docs[d])) for d in sorted(docs)]
        wanted = np.asarray(sorted(docs)[::7], dtype=np.int64)
        assert read_positions(leaf, field, term, wanted) == {d: docs[d] for d in wanted.tolist()}
        fold_ids, fold_w = read_postings(leaf, "fold", term)
        if term != "алыс":
            assert fold_ids.tolist() == sorted(docs)  # a field without positions
            assert read_positions(leaf, "fold", term, wanted) == {}
    assert read_postings(leaf, "exact", "жоқ")[0].tolist() == []


def test_whoosh_reader_api_agrees(index):
    path, expected = index
    leaf = _leaf(path)
    for (field, term), docs in expected.items():
        m = leaf.postings(field, term)
        seen = {}
        while m.is_active():
            seen[m.id()] = list(m.value_as("positions"))
            assert m.weight() == len(seen[m.id()])
            m.next()
        assert seen == docs
        assert leaf.doc_frequency(field, term) == len(docs)
        assert leaf.frequency(field, term) == sum(map(len, docs.values()))
    assert [t for t in leaf.expand_prefix("exact", "а")] == [t.encode() for t in ("алыс", "аралық")]
    assert sorted(leaf.terms_within("exact", "сирик", 1)) == ["сирек"]
    with open_index(path).searcher() as s:
        from whoosh import query

        hits = s.search(query.Phrase("exact", ["жиі", "жиі"]), limit=None)
        assert len(hits) == 0  # positions 0..4 and 7..11: never adjacent
        assert len(s.search(query.Term("exact", "сирек"))) == 2


def test_damaged_term_index_is_named(index, tmp_path):
    path, _ = index
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    [mti] = copy.glob("*.mti")
    data = bytearray(mti.read_bytes())
    data[-4:] = b"XXXX"
    mti.write_bytes(bytes(data))
    with pytest.raises(CorruptTermIndex, match=mti.name):
        open_index(copy).reader()


def test_phrases_equal_whooshs_phrase_matcher(tmp_path):
    """Random documents over a tiny vocabulary (many repeats, long documents): every phrase
    of 2-4 words, repeated words included, finds what Whoosh's phrase matcher finds."""
    import random

    from muragat.store import open_snapshot
    from whoosh import query

    rng = random.Random(4)
    vocab = ["а", "бұл", "кітап", "и", "the", "of", "бір"]
    ix = create_index(tmp_path)
    writer = GroupingWriter(ix, _lk=False, limitmb=64)
    for d in range(400):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 40 if d % 10 else 400))]
        exact: dict[str, list[int]] = {}
        for pos, w in enumerate(words):
            exact.setdefault(w, []).append(pos)
        _add(writer, f"d{d}", exact, {})
    commit_with_segments(ix.writer(), [finish_segment(writer)])
    snap = open_snapshot(tmp_path)
    checked = 0
    with open_index(tmp_path).searcher() as s:
        for _ in range(150):
            phrase = [rng.choice(vocab) for _ in range(rng.randint(2, 4))]
            m = query.Phrase("exact", phrase).matcher(s)
            want = sorted(set(m.all_ids())) if m.is_active() else []
            assert snap.phrase_docs([("exact", phrase)]).tolist() == want, phrase
            cands = np.arange(0, 400, 3)
            assert snap.phrase_docs([("exact", phrase)], cands).tolist() == [
                d for d in want if d % 3 == 0], phrase
            checked += bool(want)
    assert checked > 50


def test_merged_postings_equal_the_segments_joined(tmp_path):
    """``Snapshot.postings`` decodes every segment straight into one array: the same numbers
    and the same weight bits as each segment's postings offset by its base and joined, with
    a boosted field (titles), frequencies of 1 (no frequency column) and deleted documents."""
    from muragat.store.postings import read_merged_postings, read_postings_of_segments
    from muragat.store.snapshot import open_snapshot

    ix = create_index(tmp_path)
    segments = []
    rng = np.random.default_rng(5)
    for s in range(3):
        writer = GroupingWriter(ix, _lk=False, limitmb=64)
        for d in range(400 + 150 * s):
            exact = {"бос": [1]}
            if rng.random() < 0.4:
                exact["жиі"] = list(range(int(rng.integers(1, 5))))
            if d % (50 + s) == 0:
                exact["сирек"] = [3]
            writer.add_document(id=f"s{s}d{d}", file=f"s{s}d{d}", exact=TermStream.grouped(exact),
                                fold=TermStream.grouped({}), body="", title="",
                                title_kk=TermStream.grouped(exact))
        segments.append(finish_segment(writer))
    commit_with_segments(ix.writer(), segments, merge=False)
    writer = ix.writer()
    writer.delete_by_term("id", "s1d7")
    writer.delete_by_term("id", "s2d0")
    writer.commit()
    snap = open_snapshot(tmp_path)
    assert len(snap.leaves) == 3 and snap.has_deletions
    for field in ("exact", "title_kk"):
        for term in ("бос", "жиі", "сирек", "жоқ"):
            merged = read_merged_postings(snap.leaves, field, term)
            assert merged is not None
            parts = read_postings_of_segments([leaf for leaf, _ in snap.leaves], field, term)
            ids = np.concatenate([p[0] + base
                                  for p, (_, base) in zip(parts, snap.leaves, strict=True)])
            weights = np.concatenate([p[1] for p in parts])
            assert merged[0].dtype == np.int64 and merged[1].dtype == np.float32
            assert merged[0].tolist() == ids.tolist()
            assert merged[1].tobytes() == weights.astype(np.float32).tobytes()
            live = snap.live[ids]
            got_ids, got_w = snap.postings(field, term)
            assert got_ids.tolist() == ids[live].tolist()
            assert got_w.tobytes() == weights[live].astype(np.float32).tobytes()
    assert snap.postings("title_kk", "бос")[1][0] == np.float32(3.0)  # the title's boost
