"""Posting lists and field lengths read from Whoosh segments into numpy arrays.

Ranking, filters and facets work on whole arrays (one entry per document number)
instead of Whoosh's per-posting Python matchers: reading a posting list of 30,000
documents is a few block unpickles and a ``cumsum``, and scoring it is one
vectorized BM25 expression. These readers use Whoosh's W3 block layout when it is
there and fall back to the public matcher API otherwise (inlined postings, other
codecs).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

# byte -> approximate field length, Whoosh's own length encoding.
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


def _unwrap(matcher: Any) -> Any:
    """The leaf matcher under Whoosh's deleted-documents filter (deletions are masked later)."""
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def _read_w3_blocks(m: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """Ids and weights of a W3 leaf matcher, one block at a time; ``None`` if not W3."""
    if not all(hasattr(m, a) for a in ("_read_data", "_next_block", "_blocklength")):
        return None
    ids_parts: list[np.ndarray] = []
    w_parts: list[np.ndarray] = []
    while m.is_active():
        m._read_data()
        data = m._data
        n = m._blocklength
        if m._byteids:
            return None
        ids_parts.append(np.cumsum(np.asarray(data[0], dtype=np.int64)))
        weights = data[1]
        if weights is None:
            w_parts.append(np.ones(n, dtype=np.float32))
        elif isinstance(weights, float):
            w_parts.append(np.full(n, weights, dtype=np.float32))
        else:
            w_parts.append(np.asarray(weights, dtype=np.float32))
        m._i = n  # done with this block
        m._next_block()
    if not ids_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    return np.concatenate(ids_parts), np.concatenate(w_parts)


def read_postings(reader: Any, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (ascending) and term frequencies of ``field:text`` in one segment."""
    try:
        m = _unwrap(reader.postings(field, text))
    except (TermNotFound, KeyError):
        return EMPTY_IDS, EMPTY_WEIGHTS
    fast = _read_w3_blocks(m)
    if fast is not None:
        return fast
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():  # generic path: inlined (single-document) postings, other codecs
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def read_field_lengths(reader: Any, field: str) -> np.ndarray:
    """Length (in terms) of ``field`` for every document of one segment."""
    n = reader.doc_count_all()
    try:  # fast path: the W3 lengths column is one byte per document
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if col is None:
            return np.zeros(n, dtype=np.float32)
        raw = np.frombuffer(col._dbfile.get(col._basepos, col._count), dtype=np.uint8)
        out = np.zeros(n, dtype=np.float32)
        out[: len(raw)] = _BYTE_TO_LENGTH[raw[:n]]
        return out
    except Exception:  # noqa: BLE001 - any layout surprise: use the public API
        return np.array(
            [reader.doc_field_length(d, field) or 0 for d in range(n)], dtype=np.float32
        )


def read_positions(reader: Any, field: str, text: str, docs: np.ndarray) -> dict[int, list[int]]:
    """Word positions of ``field:text`` in the (sorted, segment-local) documents ``docs``.

    Blocks that cannot hold a wanted document are skipped on their header alone.
    """
    out: dict[int, list[int]] = {}
    if not len(docs):
        return out
    try:
        m = _unwrap(reader.postings(field, text))
    except (TermNotFound, KeyError):
        return out
    decode = m.format.decoder("positions")
    if not all(hasattr(m, a) for a in ("_read_data", "_next_block", "_maxid", "_read_values")) \
            or m._byteids:
        for d in docs.tolist():  # generic path
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
            if m.is_active() and m.id() == d:
                out[d] = list(m.value_as("positions"))
        return out
    i = 0
    while m.is_active() and i < len(docs):
        maxid = m._maxid
        if docs[i] > maxid:
            m._i = m._blocklength
            m._next_block()
            continue
        j = int(np.searchsorted(docs, maxid, side="right"))
        m._read_data()
        ids = np.cumsum(np.asarray(m._data[0], dtype=np.int64))
        want = docs[i:j]
        at = np.minimum(np.searchsorted(ids, want), len(ids) - 1)
        found = ids[at] == want
        if found.any():
            m._read_values()
            values = m._values
            for d, k in zip(want[found].tolist(), at[found].tolist(), strict=True):
                out[d] = list(decode(values[k]))
        i = j
        m._i = m._blocklength
        m._next_block()
    return out
