"""A Whoosh segment writer for pre-analyzed documents: postings grouped in memory.

Whoosh's ``SegmentWriter`` sends every posting of every document through a sorting pool:
a tuple per posting, spilled to pickled runs on disk, merged back with ``heapq``. Muragat's
terms arrive pre-analyzed (``TermStream``: ``{term: [positions]}`` per field), so
``GroupingWriter`` groups them per field and term as they come — per term one compact
array of ``(document, frequency)`` pairs and one of positions — and writes each term's
arrays at once when the segment is finished (``store.codec.ArrayFieldWriter``, in the
segment format of ``MuragatCodec``). Per-document data (stored fields, field lengths,
columns) go through Whoosh's W3 per-document writer as in ``SegmentWriter``.

Supported: fields whose format is Existence, Frequency or Positions (every field of
Muragat's schema), values that are ``TermStream`` or anything the field analyzes itself
(a field may get both kinds), a field boost (weights are frequency x boost). Refused with
``UnsupportedFeature`` when the writer is made or the document added: term vectors,
spelling fields, other formats, document and per-field ``_boost`` values.

Memory grows with the postings held: callers watch ``held_bytes`` and finish the segment
(starting another) when it passes their budget, or give ``spill_mb`` to fall back to
Whoosh's disk-spilling pool beyond it.
"""

from __future__ import annotations

import zlib
from array import array
from typing import Any

import numpy as np
from muragat.store.analyzers import TermStream
from muragat.store.codec import MuragatCodec, UnsupportedFeature, check_format
from muragat.store.format import COMPRESS_MIN_BYTES, ZLIB_LEVEL, ZLIB_MEMLEVEL, ZLIB_WBITS
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import STORED_COLUMN
from whoosh.fields import ID
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

# Bytes of Python overhead per term (dict slot, key, two array headers), for ``held_bytes``.
_TERM_OVERHEAD = 260


def check_schema(schema: Any) -> None:
    """Refuse a schema with features the writer does not store (see the module docstring)."""
    for name in schema.names():
        field = schema[name]
        if getattr(field, "vector", None):
            raise UnsupportedFeature(f"field {name!r}: term vectors are not supported")
        if field.indexed and field.separate_spelling():
            raise UnsupportedFeature(f"field {name!r}: separate spelling fields are not supported")
        if field.indexed:
            check_format(name, field.format)


