"""The on-disk choices Muragat makes inside Whoosh's W3 format, shared by writer and reader.

``store.grouping_writer`` writes segments with these choices and ``store.postings`` reads
them back (Whoosh's own readers read them too: every choice below is one Whoosh reads):

* posting blocks: ``W3Bl`` magic, then per block a length, a header pickle and the block
  data ``(id deltas, weights, values)`` pickled with ``PICKLE_PROTOCOL``, zlib-compressed
  when the pickle has at least ``COMPRESS_MIN_BYTES``;
* terms with at most ``INLINE_LIMIT`` postings keep them inside their term info;
* the term index hashes keys with ``TERM_HASH`` (its header names the type).

``decode_block_head`` reads the ids and weights of a block straight from the start of its
pickle (no ``pickle.loads``): the shapes that ``GroupingWriter`` writes with protocol 4, and
the protocol-2 shapes of segments written by Whoosh itself or by Muragat before it moved to
protocol 4. Anything else returns ``None`` and the caller unpickles the block.
"""

from __future__ import annotations

import pickle
import re

import numpy as np

# Posting lists start with Whoosh's W3 block magic (whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC).
BLOCK_MAGIC = b"W3Bl"
# Pickle protocol of block data and inlined postings. Whoosh writes protocol 2, which pickles
# each bytes value as a call to ``_codecs.encode`` on a latin-1 string; protocol 4 is faster
# to dump and load and smaller (figures in docs/INDEXER.md). Block headers stay protocol 2,
# as Whoosh writes them.
PICKLE_PROTOCOL = 4
HEADER_PICKLE_PROTOCOL = 2
# Terms with at most this many postings keep them inside their term info: most terms of a
# segment have a handful of postings, and a block of its own costs several times more to
# write and to find again. Whoosh reads inlined postings of any number (its own writer
# inlines only single postings). 0 turns it off.
INLINE_LIMIT = 8
# Blocks whose pickle is smaller than this are written uncompressed (the block header says
# so): zlib costs ~20 us a call and gains nothing on small blocks.
COMPRESS_MIN_BYTES = 1024
# zlib level, window bits and memory level of compressed blocks and stored fields: a 4 KB
# window (blocks are a few KB) costs 38 us rather than ~100 us on a 4.4 KB block, 2 % larger.
ZLIB_LEVEL = 2
ZLIB_WBITS = 12
ZLIB_MEMLEVEL = 5
# Term index hash type (whoosh.filedb.filetables: 0 MD5, Whoosh's default; 1 CRC32; 2 CDB):
# zlib.crc32 costs ~0.1 us a key where Whoosh's MD5 hash costs ~0.7 us.
TERM_HASH_MD5 = 0
TERM_HASH_CRC32 = 1
TERM_HASH = TERM_HASH_CRC32
# Postings per block (Whoosh's default block limit).
BLOCK_LIMIT = 128

# Pickle opcodes met in a block's head.
_PROTO, _FRAME, _MARK, _TUPLE, _STOP = 0x80, 0x95, 0x28, 0x74, b"."
_TUPLE1 = 0x85  # TUPLE1, TUPLE2, TUPLE3 = 0x85, 0x86, 0x87 (tuples of 1-3 items, no MARK)
_BINPUT, _LONG_BINPUT, _MEMOIZE = 0x71, 0x72, 0x94
_NONE, _BINFLOAT = 0x4E, 0x47
# The ids tuple's items: BININT1, BININT2 or BININT with their 1, 2 or 4 argument bytes.
_IDS_RE = re.compile(rb"(?:K.|M..|J....)*", re.DOTALL)


def _tuple_start(head: bytes, p: int, n: int) -> tuple[int, int] | None:
    """Where the items of an ``n``-tuple pickled at ``p`` start, and its closing opcode."""
    if n <= 3:
        return (p, _TUPLE1 + n - 1) if p < len(head) and head[p] != _MARK else None
    return (p + 1, _TUPLE) if p < len(head) and head[p] == _MARK else None


def _after_memo(head: bytes, p: int) -> int:
    """``p`` past a memo opcode (protocol 2: BINPUT/LONG_BINPUT; protocol 4: MEMOIZE)."""
    if p >= len(head):
        return p
    op = head[p]
    if op == _MEMOIZE:
        return p + 1
    if op == _BINPUT:
        return p + 2
    if op == _LONG_BINPUT:
        return p + 5
    return p


def decode_block_head(head: bytes, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Id deltas (int64) and weights (float32) of an ``n``-posting block from the start of its
    pickle, or ``None`` when the bytes do not have a shape this decoder knows."""
    if len(head) < 4 or head[0] != _PROTO or n <= 0:
        return None
    p = 2
    if head[p] == _FRAME:  # protocol 4: an 8-byte frame length
        p += 9
    # The outer 3-tuple is TUPLE3-closed (no MARK): the ids tuple comes first.
    found = _tuple_start(head, p, n)
    if found is None:
        return None
    start, close = found
    end = start + 2 * n
    if head[start:end:2] == b"K" * n and head[end : end + 1] == bytes((close,)):
        ids = np.frombuffer(head, dtype=np.uint8, count=2 * n, offset=start)[1::2].astype(np.int64)
        p = end
    else:  # wider deltas: find the end of the ids tuple, unpickle only it
        p = _IDS_RE.match(head, start).end()
        if p >= len(head) or head[p] != close:
            return None
        opener = b"(" if close == _TUPLE else b""
        ids = np.array(pickle.loads(opener + head[start : p + 1] + _STOP), dtype=np.int64)
        if len(ids) != n:
            return None
    p = _after_memo(head, p + 1)
    if p >= len(head):
        return None
    op = head[p]
    if op == _NONE:
        return ids, np.ones(n, dtype=np.float32)
    # A tuple of floats first: without MARK (1-3 items) it starts like a single float does.
    found = _tuple_start(head, p, n)
    if found is not None:
        start, close = found
        end = start + 9 * n
        if end < len(head) and head[start:end:9] == b"G" * n and head[end] == close:
            raw = np.frombuffer(head, dtype=np.uint8, count=9 * n, offset=start).reshape(n, 9)
            return ids, raw[:, 1:].copy().view(">f8").ravel().astype(np.float32)
    if op == _BINFLOAT and p + 9 <= len(head):
        value = np.frombuffer(head, dtype=">f8", count=1, offset=p + 1)[0]
        return ids, np.full(n, value, dtype=np.float32)
    return None


def head_bytes(n: int) -> int:
    """How many bytes of an ``n``-posting block's pickle hold its ids and weights at most:
    protocol and frame (11), ids (MARK + 5 bytes each + TUPLE + memo), weights (MARK + 9 each
    + TUPLE)."""
    return 14 * n + 32
