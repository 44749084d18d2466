"""Muragat's segment codec: Whoosh's W3 per-document files, a compact memory-mapped inverted index.

``MuragatCodec`` is a Whoosh codec (``W3Codec`` for stored fields, field lengths, columns
and deletions), so a Muragat index stays a Whoosh index: Whoosh opens it, searches it and
merges it through the Whoosh reader API implemented below. What it replaces is W3's inverted
index (``.trm`` hash table of term infos, ``.pst`` zlib-compressed pickled blocks), which a
search process had to copy into memory and decode block by block, with the word positions
pickled beside every posting. Per segment, two files instead, read through ``mmap``
(nothing is copied at open; processes share the pages):

``<segment>.mpo`` postings. Per term, three arrays one after another, each little-endian
    with the narrowest unsigned width that holds its values (1, 2 or 4 bytes; 0 = absent):
    document-number deltas (the first is the number itself), frequencies (absent when all
    are 1) and word positions (absent for fields without positions; per posting its
    ``frequency`` positions, ascending). Ids and frequencies are read without the positions.
``<segment>.mti`` term index. Per field: the terms' UTF-8 bytes in order (one blob and
    its offsets), a fixed-size record per term (``RECORD``: document frequency, offset and
    widths of its postings, statistics Whoosh's term info carries) and a hash table (sorted
    64-bit hashes and the term number of each) for lookups. A JSON directory at the end says
    where each field's arrays lie.

Weights are frequency x the field's boost (Whoosh's own weighting of pre-analyzed fields);
the positions of a field are what its ``Positions`` format decodes. ``FORMAT_VERSION``
changes whenever these files change.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import zlib
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import numpy as np
from muragat.store.arrays import common, distinct
from whoosh.codec import base
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.formats import Existence, Frequency, Positions
from whoosh.matching import ListMatcher
from whoosh.reading import TermInfo
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

FORMAT_VERSION = 1
TERMS_EXT = ".mti"
POSTS_EXT = ".mpo"
_TRAILER = struct.Struct("<QI4s")  # directory offset, directory length, magic
_MAGIC = b"MGT1"
# One record per term.
RECORD = np.dtype([
    ("df", "<u4"),  # documents
    ("off", "<u8"),  # where the term's arrays start in the postings file
    ("wid", "u1"), ("wtf", "u1"), ("wpos", "u1"),  # array widths in bytes (0: absent)
    ("pad", "u1"),
])  # 16 bytes; the statistics Whoosh's term infos carry are computed when asked for
_DTYPES = {1: np.dtype("u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4")}
# Postings bytes a writer holds before writing them to the file.
FLUSH_BYTES = 1 << 22
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_W = np.zeros(0, dtype=np.float32)


def width(max_value: int) -> int:
    """The narrowest of 1, 2 or 4 bytes that holds ``max_value``."""
    return 1 if max_value < 256 else 2 if max_value < 65536 else 4


def term_hash(key: bytes) -> int:
    """The 32-bit hash of a term's bytes in the term index (collisions are resolved by
    comparing the keys)."""
    return zlib.crc32(key)


SUPPORTED_FORMATS = (Existence, Frequency, Positions)


def _positional(fmt: Any) -> bool:
    return type(fmt) is Positions


def check_format(fieldname: str, fmt: Any) -> None:
    """Refuse a field format this codec does not store (characters, position boosts, ...)."""
    if type(fmt) not in SUPPORTED_FORMATS:
        raise UnsupportedFeature(
            f"field {fieldname!r}: format {type(fmt).__name__} is not supported by Muragat's "
            f"codec (Existence, Frequency and Positions are)")


class UnsupportedFeature(ValueError):
    """A schema or writer feature that Muragat's segment format does not store."""


# -- writing -------------------------------------------------------------------------------


def _widths(maxima: np.ndarray) -> np.ndarray:
    """``width`` of each value (uint8 1, 2 or 4)."""
    return np.where(maxima < 256, 1, np.where(maxima < 65536, 2, 4)).astype(np.uint8)


