"""A Whoosh segment writer for pre-analyzed documents: postings grouped in memory.

Whoosh's ``SegmentWriter`` sends every posting of every document through a
sorting pool: a tuple per posting, spilled to pickled runs on disk, merged back
with ``heapq`` and written with a per-posting field-length lookup. Measured on
Muragat's documents (``bench/index.py``; about 300 postings per document over the
exact, lemma, fold and title fields) that path was two thirds of the indexing CPU.

Muragat's terms arrive pre-analyzed (``TermStream``), so ``GroupingWriter``
groups them per field and term as they come — one compact ``bytearray`` of
fixed-size ``(docnum, frequency, value id)`` records per term, the encoded
positions in one list (a single position's encoding is shared by every posting
that has it) — and writes the postings straight to the codec when the segment is
finished, in sorted order, reading each term's records back as one array.
The files are the ones ``SegmentWriter`` writes (same codec, same formats): any
Whoosh reader opens them, and merges work as before.

Memory grows with the postings held: callers watch ``held_bytes`` and finish the
segment (starting another) when it passes their budget, or give ``spill_mb`` to
fall back to Whoosh's disk-spilling pool beyond it.
"""

from __future__ import annotations

import weakref
import zlib
from array import array
from functools import lru_cache
from hashlib import md5
from pickle import dumps
from struct import Struct
from typing import Any

from muragat.store.analyzers import TermStream
from muragat.store.format import (
    BLOCK_MAGIC,
    COMPRESS_MIN_BYTES,
    HEADER_PICKLE_PROTOCOL,
    INLINE_LIMIT,
    PICKLE_PROTOCOL,
    TERM_HASH,
    TERM_HASH_CRC32,
    ZLIB_LEVEL,
    ZLIB_MEMLEVEL,
    ZLIB_WBITS,
)
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import STORED_COLUMN, W3Codec, W3TermInfo
from whoosh.fields import ID
from whoosh.filedb.filetables import _lengths as _HASH_LENGTHS
from whoosh.filedb.filetables import crc_hash, md5_hash
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

# One posting in a term's buffer: docnum, frequency, id of its encoded value (``_values``).
_RECORD = Struct("=III")  # native order: the records are read back as array("I")
_RECORD_SIZE = _RECORD.size
_EMPTY = b""
# Bytes of Python overhead per term buffer (dict slot, key, bytearray header), for ``held_bytes``.
_TERM_OVERHEAD = 180
# Bytes per stored value besides its content (bytes object header, list slot).
_VALUE_OVERHEAD = 41


@lru_cache(maxsize=65536)
def _encode_one_position(pos: int) -> bytes:
    return pack_uint(1) + dumps([pos], 2)


