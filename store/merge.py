"""Merging segments into one with numpy, and the policy that keeps their number small.

A search looks every term up in every segment, so an index of many segments answers
slowly; a million documents written by two workers make about seventy. ``merge_segments``
writes the live documents of several segments into one new ``MuragatCodec`` segment:

* per-document data (stored fields, field lengths, columns) is copied as the raw bytes of
  each column (variable-length values with their lengths, fixed-size values as rows), not
  document by document through Whoosh's writer;
* postings are decoded term range by term range into arrays (document numbers mapped to
  the merged segment, deleted documents dropped with their positions), ordered by the
  merged term list and encoded again (``codec.encode_terms``).

Segments written by Whoosh's own codec (older indexes) are read through Whoosh's reader
API, slower but the same result: a merge converts them.

``plan_merges`` chooses what to merge (see its docstring).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import numpy as np
from muragat.store.codec import (
    ArrayFieldWriter,
    ArrayTermsReader,
    MuragatCodec,
    MuragatSegment,
    _positional,
    release_mapped,
)
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import FixedBytesColumn, VarBytesColumn, WrappedColumn
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

# Postings decoded at once while merging a field: it bounds the merge's memory (postings
# with their positions). ``python -m bench.merge`` on the eight segments of bench.scale's
# 300k index: 4M postings a chunk, 885 MB traced peak; 1M, 336 MB; 500k, 220 MB; no slower.
CHUNK_POSTINGS = 1_000_000
# The merge policy: at most this many segments ...
TARGET_SEGMENTS = 8
# ... where a merged segment holds at most this many documents (a W3 column of variable
# values holds at most 2 GB: about a million stored documents of 1-2 KB).
MAX_MERGED_DOCS = 400_000
# Segments at most this many times larger than the smallest of a merge join it.
SIZE_RATIO = 8.0


# -- the policy ----------------------------------------------------------------------------


def live_count(segment: Any) -> int:
    """Documents of a segment that are not deleted."""
    return segment.doc_count_all() - segment.deleted_count()


def plan_merges(segments: list[Any], target: int = TARGET_SEGMENTS,
                max_docs: int = MAX_MERGED_DOCS) -> list[list[Any]]:
    """Groups of segments to merge so that at most about ``target`` remain.

    Smallest first, as Lucene's tiered policy does: while there are more than ``target``
    segments, the smallest ones that together stay under ``max_docs`` and within
    ``SIZE_RATIO`` of each other are merged (at least two at a time). Large segments are
    rewritten rarely, so the cost of merging stays logarithmic in the archive's size.
    Segments that are mostly deleted documents are merged whatever their size.
    """
    order = sorted(segments, key=live_count)
    groups: list[list[Any]] = []
    mostly_deleted = [s for s in order if s.doc_count_all() and
                      s.deleted_count() > s.doc_count_all() // 2]
    remaining = len(order)
    used: set[int] = set()
    if len(mostly_deleted) >= 1:
        group = []
        total = 0
        for s in mostly_deleted:
            if total + live_count(s) <= max_docs:
                group.append(s)
                total += live_count(s)
        if len(group) >= 2 or (group and group[0].deleted_count() == group[0].doc_count_all()):
            groups.append(group)
            used.update(id(s) for s in group)
            remaining -= len(group) - 1
    candidates = [s for s in order if id(s) not in used]
    i = 0
    while remaining > target and i < len(candidates) - 1:
        group = [candidates[i]]
        total = live_count(candidates[i])
        smallest = max(total, 1)
        j = i + 1
        while j < len(candidates) and remaining - (len(group) - 1) > target:
            size = live_count(candidates[j])
            if total + size > max_docs or size > SIZE_RATIO * smallest * len(group):
                break
            group.append(candidates[j])
            total += size
            j += 1
        if len(group) >= 2:
            groups.append(group)
            remaining -= len(group) - 1
            i = j
        else:
            i += 1
    return groups


# -- merging -------------------------------------------------------------------------------


def _doc_map(segment: Any, base: int) -> np.ndarray:
    """Merged document number of each document of ``segment`` (-1: deleted)."""
    n = segment.doc_count_all()
    live = np.ones(n, dtype=bool)
    deleted = list(segment.deleted_docs())
    if deleted:
        live[np.asarray(deleted, dtype=np.int64)] = False
    out = np.full(n, -1, dtype=np.int64)
    out[live] = base + np.arange(int(live.sum()), dtype=np.int64)
    return out


def merge_segments(ix: Any, segments: list[Any]) -> MuragatSegment | None:
    """Write the live documents of ``segments`` (in this order) as one new segment of
    ``ix``'s storage; None when none of them has a live document. The caller commits the
    new segment in place of the old ones (their files go with the next commit's clean-up).
    """
    storage = ix.storage
    schema = ix.schema
    maps: list[np.ndarray] = []
    total = 0
    for segment in segments:
        m = _doc_map(segment, total)
        maps.append(m)
        total += int((m >= 0).sum())
    if not total:
        return None
    codec = MuragatCodec()
    newseg = codec.new_segment(storage, ix.indexname)
    readers = [SegmentReader(storage, schema, segment) for segment in segments]
    try:
        lengths, deleted = _merge_columns(storage, schema, segments, readers, maps, newseg,
                                          total)
        fw = ArrayFieldWriter(codec, storage, newseg)
        names = sorted({name for r in readers for name in r.indexed_field_names()
                        if name in schema and schema[name].indexed})
        for name in names:
            fw.start_field(name, schema[name])
            _merge_field(fw, name, schema[name], readers, maps)
            fw.finish_field()
            for r in readers:  # a field's postings are read once: the pages can go
                if isinstance(r._terms, ArrayTermsReader):
                    r._terms.release_pages()
        fw.close()
    finally:
        for r in readers:
            r.close()
    newseg.set_doc_count(total)
    newseg._fieldlengths = _field_totals(segments, lengths, deleted)
    return newseg


def _field_totals(segments: list[Any], lengths: dict[str, np.ndarray],
                  deleted: dict[str, int]) -> dict[str, int]:
    """Each field's total length: the segments' exact totals less the lengths of deleted
    documents (known only as Whoosh's length bytes, so exact when nothing was deleted)."""
    totals: dict[str, int] = {}
    for segment in segments:
        for name, value in (getattr(segment, "_fieldlengths", None) or {}).items():
            totals[name] = totals.get(name, 0) + int(value)
    for name, col in lengths.items():
        if name not in totals:  # a segment that does not know its totals: the bytes, then
            totals[name] = int(byte_to_length_array(col).sum()) + deleted.get(name, 0)
    return {name: max(0, total - deleted.get(name, 0)) for name, total in totals.items()}


_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def byte_to_length_array(bytes_: np.ndarray) -> np.ndarray:
    """Whoosh's ``byte_to_length`` of every length byte."""
    return _LENGTH_TABLE[bytes_]


# Per-document columns


def _storage_column(column: Any) -> Any:
    """The column that decides the bytes on disk (through pickling/compressing wrappers)."""
    while isinstance(column, WrappedColumn):
        column = column._child
    return column


def _column_names(schema: Any) -> dict[str, Any]:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, _lenfield

    names = {"_stored": STORED_COLUMN}
    for name in schema.names():
        field = schema[name]
        if field.indexed and field.scorable:
            names[_lenfield(name)] = LENGTHS_COLUMN
        if field.column_type:
            names[name] = field.column_type
    return names


def _merge_columns(storage: Any, schema: Any, segments: list[Any], readers: list[Any],
                   maps: list[np.ndarray], newseg: Any, total: int
                   ) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Copy every per-document column; return the merged length bytes of each field and
    the summed lengths of the deleted documents left out."""
    from whoosh.codec.whoosh3 import _lenfield

    lengths: dict[str, np.ndarray] = {}
    deleted: dict[str, int] = {}
    length_cols = {_lenfield(n): n for n in schema.names()}
    # Each segment's files: in the folder, or inside its compound file (Whoosh's default).
    stores = [r._storage for r in readers]
    for colname, column in _column_names(schema).items():
        files = [(st, W3Codec.column_filename(seg, colname)) for st, seg in zip(stores, segments,
                                                                               strict=True)]
        if not any(st.file_exists(f) for st, f in files):
            continue
        raw = _storage_column(column)
        if isinstance(raw, FixedBytesColumn):
            data, dropped = _merge_fixed(files, segments, maps, raw, column)
            if colname in length_cols:
                lengths[length_cols[colname]] = np.frombuffer(data, dtype=np.uint8)
                deleted[length_cols[colname]] = int(
                    byte_to_length_array(np.frombuffer(dropped, dtype=np.uint8)).sum())
            # Trailing default rows are not written (Whoosh's writer leaves them out too).
            size = _fixed_size(raw, column)
            default = _fixed_default(raw, column)
            rows = len(data) // size
            while rows and data[(rows - 1) * size : rows * size] == default:
                rows -= 1
            data = data[: rows * size]
        elif isinstance(raw, VarBytesColumn) or type(raw).__name__ == "CompressedBytesColumn":
            with storage.create_file(W3Codec.column_filename(newseg, colname)) as f:
                _merge_varbytes(f, files, segments, maps, total)
            continue
        else:
            data = _merge_generic(readers, maps, colname, column, total)
        with storage.create_file(W3Codec.column_filename(newseg, colname)) as f:
            f.write(data)
    return lengths, deleted


def _fixed_size(raw: Any, column: Any) -> int:
    import struct

    code = getattr(raw, "_typecode", None)
    return struct.calcsize(code) if code else raw._fixedlen


def _fixed_default(raw: Any, column: Any) -> bytes:
    import struct

    code = getattr(raw, "_typecode", None)
    if code:
        return struct.pack(code, raw._default)
    return raw._default


def _merge_fixed(files: list[tuple[Any, str]], segments: list[Any], maps: list[np.ndarray],
                 raw: Any, column: Any) -> tuple[bytes, bytes]:
    """The rows of the live documents, and those of the deleted ones."""
    size = _fixed_size(raw, column)
    default = np.frombuffer(_fixed_default(raw, column), dtype=np.uint8)
    parts = []
    dropped = []
    for (storage, name), segment, m in zip(files, segments, maps, strict=True):
        n = segment.doc_count_all()
        rows = np.empty((n, size), dtype=np.uint8)
        rows[:] = default
        if storage.file_exists(name):
            with storage.open_file(name) as f:
                data = np.frombuffer(f.read(), dtype=np.uint8)
            count = min(len(data) // size, n)
            rows[:count] = data[: count * size].reshape(count, size)
        parts.append(rows[m >= 0])
        dropped.append(rows[m < 0])
    return (np.concatenate(parts).tobytes() if parts else b"",
            np.concatenate(dropped).tobytes() if dropped else b"")


def _varbytes_layout(data: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Offsets and lengths of the ``n`` values of a VarBytes column's bytes."""
    import struct

    last = len(data) - 1
    offsets = None
    code = chr(data[last])
    if code == "X":
        lens_code = chr(data[last - 2])
        off_code = chr(data[last - 1])
        size = struct.calcsize(off_code)
        start = (last - 2) - n * size
        offsets = np.frombuffer(data, dtype=np.dtype(off_code).newbyteorder(">"), count=n,
                                offset=start).astype(np.int64)
        last = start
        code = lens_code
    size = struct.calcsize(code)
    start = last - size * n
    lens = np.frombuffer(data, dtype=np.dtype(code).newbyteorder(">"), count=n,
                         offset=start).astype(np.int64)
    if offsets is None:
        offsets = np.zeros(n, dtype=np.int64)
        np.cumsum(lens[:-1], out=offsets[1:])
    return offsets, lens


def _column_bytes(storage: Any, name: str) -> Any:
    """A column file's bytes: memory-mapped from a folder, read from a compound file."""
    from whoosh.filedb.compound import CompoundStorage

    path = getattr(storage, "_fpath", None)
    if path is not None and not isinstance(storage, CompoundStorage):
        try:
            return np.memmap(path(name), dtype=np.uint8, mode="r")
        except (OSError, ValueError):  # an empty file cannot be mapped
            pass
    with storage.open_file(name) as f:
        return np.frombuffer(f.read(), dtype=np.uint8)


# Bytes copied at once while merging a VarBytes column (bounds the merge's memory).
_COPY_BYTES = 16 * 2**20


def _live_runs(live: np.ndarray) -> Iterator[tuple[int, int]]:
    """``(first, last + 1)`` of each run of consecutive document numbers in ``live``."""
    if not len(live):
        return
    breaks = np.flatnonzero(np.diff(live) != 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(live) - 1]))
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        yield int(live[a]), int(live[b]) + 1