class GroupingWriter(SegmentWriter):
    """``SegmentWriter`` whose postings bypass the sorting pool (see the module docstring).

    Postings that reach the pool anyway (Whoosh merging older segments into this one at
    commit, or ``spill_mb``) are written by Whoosh's sorted path through the same codec.
    """

    def __init__(self, ix: Any, spill_mb: float | None = None, **kwargs: Any):
        kwargs.setdefault("codec", MuragatCodec())
        kwargs["compound"] = False  # segment files are memory-mapped one by one
        check_schema(ix.schema)
        super().__init__(ix, **kwargs)
        # Past this estimate, held postings move to Whoosh's pool (bounded by ``limitmb``,
        # spilled to disk): for a writer that cannot start new segments as it goes.
        self.spill_bytes = int(spill_mb * 1024 * 1024) if spill_mb else None
        # field -> term -> (document, frequency) pairs; term -> positions for positional fields.
        # Terms are ``str`` (pre-analyzed) or ``bytes`` (Whoosh's own encoding, e.g. numbers).
        self._groups: dict[str, dict[Any, array]] = {}
        self._positions: dict[str, dict[Any, array]] = {}
        self.held_bytes = 0
        self._speed_up_stored_column()

    # Adding documents

    def add_document(self, **fields: Any) -> None:  # noqa: D102 - Whoosh's signature
        self._check_state()
        schema = self.schema
        pdw = self.perdocwriter
        docnum = self.docnum
        boosts = [name for name in fields if name == "_boost" or name.endswith("_boost")]
        if boosts:
            raise UnsupportedFeature(f"document boosts are not supported ({', '.join(boosts)})")
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
                        length = self._add_stream(name, field, docnum, value)
                    elif type(field) is ID and type(field.analyzer) is IDTokenizer \
                            and isinstance(value, str):
                        # What Whoosh's ID field indexes (the whole value, one term), without
                        # its token machinery: ~10 us per field and document.
                        length = self._add_counts(name, docnum, ((value, 1),))
                    else:
                        length = self._add_items(name, field, docnum, field.index(value))
                    if not field.scorable:
                        length = 0
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

    def _add_stream(self, name: str, field: Any, docnum: int, stream: TermStream) -> int:
        """Group a field's pre-analyzed terms; return the field's length in terms."""
        poses = stream.positions
        if poses is None:
            poses = {}
            for text, pos, _start, _end in stream.all_terms():
                found = poses.get(text)
                if found is None:
                    poses[text] = [pos]
                else:
                    found.append(pos)
        fmt = field.format
        if type(fmt) is Positions:
            return self._add_positions(name, docnum, poses)
        if type(fmt) is Existence:
            self._add_counts(name, docnum, ((t, 1) for t in poses))
            return sum(map(len, poses.values()))
        return self._add_counts(name, docnum, ((t, len(p)) for t, p in poses.items()))

    def _add_positions(self, name: str, docnum: int, poses: dict[Any, list[int]]) -> int:
        """Group one document's ``{term: positions}`` of a Positions field; return its length."""
        group = self._groups.get(name)
        if group is None:
            group = self._groups[name] = {}
            self._positions[name] = {}
        pgroup = self._positions[name]
        held = 0
        length = 0
        for text, plist in poses.items():
            n = len(plist)
            pairs = group.get(text)
            if pairs is None:
                pairs = group[text] = array("I")
                pos = pgroup[text] = array("I")
                held += _TERM_OVERHEAD + len(text)
            else:
                pos = pgroup[text]
            pairs.append(docnum)
            pairs.append(n)
            if n == 1:
                pos.append(plist[0])
            else:
                pos.extend(plist)
            held += 8 + 4 * n
            length += n
        self.held_bytes += held
        return length

    def _add_counts(self, name: str, docnum: int, counts: Any) -> int:
        """Group ``(term, frequency)`` of a field without positions; return the sum."""
        group = self._groups.get(name)
        if group is None:
            group = self._groups[name] = {}
        held = 0
        length = 0
        for text, n in counts:
            pairs = group.get(text)
            if pairs is None:
                pairs = group[text] = array("I")
                held += _TERM_OVERHEAD + len(text)
            pairs.append(docnum)
            pairs.append(n)
            held += 8
            length += n
        self.held_bytes += held
        return length

    def _add_items(self, name: str, field: Any, docnum: int, items: Any) -> int:
        """Group Whoosh's ``field.index`` output ``(text, freq, weight, value)``.

        Whoosh gives terms as bytes, ``TermStream`` as str: a term that is UTF-8 is keyed as
        str, so one field fed both kinds of value keeps each term once (``_term_key``).
        """
        fmt = field.format
        if type(fmt) is Positions:
            return self._add_positions(name, docnum, {
                _term_key(text): fmt.decode_positions(value) for text, _f, _w, value in items})
        if type(fmt) is Existence:
            return self._add_counts(name, docnum,
                                    ((_term_key(text), 1) for text, _f, _w, _v in items))
        if type(fmt) is Frequency:
            return self._add_counts(name, docnum,
                                    ((_term_key(text), f) for text, f, _w, _v in items))
        check_format(name, fmt)  # raises
        return 0

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
        for name in sorted(self._groups):
            group = self._groups[name]
            pgroup = self._positions.get(name)
            fw.start_field(name, schema[name])
            # Terms sort as their UTF-8 bytes (a bytes key is never valid UTF-8: ``_term_key``).
            keyed = sorted((t.encode("utf-8") if isinstance(t, str) else t, t) for t in group)
            if keyed:
                texts = [text for _key, text in keyed]
                counts = np.fromiter((len(group[t]) // 2 for t in texts), dtype=np.int64,
                                     count=len(texts))
                pairs = np.frombuffer(b"".join([group[t].tobytes() for t in texts]),
                                      dtype=np.uint32).reshape(-1, 2)
                ids = pairs[:, 0].astype(np.int64)
                positions = None
                if pgroup:
                    positions = np.frombuffer(b"".join([pgroup[t].tobytes() for t in texts]),
                                              dtype=np.uint32)
                fw.add_terms([key for key, _text in keyed], ids, pairs[:, 1], counts, positions)
            fw.finish_field()
        self._clear()

    def _spill_to_pool(self) -> None:
        add = self.pool.add
        for name, group in self._groups.items():
            fmt = self.schema[name].format
            boost = fmt.field_boost
            pgroup = self._positions.get(name)
            for text, pairs in group.items():
                tbytes = text.encode("utf-8") if isinstance(text, str) else text
                pos = pgroup[text] if pgroup else None
                at = 0
                for i in range(0, len(pairs), 2):
                    docnum, n = pairs[i], pairs[i + 1]
                    if pos is not None:
                        value = fmt.encode(list(pos[at : at + n]))
                        at += n
                    elif type(fmt) is Frequency:
                        value = pack_uint(n)
                    else:
                        value = b""
                    add((name, tbytes, docnum, n * boost, value))
        self._clear()

    def _clear(self) -> None:
        self._groups.clear()
        self._positions.clear()
        self.held_bytes = 0


def _term_key(text: bytes) -> str | bytes:
    """A term's key in the groups: str when it is UTF-8 (as ``TermStream`` terms are), else
    the bytes (e.g. numbers), so each term has one key whichever way it arrived."""
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text


def compress_small(data: bytes, level: int = ZLIB_LEVEL) -> bytes:
    """``zlib.compress`` for small values (any zlib reader decompresses it).

    Values under ``COMPRESS_MIN_BYTES`` (the stored fields of a short document) are framed
    as zlib without compressing (level 0: ~1 us rather than ~15 us, ~15 % larger).
    """
    if len(data) < COMPRESS_MIN_BYTES:
        level = 0
    z = zlib.compressobj(min(level, ZLIB_LEVEL), zlib.DEFLATED, ZLIB_WBITS, ZLIB_MEMLEVEL)
    return z.compress(data) + z.flush()
