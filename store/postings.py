"""Posting lists, positions and field lengths read from Whoosh segments into numpy arrays.

Ranking, filters and facets work on whole arrays (one entry per document number)
instead of Whoosh's per-posting Python matchers. A W3 posting list is a run of
blocks (128 postings each), every block a zlib-compressed pickle of ``(id deltas,
weights, values)``; the values (word positions) are most of its bytes and most of
its unpickling time (each is rebuilt by a function call). So the readers here:

* find the list from the segment's term info (no Whoosh matcher), take its bytes in
  one read and walk the block headers themselves (the block directory is cached per
  segment and term: segments never change);
* for ids and weights, decompress only the head of each block (the ids and weights
  come first) and decode it with ``store.format.decode_block_head`` (the block shapes
  that Muragat's writer and Whoosh write), with ``pickle.loads`` of the block otherwise;
* for positions, read, decompress and unpickle only the blocks that hold a wanted
  document, with the values unpickled as cheap placeholders and only the wanted ones
  turned back into bytes (blocks of protocol 2; protocol 4 pickles bytes natively).

The block format is defined once, in ``store.format``, for this reader and the writer.
Anything that is not this layout (inlined single postings, other codecs) goes
through Whoosh's public matcher API.
"""

from __future__ import annotations

import os
import pickle
import zlib
from functools import lru_cache
from io import BytesIO
from struct import Struct
from typing import Any, NamedTuple

import numpy as np
from muragat.store.codec import ArrayTermsReader
from muragat.store.format import BLOCK_MAGIC, decode_block_head, head_bytes
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

# byte -> approximate field length, Whoosh's own length encoding.
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)

_INT = Struct("!i")  # block length (negative for the last block)

class Block(NamedTuple):
    """One block of a W3 posting list: its size, last id and where its data lies (offsets
    from the start of the posting list)."""

    count: int
    maxid: int
    compressed: bool
    start: int
    end: int


def _unwrap(matcher: Any) -> Any:
    """The leaf matcher under Whoosh's deleted-documents filter (deletions are masked later)."""
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def _matcher(reader: Any, field: str, text: str) -> Any | None:
    try:
        return _unwrap(reader.postings(field, text))
    except (TermNotFound, KeyError):
        return None


class _Located(NamedTuple):
    """A posting list found in a segment: where its W3 blocks lie (``blocks`` offsets are
    relative to ``offset``), or its inlined postings."""

    offset: int
    length: int
    blocks: list[Block]
    inline: tuple | None  # (ids, weights, values) of a list stored in the term info


_NOT_W3 = object()


class _TermKey:
    """Cache key of a term in a segment: (segment id, field, text). It carries the reader
    for the lookup that fills the cache entry, and drops it then (the cache keeps no reader)."""

    __slots__ = ("key", "reader")

    def __init__(self, key: tuple[str, str, str], reader: Any):
        self.key = key
        self.reader = reader

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TermKey) and self.key == other.key


@lru_cache(maxsize=8192)
def _cached_locate(term: _TermKey) -> _Located | None | object:
    """``_find`` cached per segment and term. A segment never changes once written (its id is
    unique; deletions live elsewhere), so an entry stays true for the life of the process."""
    reader, term.reader = term.reader, None
    return _find(reader, term.key[1], term.key[2])


def mark_segment(reader: Any, folder: str | None) -> None:
    """Give a segment reader the key of its cache entries: the index folder, the segment id
    and the identity of the segment's file on disk (device, inode, time, size). A segment
    id alone is not enough: ids come from the ``random`` module, and an application (or a
    test framework) that seeds it makes another index, or a rebuild in the same folder,
    reuse them. Readers without a key are not cached."""
    key = None
    try:
        segment_id = reader.segment().segment_id()
    except AttributeError:
        segment_id = None
    if segment_id and folder:
        for ext in (".seg", ".trm", ".mti"):
            try:
                st = os.stat(os.path.join(folder, segment_id + ext))
            except OSError:
                continue
            key = (os.path.realpath(folder), segment_id,
                   (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size))
            break
    reader._muragat_cache_key = key


def _locate(reader: Any, field: str, text: str) -> _Located | None | object:
    """Where ``field:text``'s posting list lies in a segment (block directory cached for
    readers marked by ``mark_segment``): ``None`` when the term is absent, ``_NOT_W3``
    for readers of another layout."""
    segment_key = getattr(reader, "_muragat_cache_key", None)
    if segment_key is None:
        return _find(reader, field, text)
    return _cached_locate(_TermKey((segment_key, field, text), reader))