def _encode_positions(poslist: list[int]) -> bytes:
    """``whoosh.formats.Positions.encode`` (delta-coded, pickled), inlined; most terms
    occur once in a document, and those encodings are cached."""
    if len(poslist) == 1:
        return _encode_one_position(poslist[0])
    deltas = []
    base = 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class GroupingWriter(SegmentWriter):
    """``SegmentWriter`` whose pre-analyzed fields bypass the sorting pool (see module doc).

    Values that are not ``TermStream`` (ids, keywords, numbers) are analyzed by their
    Whoosh field as usual; their postings are grouped the same way. Postings that
    reach the pool anyway (a merge of older segments into this one at commit) are
    combined with the grouped ones by Whoosh's own sorted path.
    """

    def __init__(self, ix: Any, spill_mb: int | None = None, **kwargs: Any):
        super().__init__(ix, **kwargs)
        # Past this estimate, held postings move to Whoosh's pool (bounded by ``limitmb``,
        # spilled to disk): for a writer that cannot start new segments as it goes.
        self.spill_bytes = spill_mb * 1024 * 1024 if spill_mb else None
        if not isinstance(self.codec, W3Codec):
            raise TypeError(f"GroupingWriter writes the whoosh3 codec, not {type(self.codec).__name__}")
        # field -> term -> postings; terms are ``str`` (pre-analyzed) or ``bytes`` (Whoosh's
        # own encoding, e.g. numbers): one kind per field, and both sort as the UTF-8 bytes do.
        self._groups: dict[str, dict[Any, bytearray]] = {}
        self._lengths: dict[str, array] = {}  # field -> quantized length per document (from docbase)
        self._clear()  # the posting values and ``held_bytes``
        self._speed_up_stored_column()
        tindex = getattr(self.fieldwriter, "_tindex", None)
        if tindex is not None and hasattr(tindex, "_write_hashes"):
            # Through a weak reference: a bound method stored on the object would make a
            # reference cycle, and the term index (every term's hash and position) would
            # outlive its segment until a full collection (rare in workers: ~60 MB each, measured).
            ref = weakref.ref(tindex)
            tindex._write_hashes = lambda: _write_hashes_joined(ref())
            if TERM_HASH == TERM_HASH_CRC32:
                _use_crc32(tindex)

    # Adding documents

    def add_document(self, **fields: Any) -> None:  # noqa: D102 - Whoosh's signature
        self._check_state()
        schema = self.schema
        pdw = self.perdocwriter
        docnum = self.docnum
        local = docnum - self.docbase
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    if isinstance(value, TermStream):
                        length = self._add_terms(name, field, docnum, value)
                    elif type(field) is ID and type(field.analyzer) is IDTokenizer and isinstance(value, str):
                        # What Whoosh's ID field indexes (the whole value, one term), without
                        # its token machinery: ~10 us per field and document.
                        length = self._add_items(name, field, docnum, ((value, 1, None, None),))
                    else:
                        length = self._add_items(name, field, docnum, field.index(value))
                    if not field.scorable:
                        length = 0
                    if length:
                        self._set_length(name, local, length)
                stored = fields.get(f"_stored_{name}", value)
                pdw.add_field(name, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    pdw.add_column_value(name, column, field.to_column_value(stored))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._added = True
        self.docnum += 1
        if self.spill_bytes is not None and self.held_bytes > self.spill_bytes:
            self._spill_to_pool()

    def _speed_up_stored_column(self) -> None:
        """Compress the stored fields of each document with ``compress_small`` (same format)."""
        pdw = self.perdocwriter
        if not pdw._has_column("_stored"):
            pdw._create_column("_stored", STORED_COLUMN)
        child = getattr(pdw._get_column("_stored"), "_child", None)
        if child is not None and getattr(child, "_compress", None) is zlib.compress:
            child._compress = compress_small

    def _group(self, name: str) -> dict[Any, bytearray]:
        group = self._groups.get(name)
        if group is None:
            group = self._groups[name] = {}
        return group

    def _add_terms(self, name: str, field: Any, docnum: int, stream: TermStream) -> int:
        """Group a field's pre-analyzed ``(text, pos, start, end)`` terms; return its length."""
        fmt = field.format
        poses = stream.positions
        if poses is not None:
            if type(fmt) is Positions:
                return self._add_positions(name, docnum, poses)
            if type(fmt) is Frequency:
                return self._add_frequencies(name, docnum, poses)
            if type(fmt) is Existence:
                self._add_items(name, field, docnum,
                                ((t, len(plist), None, None) for t, plist in poses.items()))
                return sum(map(len, poses.values()))
        terms = stream.all_terms()
        if type(fmt) is Positions:
            poses = {}
            for term in terms:
                found = poses.get(term[0])
                if found is None:
                    poses[term[0]] = [term[1]]
                else:
                    found.append(term[1])
            return self._add_positions(name, docnum, poses)
        if type(fmt) in (Frequency, Existence):
            freqs: dict[str, int] = {}
            for term in terms:
                freqs[term[0]] = freqs.get(term[0], 0) + 1
            self._add_items(name, field, docnum, ((t, f, None, None) for t, f in freqs.items()))
            return len(terms)
        # A format this writer does not encode itself: Whoosh analyzes the stream.
        return self._add_items(name, field, docnum, field.index(stream))

    def _value_id(self, value: bytes) -> int:
        """The id of a posting value shared by many postings (frequencies, empty values)."""
        vid = self._shared_ids.get(value)
        if vid is None:
            vid = self._shared_ids[value] = len(self._values)
            self._values.append(value)
            self.held_bytes += _VALUE_OVERHEAD + len(value)
        return vid

    def _add_positions(self, name: str, docnum: int, poses: dict[str, list[int]]) -> int:
        """Group one document's ``{term: positions}`` of a Positions field; return its length."""
        group = self._group(name)
        pack = _RECORD.pack
        values = self._values
        one_pos = self._one_pos_ids
        held = 0
        length = 0
        for text, plist in poses.items():
            n = len(plist)
            if n == 1:  # most postings: one shared value per position
                vid = one_pos.get(plist[0])
                if vid is None:
                    vid = one_pos[plist[0]] = len(values)
                    value = _encode_one_position(plist[0])
                    values.append(value)
                    held += _VALUE_OVERHEAD + len(value)
            else:
                vid = len(values)
                value = _encode_positions(plist)
                values.append(value)
                held += _VALUE_OVERHEAD + len(value)
            buf = group.get(text)
            if buf is None:
                buf = group[text] = bytearray()
                held += _TERM_OVERHEAD + len(text)
            buf += pack(docnum, n, vid)
            held += _RECORD_SIZE
            length += n
        self.held_bytes += held
        return length

    def _add_frequencies(self, name: str, docnum: int, poses: dict[str, list[int]]) -> int:
        """Group one document's terms of a Frequency field (values: the packed frequency)."""
        group = self._group(name)
        pack = _RECORD.pack
        freq_ids = self._freq_ids
        held = 0
        length = 0
        for text, plist in poses.items():
            n = len(plist)
            vid = freq_ids.get(n)
            if vid is None:
                vid = freq_ids[n] = self._value_id(pack_uint(n))
            buf = group.get(text)
            if buf is None:
                buf = group[text] = bytearray()
                held += _TERM_OVERHEAD + len(text)
            buf += pack(docnum, n, vid)
            held += _RECORD_SIZE
            length += n
        self.held_bytes += held
        return length

    def _add_items(self, name: str, field: Any, docnum: int, items: Any) -> int:
        """Group ``(text, freq, weight, value)`` items (Whoosh's ``field.index`` output)."""
        group = self._group(name)
        is_freq = type(field.format) is Frequency
        length = 0
        held = 0
        pack = _RECORD.pack
        for text, freq, _weight, value in items:
            if value is None:
                value = pack_uint(freq) if is_freq else _EMPTY
            buf = group.get(text)
            if buf is None:
                buf = group[text] = bytearray()
                held += _TERM_OVERHEAD + len(text)
            buf += pack(docnum, freq, self._value_id(value))
            held += _RECORD_SIZE
            length += freq
        self.held_bytes += held
        return length

    def _set_length(self, name: str, local: int, length: int) -> None:
        lengths = self._lengths.get(name)
        if lengths is None:
            lengths = self._lengths[name] = array("I")
        if len(lengths) <= local:
            lengths.extend([0] * (local + 1 - len(lengths)))
        lengths[local] = byte_to_length(length_to_byte(length))

    # Writing the segment

    def _pool_used(self) -> bool:
        pool = self.pool
        return bool(pool.current or pool.runs)

    def _flush_segment(self) -> None:
        if self._pool_used():
            self._spill_to_pool()  # a merge added postings to the pool: Whoosh's sorted path
            return super()._flush_segment()
        self.perdocwriter.close()
        self._write_postings()
        self.fieldwriter.close()

    def _write_postings(self) -> None:
        schema = self.schema
        fw = self.fieldwriter
        values = self._values
        base = self.docbase
        ndocs = self.docnum - base
        blocklimit = getattr(self.codec, "_blocklimit", 128)
        for name in sorted(self._groups):
            group = self._groups[name]
            field = schema[name]
            boost = field.format.field_boost
            fixed = field.format.fixed_value_size()
            lengths = self._lengths.get(name)
            if lengths is None:
                lengths = array("I")
            if len(lengths) < ndocs:
                lengths.extend([0] * (ndocs - len(lengths)))
            fw.start_field(name, field)
            out = TermOutput(fw._tindex, fw._postfile)
            prefix = pack_ushort(fw._fieldid)
            inline = INLINE_LIMIT >= 1 and (fixed is None or fixed < 0)
            # Keys are distinct: sorting the items never compares the buffers.
            out.write_terms(sorted(group.items()), prefix, values, lengths, base, boost, inline,
                            fixed, blocklimit)
            out.flush()
            fw.finish_field()
        self._clear()

    def _spill_to_pool(self) -> None:
        add = self.pool.add
        values = self._values
        for name, group in self._groups.items():
            boost = self.schema[name].format.field_boost
            for text, buf in group.items():
                tbytes = text.encode("utf-8") if isinstance(text, str) else text
                rec = array("I")
                rec.frombytes(buf)
                for i in range(0, len(rec), 3):
                    add((name, tbytes, rec[i], rec[i + 1] * boost, values[rec[i + 2]]))
        self._clear()

    def _clear(self) -> None:
        self._groups.clear()
        # Posting values, referred to by id from the records: a value per position shared by
        # all one-position postings, shared frequency/empty values, one per other posting.
        self._values: list[bytes] = []
        self._one_pos_ids: dict[int, int] = {}
        self._shared_ids: dict[bytes, int] = {}
        self._freq_ids: dict[int, int] = {}  # frequency -> id of its packed value
        self.held_bytes = 0



# The format choices (pickle protocol, inline limit, compression, hash type) are
# ``store.format``'s, shared with the reader (``store.postings``).
_COMPRESSION = ZLIB_LEVEL
_PICKLE = PICKLE_PROTOCOL


def compress_small(data: bytes, level: int = _COMPRESSION) -> bytes:
    """``zlib.compress`` for small values (any zlib reader decompresses it; see above).

    Values under ``COMPRESS_MIN_BYTES`` (the stored fields of a short document) are framed
    as zlib without compressing (level 0: ~1 us rather than ~15 us, ~15 % larger).
    """
    if len(data) < COMPRESS_MIN_BYTES:
        level = 0
    z = zlib.compressobj(level if level < _COMPRESSION else _COMPRESSION, zlib.DEFLATED,
                         ZLIB_WBITS, ZLIB_MEMLEVEL)
    return z.compress(data) + z.flush()


def write_term(out: TermOutput, key: bytes, ids: list[int], weights: list[float],
               values: list[bytes], lengths: list[int], fixed: int | None, blocklimit: int) -> None:
    """Write one term's postings as ``W3FieldWriter`` does (same layout, fewer calls).

    ``key`` is the term index key (field id + term bytes); ``ids`` ascending;
    ``lengths`` the (quantized) field length of each document, 0 when unknown.
    ``fixed`` is the format's fixed value size (None: variable).
    """
    n = len(ids)
    if n <= INLINE_LIMIT and (fixed is None or fixed < 0):
        if n == 1:
            info = inline_term_info(ids[0], weights[0], values[0], lengths[0])
        else:
            info = inline_term_info_many(ids, weights, values, lengths)
        out.add_term(key, info)
        return
    parts = [BLOCK_MAGIC]
    total_weight = 0.0
    maxweight_all = 0.0
    minlength_all: int | None = None
    maxlength_all = 0
    for lo in range(0, n, blocklimit):
        hi = min(lo + blocklimit, n)
        bids = ids[lo:hi] if n > blocklimit else ids
        bweights = array("f", weights[lo:hi] if n > blocklimit else weights)  # float32, as Whoosh
        blens = [x for x in (lengths[lo:hi] if n > blocklimit else lengths) if x]
        minlength = min(blens) if blens else None
        maxlength = max(blens) if blens else 0
        maxweight = max(max(bweights), 0)
        total_weight += sum(bweights)
        if maxweight > maxweight_all:
            maxweight_all = maxweight
        if minlength is not None and (minlength_all is None or minlength < minlength_all):
            minlength_all = minlength
        if maxlength > maxlength_all:
            maxlength_all = maxlength
        if hi - lo == 1:
            deltas: tuple[int, ...] = (bids[0],)
        else:
            deltas = (bids[0], *[b - a for a, b in zip(bids, bids[1:], strict=False)])
        w0 = bweights[0]
        if w0 == 1.0 and bweights.count(w0) == hi - lo:
            mini_weights: Any = None
        elif bweights.count(w0) == hi - lo:
            mini_weights = w0
        else:
            mini_weights = tuple(bweights)
        bvalues = values[lo:hi] if n > blocklimit else values
        if fixed is None or fixed < 0:
            mini_values: Any = tuple(bvalues)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(bvalues)
        data = dumps((deltas, mini_weights, mini_values), _PICKLE)
        comp = _COMPRESSION if len(data) >= COMPRESS_MIN_BYTES else 0
        if comp:
            data = compress_small(data, comp)
        info = dumps((hi - lo, bids[-1], maxweight, comp,
                      _length_byte(minlength), _length_byte(maxlength)), HEADER_PICKLE_PROTOCOL)
        size = len(info) + len(data)
        parts += (pack_int(-size if hi == n else size), info, data)
    blob = b"".join(parts)
    start = out.add_postings(blob)
    terminfo = _TERMINFO.pack(
        False, total_weight, n,
        0 if minlength_all is None else _length_byte(minlength_all), _length_byte(maxlength_all),
        maxweight_all, ids[0], ids[-1],
    ) + pack_long(start) + pack_int(len(blob))
    out.add_term(key, terminfo)


def inline_term_info(docnum: int, weight: float, value: bytes, length: int) -> bytes:
    """The term info of a term with a single posting, stored inside it (Whoosh reads such
    "inlined" postings; its own writer never makes them): no block, no posting-file bytes."""
    return _TERMINFO.pack(
        True, weight, 1, _length_byte(length) if length else 0, _length_byte(length),
        weight if weight > 0 else 0, docnum, docnum,
    ) + dumps(((docnum,), (float(weight),), (value,)), _PICKLE)


def inline_term_info_many(ids: list[int], weights: list[float], values: list[bytes],
                          lengths: list[int]) -> bytes:
    """The term info of a term with a few postings, stored inside it (see ``INLINE_LIMIT``)."""
    known = [x for x in lengths if x]
    maxweight = max(weights)
    return _TERMINFO.pack(
        True, float(sum(weights)), len(ids), _length_byte(min(known)) if known else 0,
        _length_byte(max(known) if known else 0), maxweight if maxweight > 0 else 0, ids[0], ids[-1],
    ) + dumps((tuple(ids), tuple(map(float, weights)), tuple(values)), _PICKLE)


_POINTER = Struct("!Iq")  # whoosh.filedb.filetables: (hash value, key position) of a slot
_EMPTY_SLOT = _POINTER.pack(0, 0)


# The term index file starts with Whoosh's hash header: magic (4 bytes), hash type (1),
# two unused ints (8).
_HASH_HEADER_SIZE = 13
_CRC32 = TERM_HASH_CRC32


def _use_crc32(tindex: Any) -> None:
    """Switch a new, empty term index to Whoosh's CRC32 hash type (its header says which).

    Every term's key is hashed once when written and once per lookup at search time;
    ``zlib.crc32`` costs ~0.1 us where Whoosh's MD5 hash costs ~0.7 us (it was 8 % of
    writing a segment, measured with py-spy). ``HashReader`` reads the type from the
    header and hashes with the same function. Left as it is when the file cannot seek.
    """
    f = tindex.dbfile
    start = tindex.startoffset
    try:
        if tindex.hashtype == _CRC32 or f.tell() != start + _HASH_HEADER_SIZE or tindex.buckets[0]:
            return
        f.seek(start + 4)
        f.write_byte(_CRC32)
        f.seek(start + _HASH_HEADER_SIZE)
    except (OSError, ValueError, AttributeError):
        return
    tindex.hashtype = _CRC32
    tindex.hashfn = crc_hash


def _write_hashes_joined(tindex: Any) -> None:
    """``HashWriter._write_hashes`` (the term index's 256 hash tables), the same bytes with
    one write per table rather than one per slot."""
    dbfile = tindex.dbfile
    pack = _POINTER.pack
    for entries in tindex.buckets:
        pos = dbfile.tell()
        numslots = 2 * len(entries)
        tindex.directory.append((pos, numslots))
        table: list[Any] = [None] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while table[slot] is not None:
                slot = (slot + 1) % numslots
            table[slot] = (hashval, position)
        if numslots:
            dbfile.write(b"".join([_EMPTY_SLOT if e is None else pack(*e) for e in table]))


class TermOutput:
    """The term index entries and posting blocks of one field, buffered, with their file
    positions counted here rather than asked of the files.

    ``StructFile.tell`` is an ``lseek`` system call (CPython's buffered writers do not
    cache the position): one per term and file, it was ~11 % of a worker's time
    (py-spy, bench/index.py real corpora). Entries are Whoosh's ``OrderedHashWriter.add``
    and ``W3PostingsWriter`` bytes; ``flush`` before anything else writes to the files.
    """

    __slots__ = ("_tindex", "_tfile", "_tpos", "_pfile", "_ppos", "_parts", "_pparts",
                 "_positions", "_lastkey", "_held", "_hash")

    def __init__(self, tindex: Any, postfile: Any):
        self._tindex = tindex
        self._tfile = tindex.dbfile
        self._tpos = self._tfile.tell()
        self._pfile = postfile
        self._ppos = postfile.tell()
        self._parts: list[bytes] = []
        self._pparts: list[bytes] = []
        self._positions: list[int] = []  # offsets of the buffered entries (the term index's array)
        self._lastkey: bytes = tindex.lastkey
        self._held = 0
        # zlib.crc32 is Whoosh's crc_hash (its result is already unsigned 32 bits).
        self._hash = (_md5_hash32 if tindex.hashfn is md5_hash
                      else zlib.crc32 if tindex.hashfn is crc_hash else tindex.hashfn)

    def add_term(self, key: bytes, value: bytes) -> None:
        """``OrderedHashWriter.add(key, value)``: keys must increase."""
        if key <= self._lastkey:
            raise ValueError(f"Keys must increase: {self._lastkey!r}..{key!r}")
        pos = self._tpos
        self._positions.append(pos)
        entry = _HASH_LENGTHS.pack(len(key), len(value)) + key + value
        self._parts.append(entry)
        self._tpos = pos + len(entry)
        h = self._hash(key)
        self._tindex.buckets[h & 255].append((h, pos))
        self._lastkey = key
        self._held += len(entry)
        if self._held > _OUTPUT_BUFFER:
            self.flush()

    def write_terms(self, items: Any, prefix: bytes, values: list[bytes], lengths: Any,
                    base: int, boost: float, inline: bool, fixed: int | None,
                    blocklimit: int) -> None:
        """Write a field's ``(term, posting records)`` in key order (``GroupingWriter``).

        A term with one posting (most terms of a segment) gets an inlined term info; others
        go through ``write_term``.
        """
        unpack = _RECORD.unpack
        single = _RECORD_SIZE if inline else -1
        for text, buf in items:
            key = prefix + (text.encode("utf-8") if isinstance(text, str) else text)
            if len(buf) == single:
                docnum, freq, vid = unpack(buf)
                self.add_term(key, inline_term_info(docnum, freq * boost, values[vid],
                                                    lengths[docnum - base]))
                continue
            rec = array("I")
            rec.frombytes(buf)
            ids = rec[0::3].tolist()
            freqs = rec[1::3].tolist()
            weights = freqs if boost == 1.0 else [f * boost for f in freqs]
            vals = [values[v] for v in rec[2::3]]
            lens = [lengths[d - base] for d in ids] if base else [lengths[d] for d in ids]
            write_term(self, key, ids, weights, vals, lens, fixed, blocklimit)

    def add_postings(self, blob: bytes) -> int:
        """Append a term's posting blocks to the postings file; return their offset."""
        start = self._ppos
        self._pparts.append(blob)
        self._ppos = start + len(blob)
        self._held += len(blob)
        if self._held > _OUTPUT_BUFFER:
            self.flush()
        return start

    def flush(self) -> None:
        """Write what is buffered (one write per file) and hand the term index its entries."""
        if self._parts:
            self._tfile.write(b"".join(self._parts))
            self._parts = []
        if self._pparts:
            self._pfile.write(b"".join(self._pparts))
            self._pparts = []
        if self._positions:
            _extend_index(self._tindex.index, self._positions)
            self._positions = []
        self._tindex.lastkey = self._lastkey
        self._held = 0


# The largest value of each array type Whoosh's GrowableArray grows through.
_ARRAY_LIMITS = {"H": 1 << 16, "i": 1 << 31, "I": 1 << 32, "q": 1 << 63}


def _extend_index(index: Any, positions: list[int]) -> None:
    """``GrowableArray.extend`` for ascending ``positions``, in one step rather than one
    call per item (the array type is widened first when the last value needs it)."""
    arr = getattr(index, "array", None)
    if arr is None:
        index.extend(positions)
        return
    if isinstance(arr, array) and positions[-1] >= _ARRAY_LIMITS.get(arr.typecode, 0):
        index._retype(positions[-1])
    index.array.extend(positions)


# Bytes a ``TermOutput`` holds before writing them.
_OUTPUT_BUFFER = 1 << 20


def _md5_hash32(key: bytes) -> int:
    """``whoosh.filedb.filetables.md5_hash`` (the low 32 bits of the MD5 digest), without hex."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")


_TERMINFO = W3TermInfo._struct


@lru_cache(maxsize=4096)
def _length_byte(length: int | None) -> int | None:
    return length_to_byte(length)