def _scatter(out: np.ndarray, dest: np.ndarray, values: np.ndarray, widths: np.ndarray) -> None:
    """Write each ``values[i]`` little-endian in ``widths[i]`` bytes at ``out[dest[i]:]``."""
    raw = values.astype("<u4").view(np.uint8).reshape(-1, 4)
    for k in range(4):
        m = widths > k
        if not m.any():
            break
        out[dest[m] + k] = raw[m, k]


def encode_terms(ids: np.ndarray, tfs: np.ndarray, counts: np.ndarray,
                 positions: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The postings bytes of consecutive terms and their records (without key or offset base).

    ``ids``/``tfs``: every posting of the terms, term after term (ids ascending within a
    term); ``counts``: postings per term (> 0); ``positions``: every posting's positions in
    the same order, or None for a field without positions. Vectorized over all terms: a
    segment has hundreds of thousands of terms, most with one or two postings.
    """
    t = len(counts)
    n = len(ids)
    ids = ids.astype(np.int64, copy=False)
    tfs = tfs.astype(np.int64, copy=False)
    starts = np.zeros(t, dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    term_of = np.repeat(np.arange(t), counts)
    deltas = ids.copy()
    deltas[1:] -= ids[:-1]
    deltas[starts] = ids[starts]
    wid = _widths(np.maximum.reduceat(deltas, starts))
    maxtf = np.maximum.reduceat(tfs, starts)
    sumtf = np.add.reduceat(tfs, starts)
    wtf = np.where(maxtf <= 1, 0, _widths(maxtf)).astype(np.uint8)
    if positions is not None and len(positions):
        pstarts = np.zeros(t, dtype=np.int64)
        np.cumsum(sumtf[:-1], out=pstarts[1:])
        wpos = _widths(np.maximum.reduceat(positions.astype(np.int64, copy=False), pstarts))
    else:
        wpos = np.zeros(t, dtype=np.uint8)
    counts = counts.astype(np.int64, copy=False)
    size = counts * wid + counts * wtf + sumtf * wpos
    toff = np.zeros(t, dtype=np.int64)
    np.cumsum(size[:-1], out=toff[1:])
    out = np.zeros(int(size.sum()), dtype=np.uint8)
    within = np.arange(n, dtype=np.int64) - starts[term_of]
    w = wid[term_of]
    _scatter(out, toff[term_of] + within * w, deltas, w)
    tf_base = toff + counts * wid
    w = wtf[term_of]
    has = w > 0
    if has.any():
        _scatter(out, (tf_base[term_of] + within * w)[has], tfs[has], w[has])
    if positions is not None and len(positions):
        pos_base = tf_base + counts * wtf
        pterm = np.repeat(np.arange(t), sumtf)
        pwithin = np.arange(len(positions), dtype=np.int64) - pstarts[pterm]
        w = wpos[pterm]
        _scatter(out, pos_base[pterm] + pwithin * w, positions, w)
    rec = np.zeros(t, dtype=RECORD)
    rec["df"] = counts
    rec["off"] = toff
    rec["wid"], rec["wtf"], rec["wpos"] = wid, wtf, wpos
    return out, rec


class ArrayFieldWriter(base.FieldWriter):
    """Writes a segment's inverted index (``.mpo`` + ``.mti``).

    ``add_terms`` takes many terms' postings as arrays at once (``GroupingWriter``);
    Whoosh's own per-posting calls (``start_term``/``add``/``finish_term``, used when Whoosh
    merges segments or spills a pool) are buffered per term and end in ``add_terms`` too.
    """

    def __init__(self, codec: MuragatCodec, storage: Any, segment: Any):
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._post = storage.create_file(segment.make_filename(POSTS_EXT))
        self._pos = 0
        self._parts: list[bytes] = []
        self._held = 0
        self._fields: dict[str, tuple[list[bytes], list[np.ndarray], float]] = {}
        self._fieldname: str | None = None
        self._fieldobj: Any = None
        self._keys: list[bytes] = []
        self._recs: list[np.ndarray] = []
        self._term: bytes | None = None
        self._ids: list[int] = []
        self._tfs: list[int] = []
        self._poss: list[int] = []
        self.is_closed = False

    # Whoosh's FieldWriter protocol

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        check_format(fieldname, fieldobj.format)
        self._fieldname = fieldname
        self._fieldobj = fieldobj
        self._keys = []
        self._recs = []

    def start_term(self, btext: bytes) -> None:
        self._term = btext
        self._ids, self._tfs, self._poss = [], [], []

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int) -> None:
        fmt = self._fieldobj.format
        if _positional(fmt):
            positions = fmt.decode_positions(vbytes)
            tf = len(positions)
            self._poss.extend(positions)
        elif isinstance(fmt, Frequency) and not isinstance(fmt, Existence):
            tf = fmt.decode_frequency(vbytes)
        else:
            tf = 1
        self._ids.append(docnum)
        self._tfs.append(tf)

    def finish_term(self) -> None:
        assert self._term is not None
        if self._ids:
            self.add_terms([self._term], np.asarray(self._ids, dtype=np.int64),
                           np.asarray(self._tfs, dtype=np.int64),
                           np.asarray([len(self._ids)], dtype=np.int64),
                           np.asarray(self._poss, dtype=np.int64)
                           if _positional(self._fieldobj.format) else None)
        self._term = None

    def finish_field(self) -> None:
        assert self._fieldname is not None
        self._fields[self._fieldname] = (self._keys, self._recs,
                                         float(self._fieldobj.format.field_boost))
        self._fieldname = None

    def add_spell_word(self, fieldname: str, text: str) -> None:
        raise NotImplementedError("Muragat's codec writes no spelling graph")

    # Arrays

    def add_terms(self, keys: list[bytes], ids: np.ndarray, tfs: np.ndarray, counts: np.ndarray,
                  positions: np.ndarray | None) -> None:
        """Write consecutive terms of the current field (``keys`` ascending, each > the last
        one written): see ``encode_terms`` for the arrays."""
        if not keys:
            return
        if self._keys and keys[0] <= self._keys[-1]:
            raise ValueError(f"terms must increase: {self._keys[-1]!r}..{keys[0]!r}")
        if not _positional(self._fieldobj.format):
            positions = None
        blob, rec = encode_terms(ids, tfs, counts, positions)
        rec["off"] += self._pos
        self._parts.append(blob.tobytes())
        self._pos += len(blob)
        self._held += len(blob)
        if self._held > FLUSH_BYTES:
            self._flush()
        self._keys.extend(keys)
        self._recs.append(rec)

    def _flush(self) -> None:
        if self._parts:
            self._post.write(b"".join(self._parts))
            self._parts = []
            self._held = 0

    def close(self) -> None:
        """Write the term index and close both files."""
        self._flush()
        self._post.close()
        out = self._storage.create_file(self._segment.make_filename(TERMS_EXT))
        pos = 0
        directory: dict[str, Any] = {"version": FORMAT_VERSION, "fields": {}}

        def put(data: bytes) -> int:
            nonlocal pos
            at = pos
            out.write(data)
            pos += len(data)
            pad = -pos % 8  # keep every array 8-byte aligned
            if pad:
                out.write(b"\0" * pad)
                pos += pad
            return at

        for name in sorted(self._fields):
            keys, recs, boost = self._fields[name]
            count = len(keys)
            lens = np.fromiter(map(len, keys), dtype=np.int64, count=count)
            koff = np.zeros(count + 1, dtype=np.int64)
            np.cumsum(lens, out=koff[1:])
            kdtype = "<u4" if koff[-1] < 1 << 32 else "<u8"
            rec = np.concatenate(recs) if recs else np.zeros(0, dtype=RECORD)
            hashes = np.fromiter(map(term_hash, keys), dtype=np.uint32, count=count)
            perm = np.argsort(hashes, kind="stable").astype("<u4")
            directory["fields"][name] = {
                "count": count, "boost": boost,
                "koff": put(koff.astype(kdtype).tobytes()), "kdtype": kdtype,
                "keys": put(b"".join(keys)),
                "rec": put(rec.tobytes()),
                "hash": put(hashes[perm].astype("<u4").tobytes()),
                "perm": put(perm.tobytes()),
            }
        data = json.dumps(directory, sort_keys=True).encode("utf-8")
        at = put(data)
        out.write(_TRAILER.pack(at, len(data), _MAGIC))
        out.close()
        self._fields.clear()
        self.is_closed = True


# -- reading -------------------------------------------------------------------------------


def _map(path: str) -> mmap.mmap | bytes:
    """The whole file, memory-mapped read-only (empty files as ``b""``)."""
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


_PAGE = mmap.PAGESIZE


def release_mapped(buf: Any, start: int = 0, end: int | None = None) -> None:
    """``madvise(MADV_DONTNEED)`` over ``[start, end)`` of a read-only mapping (an
    ``mmap.mmap`` or a ``np.memmap``; anything else, or a system without it, is left alone):
    the process lets go of pages it has read, which the page cache keeps."""
    mapping = buf if isinstance(buf, mmap.mmap) else getattr(buf, "_mmap", None)
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if not isinstance(mapping, mmap.mmap) or advice is None or mapping.closed:
        return
    size = len(mapping)
    end = size if end is None else min(end, size)
    offset = getattr(buf, "offset", 0) if mapping is not buf else 0
    lo = (start + offset) // _PAGE * _PAGE
    hi = min(end + offset, size)
    if hi > lo:
        mapping.madvise(advice, lo, hi - lo)


class CorruptTermIndex(ValueError):
    """A term index file that is not one (damaged or truncated)."""


class _Field:
    """One field's arrays in a term index (views of the mapped file)."""

    __slots__ = ("count", "koff", "keys", "rec", "hashes", "perm", "kbase", "boost")

    def __init__(self, buf: Any, spec: dict[str, Any]):
        n = self.count = int(spec["count"])
        self.koff = np.frombuffer(buf, dtype=spec["kdtype"], count=n + 1, offset=spec["koff"])
        self.kbase = int(spec["keys"])
        self.keys = buf
        self.rec = np.frombuffer(buf, dtype=RECORD, count=n, offset=spec["rec"])
        self.hashes = np.frombuffer(buf, dtype="<u4", count=n, offset=spec["hash"])
        self.boost = float(spec.get("boost", 1.0))
        self.perm = np.frombuffer(buf, dtype="<u4", count=n, offset=spec["perm"])

    def key(self, i: int) -> bytes:
        start = self.kbase + int(self.koff[i])
        return bytes(self.keys[start : self.kbase + int(self.koff[i + 1])])

    def find(self, key: bytes) -> int:
        """The term number of ``key``, or -1."""
        h = np.uint32(term_hash(key))
        i = int(np.searchsorted(self.hashes, h))
        while i < self.count and self.hashes[i] == h:
            j = int(self.perm[i])
            if self.key(j) == key:
                return j
            i += 1
        return -1

    def lower_bound(self, key: bytes) -> int:
        """The number of the first term >= ``key``."""
        return bisect_left(range(self.count), key, key=self.key)