def _merge_varbytes(out: Any, files: list[tuple[Any, str]], segments: list[Any],
                    maps: list[np.ndarray], total: int) -> None:
    """Write a VarBytes column (Whoosh's layout: the values, then their lengths, big-endian,
    then the offsets when there are many, then type codes) of the live documents to ``out``.

    A column of a million stored documents is gigabytes: the values of each run of
    consecutive live documents are one range of the memory-mapped file, copied in slices of
    ``_COPY_BYTES`` (no per-byte index arrays)."""
    all_lens = []
    for (storage, name), segment, m in zip(files, segments, maps, strict=True):
        n = segment.doc_count_all()
        live = np.flatnonzero(m >= 0)
        if not storage.file_exists(name):
            all_lens.append(np.zeros(len(live), dtype=np.int64))
            continue
        buf = _column_bytes(storage, name)
        offsets, lens = _varbytes_layout(buf, n)
        for first, end in _live_runs(live):
            lo = int(offsets[first])
            hi = int(offsets[end - 1] + lens[end - 1])
            for a in range(lo, hi, _COPY_BYTES):
                out.write(buf[a : min(hi, a + _COPY_BYTES)].tobytes())
                release_mapped(buf, a, min(hi, a + _COPY_BYTES))  # read once: let go
        all_lens.append(lens[live])
        del buf
    lens = np.concatenate(all_lens) if all_lens else np.zeros(0, dtype=np.int64)
    out.write(_big_endian(lens))
    tail = _typecode(lens).encode("ascii")
    if total > VarBytesColumn().write_offsets_cutoff:
        offsets = np.zeros(len(lens), dtype=np.int64)
        if len(lens) > 1:
            np.cumsum(lens[:-1], out=offsets[1:])
        out.write(_big_endian(offsets))
        tail += _typecode(offsets).encode("ascii") + b"X"
    out.write(tail)