def _find(reader: Any, field: str, text: str) -> _Located | None | object:
    """The posting list of ``field:text`` straight from the segment's term info (no matcher
    built)."""
    try:
        terms = reader._terms
        tbytes = reader._text_to_bytes(field, text)
        postfile = terms._postfile
    except AttributeError:
        return _NOT_W3
    except (TermNotFound, KeyError):
        return None
    try:
        info = terms.term_info(field, tbytes)
    except (TermNotFound, KeyError):
        return None
    try:
        if info.is_inlined():
            return _Located(0, 0, [], info.inlined_postings())
        offset, length = info.extent()
    except AttributeError:
        return _NOT_W3
    if isinstance(length, tuple):  # whoosh-reloaded keeps the extent's length as a 1-tuple
        length = length[0]
    blocks = _parse_blocks(postfile.get(offset, length))
    return _NOT_W3 if blocks is None else _Located(offset, length, blocks, None)


def _postfile(reader: Any) -> Any:
    return reader._terms._postfile


def raw_blocks(m: Any) -> tuple[bytes, list[Block]] | None:
    """The bytes of a W3 leaf matcher's posting list and its block directory; ``None``
    when ``m`` is not a W3 block matcher with integer ids."""
    try:
        postfile, offset, length = m._postfile, m._startoffset, m._length
        if m._byteids:
            return None
    except AttributeError:
        return None
    if isinstance(length, tuple):
        length = length[0]
    buf = postfile.get(offset, length)
    blocks = _parse_blocks(buf)
    return None if blocks is None else (buf, blocks)


def _parse_blocks(buf: bytes) -> list[Block] | None:
    """The block directory of a W3 posting list's bytes (``None`` if they are not one)."""
    if buf[:4] != BLOCK_MAGIC:
        return None
    bio = BytesIO(buf)
    blocks: list[Block] = []
    pos, end = 4, len(buf)
    load = pickle.load
    while pos < end:
        size = _INT.unpack_from(buf, pos)[0]
        last = size < 0
        nxt = pos + 4 + abs(size)
        bio.seek(pos + 4)
        info = load(bio)
        blocks.append(Block(int(info[0]), int(info[1]), bool(info[3]), bio.tell(), nxt))
        pos = nxt
        if last:
            break
    return blocks


def _head(buf: bytes, block: Block) -> bytes:
    """The start of a block's pickle: enough bytes for its ids and weights."""
    data = buf[block.start : block.end]
    if not block.compressed:
        return data
    return zlib.decompressobj().decompress(data, head_bytes(block.count))


def _full(buf: bytes, block: Block) -> tuple:
    data = buf[block.start : block.end]
    return pickle.loads(zlib.decompress(data) if block.compressed else data)


# Protocol 2 pickles bytes as ``_codecs.encode(text, "latin1")``, one call per value. Only a
# few values of a block are wanted: unpickle them as ``slice(text, "latin1")`` (no codec
# lookup) and encode the wanted ones. The ids and weights before the values are opcodes with
# at most 8 free bytes in a row, so the first occurrence of this 16-byte global is the real one.
_ENCODE_GLOBAL = b"c_codecs\nencode\n"
_SLICE_GLOBAL = b"cbuiltins\nslice\n"


def _full_lazy_values(buf: bytes, block: Block) -> tuple[tuple, bool]:
    """A block's pickle tuple; its values as ``slice(text, ...)`` when the flag is True."""
    data = buf[block.start : block.end]
    raw = zlib.decompress(data) if block.compressed else data
    at = raw.find(_ENCODE_GLOBAL)
    if at < 0:
        return pickle.loads(raw), False
    return pickle.loads(raw[:at] + _SLICE_GLOBAL + raw[at + len(_ENCODE_GLOBAL) :]), True


def _read_blocks(buf: bytes, blocks: list[Block]) -> tuple[np.ndarray, np.ndarray]:
    ids_parts: list[np.ndarray] = []
    w_parts: list[np.ndarray] = []
    for block in blocks:
        decoded = decode_block_head(_head(buf, block), block.count)
        if decoded is None:
            data = _full(buf, block)
            decoded = (np.array(data[0], dtype=np.int64), _weights(data[1], block.count))
        ids_parts.append(decoded[0])
        w_parts.append(decoded[1])
    if not ids_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    deltas = np.concatenate(ids_parts)
    if len(blocks) > 1:
        # Each block's deltas start from 0: make its first delta relative to the previous
        # block's last id, and one cumsum decodes the whole list.
        starts = np.cumsum([b.count for b in blocks[:-1]])
        deltas[starts] -= np.array([b.maxid for b in blocks[:-1]], dtype=np.int64)
    return np.cumsum(deltas), np.concatenate(w_parts)