def check_term_index(path: str) -> None:
    """A cheap structural check of a ``.mti`` file: its trailer and directory parse
    (``CorruptTermIndex`` naming the file otherwise); the content is the checksums' business."""
    name = os.path.basename(path)
    with open(path, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        if size < _TRAILER.size:
            raise CorruptTermIndex(f"{name} is truncated")
        f.seek(size - _TRAILER.size)
        at, length, magic = _TRAILER.unpack(f.read(_TRAILER.size))
        if magic != _MAGIC or at + length > size - _TRAILER.size:
            raise CorruptTermIndex(f"{name} is not a term index")
        f.seek(at)
        try:
            directory = json.loads(f.read(length))
            directory["fields"].items()
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptTermIndex(f"{name}: {exc}") from exc


class ArrayTermsReader(base.TermsReader):
    """Reads a segment's ``.mti``/``.mpo`` files through ``mmap`` (Whoosh's TermsReader API,
    plus array access: ``postings``, ``positions``)."""

    def __init__(self, codec: MuragatCodec, storage: Any, segment: Any):
        self._codec = codec
        folder = getattr(storage, "folder", None)
        if folder is None:
            raise TypeError("Muragat segments are read from a folder (FileStorage)")
        self._folder = folder
        self._segment = segment
        self._lengths: dict[str, np.ndarray] = {}
        self._tbuf = _map(os.path.join(folder, segment.make_filename(TERMS_EXT)))
        self._pbuf = _map(os.path.join(folder, segment.make_filename(POSTS_EXT)))
        buf = self._tbuf
        if len(buf) < _TRAILER.size:
            raise CorruptTermIndex(f"{segment.make_filename(TERMS_EXT)} is truncated")
        at, length, magic = _TRAILER.unpack_from(buf, len(buf) - _TRAILER.size)
        if magic != _MAGIC or at + length > len(buf):
            raise CorruptTermIndex(f"{segment.make_filename(TERMS_EXT)} is not a term index")
        try:
            directory = json.loads(bytes(buf[at : at + length]))
            self._fields = {name: _Field(buf, spec) for name, spec in directory["fields"].items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise CorruptTermIndex(f"{segment.make_filename(TERMS_EXT)}: {exc}") from exc
        self.version = int(directory.get("version", 0))

    # Arrays (search/)

    def find(self, fieldname: str, key: bytes) -> tuple[_Field, int] | None:
        """The field and term number of ``fieldname:key``, or None."""
        field = self._fields.get(fieldname)
        if field is None:
            return None
        i = field.find(key)
        return None if i < 0 else (field, i)

    def _stored(self, field: _Field, i: int) -> tuple[np.ndarray, np.ndarray | None, int]:
        """Term ``i``'s id deltas and frequencies as stored (views), and where what follows
        them (positions) starts."""
        r = field.rec[i]
        n, off, wid, wtf = int(r["df"]), int(r["off"]), int(r["wid"]), int(r["wtf"])
        deltas = np.frombuffer(self._pbuf, dtype=_DTYPES[wid], count=n, offset=off)
        off += n * wid
        tfs = None
        if wtf:
            tfs = np.frombuffer(self._pbuf, dtype=_DTYPES[wtf], count=n, offset=off)
            off += n * wtf
        return deltas, tfs, off

    def _arrays(self, field: _Field, i: int) -> tuple[np.ndarray, np.ndarray | None, int]:
        deltas, tfs, off = self._stored(field, i)
        return np.cumsum(deltas, dtype=np.int64), tfs, off

    def encoded(self, fieldname: str, key: bytes) -> tuple[np.ndarray, np.ndarray | None] | None:
        """A term's postings as stored (views of the mapped file, nothing decoded): the
        document number deltas (the first from 0) and the frequencies (None when every
        frequency is 1), or None without the term. ``postings.read_merged_postings``
        decodes several segments' into one array."""
        found = self.find(fieldname, key)
        if found is None:
            return None
        deltas, tfs, _off = self._stored(*found)
        return deltas, tfs

    def postings(self, fieldname: str, key: bytes, boost: float = 1.0
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (ascending) and weights (frequency x ``boost``) of a term."""
        found = self.find(fieldname, key)
        if found is None:
            return _EMPTY_IDS, _EMPTY_W
        ids, tfs, _off = self._arrays(*found)
        if tfs is None:
            return ids, np.full(len(ids), boost, dtype=np.float32)
        weights = tfs.astype(np.float32)
        if boost != 1.0:
            weights *= np.float32(boost)
        return ids, weights

    def positions(self, fieldname: str, key: bytes, docs: np.ndarray) -> dict[int, list[int]]:
        """Positions of a term in the (sorted) documents ``docs`` that have it."""
        found = self.find(fieldname, key)
        if found is None or not len(docs):
            return {}
        field, i = found
        wpos = int(field.rec[i]["wpos"])
        if not wpos:
            return {}
        ids, tfs, off = self._arrays(field, i)
        docs = np.asarray(docs, dtype=np.int64)
        at = np.searchsorted(ids, docs)
        inside = at < len(ids)
        at = at[inside]
        at = at[ids[at] == docs[inside]]
        if not len(at):
            return {}
        if tfs is None:
            starts = at
            counts = np.ones(len(at), dtype=np.int64)
            total = len(ids)
        else:
            ends = np.cumsum(tfs, dtype=np.int64)
            counts = tfs[at].astype(np.int64)
            starts = ends[at] - counts
            total = int(ends[-1])
        allpos = np.frombuffer(self._pbuf, dtype=_DTYPES[wpos], count=total, offset=off)
        out: dict[int, list[int]] = {}
        for d, s, c in zip(ids[at].tolist(), starts.tolist(), counts.tolist(), strict=True):
            out[d] = allpos[s : s + c].tolist()
        return out

    def all_positions(self, fieldname: str, key: bytes
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """``(ids, position counts, positions)`` of a term (positions of all its postings in
        order), or None when it is absent or has no positions."""
        found = self.find(fieldname, key)
        if found is None:
            return None
        field, i = found
        wpos = int(field.rec[i]["wpos"])
        if not wpos:
            return None
        ids, tfs, off = self._arrays(field, i)
        counts = np.ones(len(ids), dtype=np.int64) if tfs is None else tfs.astype(np.int64)
        total = int(counts.sum())
        return ids, counts, np.frombuffer(self._pbuf, dtype=_DTYPES[wpos], count=total,
                                          offset=off)

    def phrase_docs(self, fieldname: str, keys: list[bytes],
                    candidates: np.ndarray | None = None) -> np.ndarray:
        """Documents (ascending) holding ``keys`` at consecutive positions, among
        ``candidates`` (ascending) when given.

        Starts from the rarest term's positions (each a possible phrase start) and keeps
        those where every other term sits at its offset, found by a binary search within
        that document's positions of the term, vectorized over all starts at once: the cost
        follows the rarest term, not the common ones.
        """
        terms = []
        for offset, key in enumerate(keys):
            found = self.all_positions(fieldname, key)
            if found is None:
                return _EMPTY_IDS
            ids, counts, positions = found
            terms.append((len(ids), offset, ids, counts, positions))
        if not terms:
            return _EMPTY_IDS
        terms.sort(key=lambda t: t[0])
        docs = terms[0][2]
        if candidates is not None:
            docs = common(docs, candidates)
        for _n, _off, ids, _c, _p in terms[1:]:
            docs = common(docs, ids)
        if not len(docs):
            return _EMPTY_IDS
        _n, off, ids, counts, positions = terms[0]
        starts = np.zeros(len(ids), dtype=np.int64)
        np.cumsum(counts[:-1], out=starts[1:])
        j = np.searchsorted(ids, docs)
        c = counts[j]
        first = np.repeat(starts[j], c) + (np.arange(int(c.sum()), dtype=np.int64)
                                           - np.repeat(np.cumsum(c) - c, c))
        at_doc = np.repeat(docs, c)
        begin = positions[first].astype(np.int64) - off  # where the phrase would start
        for _n, off, ids, counts, positions in terms[1:]:
            if not len(at_doc):
                break
            starts = np.zeros(len(ids), dtype=np.int64)
            np.cumsum(counts[:-1], out=starts[1:])
            j = np.searchsorted(ids, at_doc)
            lo = starts[j]
            hi = lo + counts[j]
            want = begin + off
            end = hi
            last = len(positions) - 1
            for _round in range(int(counts[j].max()).bit_length()):
                active = lo < hi
                mid = (lo + hi) // 2
                right = active & (positions[np.minimum(mid, last)] < want)
                lo = np.where(right, mid + 1, lo)
                hi = np.where(active & ~right, mid, hi)
            hit = (lo < end) & (positions[np.minimum(lo, last)] == want)
            at_doc, begin = at_doc[hit], begin[hit]
        return distinct(at_doc)  # at_doc is ascending

    def field_terms(self, fieldname: str) -> Iterator[bytes]:
        """Every term of a field in order."""
        field = self._fields.get(fieldname)
        if field is None:
            return
        for i in range(field.count):
            yield field.key(i)

    def prefix_terms(self, fieldname: str, prefix: bytes) -> Iterator[tuple[bytes, int]]:
        """``(term, document frequency)`` of the terms starting with ``prefix``, in order."""
        field = self._fields.get(fieldname)
        if field is None:
            return
        i = field.lower_bound(prefix)
        while i < field.count:
            key = field.key(i)
            if not key.startswith(prefix):
                return
            yield key, int(field.rec[i]["df"])
            i += 1

    # Whoosh's TermsReader protocol

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        return self.find(term[0], term[1]) is not None

    def indexed_field_names(self) -> list[str]:
        return list(self._fields)

    def terms(self) -> Iterator[tuple[str, bytes]]:
        for name in sorted(self._fields):
            for key in self.field_terms(name):
                yield name, key

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        for name in sorted(self._fields):
            if name < fieldname:
                continue
            field = self._fields[name]
            start = field.lower_bound(prefix) if name == fieldname else 0
            for i in range(start, field.count):
                yield name, field.key(i)

    def items(self) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for name, key in self.terms():
            yield (name, key), self.term_info(name, key)

    def items_from(self, fieldname: str, prefix: bytes
                   ) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for name, key in self.terms_from(fieldname, prefix):
            yield (name, key), self.term_info(name, key)

    def term_info(self, fieldname: str, tbytes: bytes) -> TermInfo:
        found = self.find(fieldname, tbytes)
        if found is None:
            raise KeyError((fieldname, tbytes))
        field, i = found
        return self._term_info(fieldname, field, i)

    def _term_info(self, fieldname: str, field: _Field, i: int) -> TermInfo:
        """Whoosh's statistics of a term, from its arrays (and the field's length column)."""
        ids, tfs, _off = self._arrays(field, i)
        weights = (np.ones(len(ids)) if tfs is None else tfs.astype(np.float64)) * field.boost
        lengths = self._length_bytes(fieldname)
        lens = lengths[ids[ids < len(lengths)]] if len(lengths) else np.zeros(0, dtype=np.uint8)
        known = lens[lens > 0]
        return TermInfo(weight=float(weights.sum()), df=len(ids),
                        minlength=byte_to_length(int(known.min()) if len(known) else 0),
                        maxlength=byte_to_length(int(known.max()) if len(known) else 0),
                        maxweight=float(weights.max()), minid=int(ids[0]), maxid=int(ids[-1]))

    def _length_bytes(self, fieldname: str) -> np.ndarray:
        """The field's length byte per document (Whoosh's lengths column; cached)."""
        found = self._lengths.get(fieldname)
        if found is None:
            from whoosh.codec.whoosh3 import _lenfield

            path = os.path.join(self._folder,
                                W3Codec.column_filename(self._segment, _lenfield(fieldname)))
            try:
                found = np.fromfile(path, dtype=np.uint8)
            except OSError:
                found = np.zeros(0, dtype=np.uint8)
            self._lengths[fieldname] = found
        return found

    def frequency(self, fieldname: str, tbytes: bytes) -> float:
        found = self.find(fieldname, tbytes)
        if found is None:
            raise KeyError((fieldname, tbytes))
        field, i = found
        _ids, tfs, _off = self._arrays(field, i)
        total = int(field.rec[i]["df"]) if tfs is None else int(tfs.sum(dtype=np.int64))
        return float(total * field.boost)

    def doc_frequency(self, fieldname: str, tbytes: bytes) -> int:
        found = self.find(fieldname, tbytes)
        if found is None:
            raise KeyError((fieldname, tbytes))
        return int(found[0].rec[found[1]]["df"])

    def matcher(self, fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        found = self.find(fieldname, tbytes)
        if found is None:
            raise KeyError((fieldname, tbytes))
        field, i = found
        ids, tfs, off = self._arrays(field, i)
        boost = float(format_.field_boost)
        counts = np.ones(len(ids), dtype=np.int64) if tfs is None else tfs.astype(np.int64)
        weights = (counts * boost).tolist()
        wpos = int(field.rec[i]["wpos"])
        if wpos and _positional(format_):
            allpos = np.frombuffer(self._pbuf, dtype=_DTYPES[wpos], count=int(counts.sum()),
                                   offset=off).tolist()
            values, s = [], 0
            for c in counts.tolist():
                values.append(format_.encode(allpos[s : s + c]))
                s += c
        elif isinstance(format_, Frequency) and not isinstance(format_, Existence):
            values = [pack_uint(c) for c in counts.tolist()]
        else:
            values = None
        return _ArrayMatcher(ids.tolist(), weights, values, format_, scorer=scorer,
                           term=(fieldname, tbytes),
                           terminfo=self._term_info(fieldname, field, i))

    def cursor(self, fieldname: str, fieldobj: Any) -> ArrayFieldCursor:
        return ArrayFieldCursor(self, fieldname, fieldobj)

    def release_pages(self) -> None:
        """Drop this reader's mapped pages from the process (they stay in the page cache and
        are mapped again when read): a merge reads every page of its segments once, and
        without this they would all count in its memory until it ends."""
        for buf in (self._tbuf, self._pbuf):
            release_mapped(buf)

    def close(self) -> None:
        for buf in (self._tbuf, self._pbuf):
            if isinstance(buf, mmap.mmap):
                try:
                    buf.close()
                except BufferError:  # arrays still point into it: the mapping goes with them
                    pass


class _ArrayMatcher(ListMatcher):
    """Whoosh's ``ListMatcher`` over a term's decoded arrays (value None where a W3 matcher
    gives None: fields that store no values)."""

    def value(self) -> Any:
        return None if self._values is None else super().value()

    def replace(self, minquality: float = 0) -> Any:
        """``ListMatcher.replace`` asking for block quality only of a scorer that has it:
        collectors pass their lowest score whatever the scorer, and ``FunctionWeighting``'s
        scorer raises on ``block_quality`` (Whoosh's W3 block matchers never ask)."""
        if minquality and not self.supports_block_quality():
            minquality = 0
        return super().replace(minquality)


class ArrayFieldCursor(base.FieldCursor):
    """A cursor over one field's terms (Whoosh's ``terms_within`` walks it)."""

    def __init__(self, reader: ArrayTermsReader, fieldname: str, fieldobj: Any):
        self._reader = reader
        self._fieldname = fieldname
        self._field = reader._fields.get(fieldname)
        self._fieldobj = fieldobj
        self._i = 0

    def first(self) -> str | None:
        self._i = 0
        return self.text()

    def find(self, term: Any) -> str | None:
        if self._field is None:
            return None
        key = term if isinstance(term, bytes) else self._fieldobj.to_bytes(term)
        self._i = self._field.lower_bound(key)
        return self.text()

    def next(self) -> str | None:
        self._i += 1
        return self.text()

    def text(self) -> str | None:
        if not self.is_valid():
            return None
        assert self._field is not None
        return self._fieldobj.from_bytes(self._field.key(self._i))

    def term_info(self) -> TermInfo | None:
        if not self.is_valid():
            return None
        assert self._field is not None
        return self._reader._term_info(self._fieldname, self._field, self._i)

    def is_valid(self) -> bool:
        return self._field is not None and self._i < self._field.count


# -- the codec -----------------------------------------------------------------------------


class MuragatSegment(W3Segment):
    """A segment written with ``MuragatCodec`` (never a compound file: its files are mapped)."""


class MuragatCodec(W3Codec):
    """W3's per-document files with Muragat's inverted index (see the module docstring)."""

    def field_writer(self, storage: Any, segment: Any) -> ArrayFieldWriter:
        return ArrayFieldWriter(self, storage, segment)

    def terms_reader(self, storage: Any, segment: Any) -> ArrayTermsReader:
        return ArrayTermsReader(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        raise NotImplementedError("Muragat's codec writes postings through ArrayFieldWriter")

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None,
                        scorer: Any = None) -> Any:
        raise NotImplementedError("Muragat's codec reads postings through ArrayTermsReader")

    def new_segment(self, storage: Any, indexname: str) -> MuragatSegment:
        return MuragatSegment(self, indexname)