def _typecode(values: np.ndarray) -> str:
    """The array type code Whoosh's ``GrowableArray`` ends with for these values."""
    top = int(values.max()) if len(values) else 0
    return "B" if top < 256 else "H" if top < 2**16 else "i" if top < 2**31 else "I"


def _big_endian(values: np.ndarray) -> bytes:
    """``StructFile.write_array`` of the values in their ``_typecode`` (big-endian)."""
    code = _typecode(values)
    return values.astype(np.dtype(code).newbyteorder(">")).tobytes()


def _merge_generic(readers: list[Any], maps: list[np.ndarray], colname: str, column: Any,
                   total: int) -> bytes:
    """Any other column type: values read and written document by document."""
    from io import BytesIO

    from whoosh.filedb.structfile import StructFile

    buf = BytesIO()
    out = StructFile(buf)
    writer = column.writer(out)
    for r, m in zip(readers, maps, strict=True):
        if not r._perdoc.has_column(colname):
            continue
        creader = r._perdoc.column_reader(colname, column)
        for old, new in enumerate(m.tolist()):
            if new >= 0:
                writer.add(new, creader[old])
    writer.finish(total)
    return buf.getvalue()


# Postings


def _gather(buf: np.ndarray, addr: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Little-endian unsigned values of ``widths[i]`` bytes at ``buf[addr[i]:]``."""
    out = buf[addr].astype(np.int64)
    for k in range(1, 4):
        m = widths > k
        if not m.any():
            break
        out[m] |= buf[addr[m] + k].astype(np.int64) << (8 * k)
    return out


def _decode(reader: ArrayTermsReader, field: Any, terms: np.ndarray, positional: bool
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """``(counts, ids, tfs, positions)`` of the terms numbered ``terms`` (in that order)."""
    rec = field.rec[terms]
    counts = rec["df"].astype(np.int64)
    off = rec["off"].astype(np.int64)
    wid = rec["wid"].astype(np.int64)
    wtf = rec["wtf"].astype(np.int64)
    wpos = rec["wpos"].astype(np.int64)
    t = len(terms)
    n = int(counts.sum())
    buf = np.frombuffer(reader._pbuf, dtype=np.uint8) if len(reader._pbuf) else np.zeros(
        0, dtype=np.uint8)
    starts = np.zeros(t, dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    term_of = np.repeat(np.arange(t), counts)
    within = np.arange(n, dtype=np.int64) - starts[term_of]
    deltas = _gather(buf, off[term_of] + within * wid[term_of], wid[term_of])
    cs = np.cumsum(deltas)
    ids = cs - (cs[starts] - deltas[starts])[term_of]
    tf_base = off + counts * wid
    tfs = np.ones(n, dtype=np.int64)
    w = wtf[term_of]
    has = w > 0
    if has.any():
        tfs[has] = _gather(buf, (tf_base[term_of] + within * w)[has], w[has])
    positions = None
    if positional:
        sumtf = np.add.reduceat(tfs, starts) if n else np.zeros(t, dtype=np.int64)
        pstarts = np.zeros(t, dtype=np.int64)
        np.cumsum(sumtf[:-1], out=pstarts[1:])
        pterm = np.repeat(np.arange(t), sumtf)
        pwithin = np.arange(int(sumtf.sum()), dtype=np.int64) - pstarts[pterm]
        pos_base = tf_base + counts * wtf
        w = wpos[pterm]
        positions = _gather(buf, pos_base[pterm] + pwithin * w, w)
    return counts, ids, tfs, positions


def _decode_w3(reader: Any, name: str, keys: list[bytes], positional: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The same arrays from a segment of Whoosh's own codec (its matchers)."""
    counts, ids, tfs, positions = [], [], [], []
    fmt = reader.schema[name].format
    boost = fmt.field_boost
    for key in keys:
        m = reader._terms.matcher(name, key, fmt)
        c = 0
        while m.is_active():
            ids.append(m.id())
            if positional:
                plist = list(m.value_as("positions"))
                positions.extend(plist)
                tfs.append(len(plist))
            else:
                tfs.append(max(1, int(round(m.weight() / boost))) if boost else 1)
            c += 1
            m.next()
        counts.append(c)
    return (np.asarray(counts, dtype=np.int64), np.asarray(ids, dtype=np.int64),
            np.asarray(tfs, dtype=np.int64),
            np.asarray(positions, dtype=np.int64) if positional else None)


def _field_keys(reader: Any, name: str) -> Iterator[tuple[bytes, int]]:
    """``(key, term number)`` of a segment's terms of a field, in order."""
    terms = reader._terms
    if isinstance(terms, ArrayTermsReader):
        field = terms._fields.get(name)
        if field is None:
            return
        for i in range(field.count):
            yield field.key(i), i
        return
    for i, (fname, key) in enumerate(terms.terms_from(name, b"")):
        if fname != name:
            return
        yield key, i


def _merge_field(fw: ArrayFieldWriter, name: str, fieldobj: Any, readers: list[Any],
                 maps: list[np.ndarray]) -> None:
    positional = _positional(fieldobj.format)
    streams = [_tagged(_field_keys(r, name), s) for s, r in enumerate(readers)]
    chunk: list[tuple[bytes, int, int]] = []
    budget = 0
    for item in heapq.merge(*streams):
        # A chunk ends between two terms, never inside one: the segments' lists of one term
        # are merged together (the writer takes each term once).
        if budget >= CHUNK_POSTINGS and item[0] != chunk[-1][0]:
            _flush_chunk(fw, name, chunk, readers, maps, positional)
            chunk, budget = [], 0
        chunk.append(item)
        budget += _df(readers[item[1]], name, item[2])
    if chunk:
        _flush_chunk(fw, name, chunk, readers, maps, positional)


def _tagged(keys: Iterator[tuple[bytes, int]], s: int) -> Iterator[tuple[bytes, int, int]]:
    for key, i in keys:
        yield key, s, i


def _df(reader: Any, name: str, i: int) -> int:
    terms = reader._terms
    if isinstance(terms, ArrayTermsReader):
        return int(terms._fields[name].rec[i]["df"])
    return 1000  # unknown: chunks of W3 terms stay small


def _flush_chunk(fw: ArrayFieldWriter, name: str, chunk: list[tuple[bytes, int, int]],
                 readers: list[Any], maps: list[np.ndarray], positional: bool) -> None:
    """Merge the postings of a run of merged terms (``(key, segment, term number)``)."""
    keys: list[bytes] = []
    tno: list[int] = []  # merged term number of each chunk item
    for key, _s, _i in chunk:
        if not keys or keys[-1] != key:
            keys.append(key)
        tno.append(len(keys) - 1)
    tno_arr = np.asarray(tno, dtype=np.int64)
    seg_arr = np.asarray([s for _k, s, _i in chunk], dtype=np.int64)
    parts = []
    for s, reader in enumerate(readers):
        sel = np.flatnonzero(seg_arr == s)
        if not len(sel):
            continue
        terms = reader._terms
        if isinstance(terms, ArrayTermsReader):
            field = terms._fields[name]
            counts, ids, tfs, positions = _decode(
                terms, field, np.asarray([chunk[k][2] for k in sel.tolist()], dtype=np.int64),
                positional)
        else:
            counts, ids, tfs, positions = _decode_w3(
                reader, name, [chunk[k][0] for k in sel.tolist()], positional)
        new_ids = maps[s][ids]
        term = np.repeat(tno_arr[sel], counts)
        parts.append((term, new_ids, tfs, positions))
    term = np.concatenate([p[0] for p in parts])
    ids = np.concatenate([p[1] for p in parts])
    tfs = np.concatenate([p[2] for p in parts])
    positions = np.concatenate([p[3] for p in parts]) if positional else None
    # Positions belong to postings: each posting's slice, kept or dropped with it.
    pstart = np.zeros(len(tfs), dtype=np.int64)
    if len(tfs) > 1:
        np.cumsum(tfs[:-1], out=pstart[1:])
    keep = ids >= 0
    # Segments are merged in order and each maps its documents in order: a stable sort by
    # merged term keeps every term's documents ascending.
    order = np.argsort(term, kind="stable")
    order = order[keep[order]]
    term, ids, tfs_kept = term[order], ids[order], tfs[order]
    if positions is not None:
        starts = pstart[order]
        inner = np.arange(int(tfs_kept.sum()), dtype=np.int64)
        offs = np.zeros(len(tfs_kept), dtype=np.int64)
        if len(tfs_kept) > 1:
            np.cumsum(tfs_kept[:-1], out=offs[1:])
        positions = positions[np.repeat(starts - offs, tfs_kept) + inner]
    counts = np.bincount(term, minlength=len(keys))
    present = counts > 0
    kept_keys = [k for k, p in zip(keys, present.tolist(), strict=True) if p]
    fw.add_terms(kept_keys, ids, tfs_kept, counts[present], positions)