def _weights(value: Any, n: int) -> np.ndarray:
    if value is None:
        return np.ones(n, dtype=np.float32)
    if isinstance(value, float):
        return np.full(n, value, dtype=np.float32)
    return np.asarray(value, dtype=np.float32)


def _arrays(reader: Any) -> ArrayTermsReader | None:
    """The terms reader of a segment written with Muragat's codec, or None (a W3 segment)."""
    terms = getattr(reader, "_terms", None)
    return terms if isinstance(terms, ArrayTermsReader) else None


def read_postings(reader: Any, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (ascending) and term weights of ``field:text`` in one segment."""
    terms = _arrays(reader)
    if terms is not None:
        try:
            key = reader._text_to_bytes(field, text)
        except (TermNotFound, KeyError, ValueError):
            return EMPTY_IDS, EMPTY_WEIGHTS
        return terms.postings(field, key, float(reader.schema[field].format.field_boost))
    found = _locate(reader, field, text)
    if found is None:
        return EMPTY_IDS, EMPTY_WEIGHTS
    if isinstance(found, _Located):
        if found.inline is not None:
            ids, weights, _values = found.inline
            return np.asarray(ids, dtype=np.int64), _weights(tuple(weights), len(ids))
        return _read_blocks(_postfile(reader).get(found.offset, found.length), found.blocks)
    m = _matcher(reader, field, text)
    ids_l: list[int] = []
    weights_l: list[float] = []
    while m is not None and m.is_active():  # generic path: other codecs
        ids_l.append(m.id())
        weights_l.append(m.weight())
        m.next()
    return np.asarray(ids_l, dtype=np.int64), np.asarray(weights_l, dtype=np.float32)


def read_postings_of_segments(readers: list[Any], field: str, text: str
                              ) -> list[tuple[np.ndarray, np.ndarray]]:
    """``read_postings`` in each of several segments of one index (one schema): the term's
    bytes and the field's boost are worked out once, not once per segment."""
    out: list[tuple[np.ndarray, np.ndarray]] = []
    key: bytes | None = None
    boost = 1.0
    for reader in readers:
        terms = _arrays(reader)
        if terms is None:
            out.append(read_postings(reader, field, text))
            continue
        if key is None:
            try:
                key = reader._text_to_bytes(field, text)
            except (TermNotFound, KeyError, ValueError):
                return [(EMPTY_IDS, EMPTY_WEIGHTS)] * len(readers)
            boost = float(reader.schema[field].format.field_boost)
        out.append(terms.postings(field, key, boost))
    return out


def read_merged_postings(leaves: list[tuple[Any, int]], field: str, text: str
                         ) -> tuple[np.ndarray, np.ndarray] | None:
    """``field:text`` in every segment of one index (``(reader, first document number)``,
    in order) as one pair of arrays: document numbers (ascending, offset by each segment's
    base) and weights, decoded straight into them (no per-segment arrays to add the base
    to and join: a common word's 400,000 postings over 8 segments cost 1 ms, not 11).
    None when a segment is not written with Muragat's codec (``read_postings_of_segments``
    then)."""
    arrays = [_arrays(reader) for reader, _base in leaves]
    if not leaves or any(a is None for a in arrays):
        return None
    reader = leaves[0][0]
    try:
        key = reader._text_to_bytes(field, text)
    except (TermNotFound, KeyError, ValueError):
        return EMPTY_IDS, EMPTY_WEIGHTS
    boost = np.float32(reader.schema[field].format.field_boost)
    found = []
    total = 0
    for terms, (_reader, base) in zip(arrays, leaves, strict=True):
        encoded = terms.encoded(field, key)
        if encoded is not None and len(encoded[0]):
            found.append((encoded, base))
            total += len(encoded[0])
    if not total:
        return EMPTY_IDS, EMPTY_WEIGHTS
    ids = np.empty(total, dtype=np.int64)
    weights = np.empty(total, dtype=np.float32)
    at = 0
    for (deltas, tfs), base in found:
        end = at + len(deltas)
        part = ids[at:end]
        np.cumsum(deltas, dtype=np.int64, out=part)
        if base:
            part += base
        if tfs is None:
            weights[at:end] = boost
        else:
            weights[at:end] = tfs
            if boost != 1:
                weights[at:end] *= boost
        at = end
    return ids, weights


LENGTH_OF_CODE = _BYTE_TO_LENGTH  # a length code (one byte) -> the length it stands for


def read_field_length_codes(reader: Any, field: str) -> np.ndarray | None:
    """The one-byte length code of ``field`` for every document of one segment (the W3
    lengths column as it is stored; ``LENGTH_OF_CODE`` decodes it), or None when the
    segment does not keep lengths that way."""
    n = reader.doc_count_all()
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        out = np.zeros(n, dtype=np.uint8)
        if col is not None:
            raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
            out[: min(len(raw), n)] = raw[:n]
        return out
    except Exception:  # noqa: BLE001 - any layout surprise: the caller uses the public API
        return None


def read_field_lengths(reader: Any, field: str) -> np.ndarray:
    """Length (in terms) of ``field`` for every document of one segment."""
    codes = read_field_length_codes(reader, field)
    if codes is not None:
        return _BYTE_TO_LENGTH[codes]
    return np.array([reader.doc_field_length(d, field) or 0
                     for d in range(reader.doc_count_all())], dtype=np.float32)


def _block_values(data: tuple, n: int, fixedsize: int | None) -> tuple:
    """A decoded block's values as a tuple (Whoosh's ``W3LeafMatcher._read_values``)."""
    vs = data[2]
    if fixedsize is None or fixedsize < 0:
        return vs
    if fixedsize == 0:
        return (None,) * n
    return tuple(vs[i : i + fixedsize] for i in range(0, len(vs), fixedsize))


def read_positions(reader: Any, field: str, text: str, docs: np.ndarray) -> dict[int, list[int]]:
    """Word positions of ``field:text`` in the (sorted, segment-local) documents ``docs``.

    Only the blocks that can hold a wanted document (by their last id) are decoded.
    """
    out: dict[int, list[int]] = {}
    if not len(docs):
        return out
    terms = _arrays(reader)
    if terms is not None:
        try:
            key = reader._text_to_bytes(field, text)
        except (TermNotFound, KeyError, ValueError):
            return out
        return terms.positions(field, key, docs)
    found = _locate(reader, field, text)
    if found is None:
        return out
    fmt = reader.schema[field].format
    decode = fmt.decoder("positions")
    if not isinstance(found, _Located):
        m = _matcher(reader, field, text)
        for d in np.asarray(docs).tolist():  # generic path: other codecs
            if m is None or not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
            if m.is_active() and m.id() == d:
                out[d] = list(m.value_as("positions"))
        return out
    if found.inline is not None:
        wanted = set(np.asarray(docs).tolist())
        ids, _weights_, values = found.inline
        for d, v in zip(ids, values, strict=True):
            if d in wanted:
                out[int(d)] = list(decode(v))
        return out
    postfile, base, blocks = _postfile(reader), found.offset, found.blocks
    docs = np.asarray(docs, dtype=np.int64)
    maxids = np.array([b.maxid for b in blocks], dtype=np.int64)
    which = np.searchsorted(maxids, docs, side="left")  # the only block that can hold each doc
    fixedsize = fmt.fixed_value_size()
    variable = fixedsize is None or fixedsize < 0  # values pickled one by one
    for bi in np.unique(which[which < len(blocks)]).tolist():
        block = blocks[bi]  # read alone: not the whole posting list
        buf = postfile.get(base + block.start, block.end - block.start)
        block = block._replace(start=0, end=len(buf))
        data, lazy = _full_lazy_values(buf, block) if variable else (_full(buf, block), False)
        ids = np.cumsum(np.asarray(data[0], dtype=np.int64))
        want = docs[which == bi]
        at = np.minimum(np.searchsorted(ids, want), len(ids) - 1)
        hit = ids[at] == want
        if not hit.any():
            continue
        if lazy:
            values = data[2]
            for d, k in zip(want[hit].tolist(), at[hit].tolist(), strict=True):
                v = values[k]  # b"" is pickled otherwise, as bytes()
                out[d] = list(decode(v.start.encode("latin-1") if isinstance(v, slice) else v))
            continue
        values = _block_values(data, block.count, fixedsize)
        for d, k in zip(want[hit].tolist(), at[hit].tolist(), strict=True):
            out[d] = list(decode(values[k]))
    return out
