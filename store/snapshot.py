"""One open generation of the index: what search/ reads, as numpy arrays, and its caches.

``open_snapshot(index_dir)`` opens the newest committed generation. A ``Snapshot`` is
search/'s whole view of the index (search/ never sees Whoosh): postings and positions per
term, field lengths, per-document metadata, stored fields, the vocabulary (prefixes, terms
within an edit distance) and phrase matches. It wraps one Whoosh searcher (opened once,
reused by every query until the indexer commits) and caches, per generation:

* per-document metadata as numpy arrays (language bitmask, primary language,
  year, source, date key, live/deleted) for filters, facets and sorting;
* per-field length arrays for BM25;
* recently used posting lists (a bounded LRU);
* filter masks (a bounded LRU).

Whoosh's file readers seek and read on shared file objects, so every access to
the searcher goes through ``snapshot.lock`` (searches are CPU-bound under the GIL
anyway; the lock costs nothing measurable).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from muragat.store.arrays import distinct
from muragat.store.codec import ArrayTermsReader
from muragat.store.columns import numeric_column, text_column
from muragat.store.index import commit_time, index_exists, open_index
from muragat.store.postings import (
    LENGTH_OF_CODE,
    mark_segment,
    read_field_length_codes,
    read_field_lengths,
    read_merged_postings,
    read_positions,
    read_postings_of_segments,
)
from muragat.store.schema import date_key
from whoosh import query as wq

_POSTINGS_CACHE_SIZE = 200_000  # entries (most are short lists; the budget bounds memory)
_POSTINGS_CACHE_BUDGET = 16_000_000  # cached postings in all (12 bytes each: about 200 MB)
_FILTER_CACHE_SIZE = 256


class _Lru:
    """A bounded mapping: least recently used entries are dropped beyond ``size`` entries
    or beyond ``budget`` total cost (``cost(value)``, e.g. array entries)."""

    def __init__(self, size: int, budget: int | None = None,
                 cost: Callable[[Any], int] | None = None):
        self.size = size
        self.budget = budget
        self.cost = cost or (lambda _v: 1)
        self.total = 0
        self.data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        try:
            self.data.move_to_end(key)
            return self.data[key]
        except KeyError:
            value = make()
            self.data[key] = value
            self.total += self.cost(value)
            while len(self.data) > 1 and (
                    len(self.data) > self.size
                    or (self.budget is not None and self.total > self.budget)):
                _, old = self.data.popitem(last=False)
                self.total -= self.cost(old)
            return value


@dataclass
class Meta:
    """Per-document metadata arrays (index = Whoosh document number)."""

    lang_codes: list[str]  # code index -> language code (bits of ``langs_mask``)
    langs_mask: np.ndarray  # uint64: bit i set if the document has lang_codes[i]
    lang: np.ndarray  # int16: primary language code index, -1 if none
    year: np.ndarray  # int32: 0 if unknown
    source_codes: list[str]
    source: np.ndarray  # int32: source code index, -1 if none
    date_key: np.ndarray  # int64: yyyymmdd (missing parts 0), 0 if unknown
    # The distinct values of ``langs_mask`` and, per document, the index of its value: the
    # language facet is one ``bincount`` over these (a few dozen combinations), not a bit
    # test per language over all matches.
    langs_combos: np.ndarray  # uint64
    langs_combo: np.ndarray  # int32 (index into ``langs_combos``)
    # The last tie-breaker of every sort: a hash of the document's id (``store.id_key``), so
    # that equal scores and dates come in the same order whatever the segments' layout.
    order_key: np.ndarray  # uint64


def _date_key(value: Any, year: int) -> int:
    """``store.schema.date_key`` of a stored date (segments without the datekey column)."""
    return date_key(value if isinstance(value, str) else None, year)


def open_snapshot(index_dir: str | os.PathLike) -> Snapshot | None:
    """The newest committed generation of the index in ``index_dir`` (None when there is none)."""
    if not index_exists(index_dir):
        return None
    ix = open_index(index_dir)
    return Snapshot(ix.searcher(), Path(index_dir))


class FieldLengths:
    """The lengths of one field for every document of a generation: the index's one-byte
    length codes, decoded only for the documents a query scores (a byte a document kept,
    not four), or plain lengths."""

    __slots__ = ("_codes", "_values")

    def __init__(self, codes: np.ndarray | None = None, values: np.ndarray | None = None):
        self._codes = codes
        self._values = values

    def at(self, ids: np.ndarray) -> np.ndarray:
        """The lengths (float32) of documents ``ids``."""
        if self._codes is not None:
            return LENGTH_OF_CODE[self._codes[ids]]
        assert self._values is not None
        return self._values[ids]

    def __len__(self) -> int:
        return len(self._codes if self._codes is not None else self._values)


class Snapshot:
    """An open searcher plus everything cached for its generation."""

    def __init__(self, searcher: Any, index_dir: Path | None = None):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.index_dir = index_dir
        self.generation: int = int(self.reader.generation() or 0)
        self.lock = threading.RLock()
        self.n = self.reader.doc_count_all()
        self.leaves: list[tuple[Any, int]] = list(self.reader.leaf_readers())
        folder = getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)
        for leaf, _ in self.leaves:
            mark_segment(leaf, folder)
        self.fields = frozenset(searcher.schema.names())
        self.committed_at: float | None = commit_time(index_dir, self.generation) \
            if index_dir is not None else None
        self._postings = _Lru(_POSTINGS_CACHE_SIZE, _POSTINGS_CACHE_BUDGET, lambda v: len(v[0]))
        self._filters = _Lru(_FILTER_CACHE_SIZE)
        self._lengths: dict[str, tuple[FieldLengths, float]] = {}
        self._df: dict[tuple[str, str], int] = {}

    # -- documents -------------------------------------------------------------

    @cached_property
    def live(self) -> np.ndarray:
        """True for documents that are not deleted."""
        live = np.ones(self.n, dtype=bool)
        for leaf, base in self.leaves:
            if leaf.has_deletions():
                deleted = getattr(leaf, "deleted_docs_set", None)
                if deleted is None:
                    deleted = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
                for d in deleted:
                    live[base + d] = False
        return live

    @property
    def doc_count(self) -> int:
        """Number of live documents."""
        return int(self.reader.doc_count())

    def stored(self, docnum: int) -> dict[str, Any]:
        """Stored fields of a document."""
        with self.lock:
            return self.searcher.stored_fields(int(docnum))

    def docnum(self, doc_id: str) -> int | None:
        """Document number of ``doc_id`` (live documents only)."""
        ids, _ = self.postings("id", doc_id)
        return int(ids[0]) if len(ids) else None

    # -- terms -------------------------------------------------------------------

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Live document numbers and term frequencies of ``field:text`` (cached)."""
        if field not in self.fields:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return self._postings.get((field, text), lambda: self._read(field, text))

    def _read(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        with self.lock:
            merged = read_merged_postings(self.leaves, field, text)
            if merged is None:  # a segment of another codec (W3): per segment, then joined
                parts_i, parts_w = [], []
                found = read_postings_of_segments([leaf for leaf, _ in self.leaves], field, text)
                for (_leaf, base), (ids, w) in zip(self.leaves, found, strict=True):
                    if len(ids):
                        parts_i.append(ids + base)
                        parts_w.append(w)
        if merged is not None:
            ids, w = merged
        elif not parts_i:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        else:
            ids = np.concatenate(parts_i) if len(parts_i) > 1 else parts_i[0]
            w = np.concatenate(parts_w) if len(parts_w) > 1 else parts_w[0]
        if not len(ids):
            return ids, w
        if self.has_deletions:
            keep = self.live[ids]
            if not keep.all():
                ids, w = ids[keep], w[keep]
        return ids, w

    def doc_frequency(self, field: str, text: str) -> int:
        """Number of live documents containing ``field:text``."""
        return len(self.postings(field, text)[0])

    @cached_property
    def has_deletions(self) -> bool:
        """Whether some segment holds deleted documents (their terms stay in the dictionary
        until the segment is merged: counts must then come from live postings)."""
        return bool(len(self.live)) and not bool(self.live.all())

    def has_term(self, field: str, text: str) -> bool:
        """Whether ``text`` occurs in ``field`` in a live document (a dictionary lookup when no
        document is deleted; the live postings otherwise)."""
        if field not in self.fields:
            return False
        if self.has_deletions:
            return self.doc_frequency(field, text) > 0
        with self.lock:
            try:
                return bool(self.reader.doc_frequency(field, text))
            except Exception:  # noqa: BLE001 - unknown field/term encodings
                return False

    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms of ``field`` starting with ``prefix``, most frequent first
        (frequency in live documents; ties in term order)."""
        if field not in self.fields or not prefix:
            return []
        found: list[tuple[int, str]] = []
        with self.lock:
            for i, term in enumerate(self.reader.expand_prefix(field, prefix)):
                if i >= limit * 20:  # bound the dictionary walk too
                    break
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                df = (self.doc_frequency(field, text) if self.has_deletions
                      else self.reader.doc_frequency(field, text))
                if df:
                    found.append((-df, text))
        found.sort()
        return [t for _, t in found[:limit]]

    def field_terms(self, field: str) -> list[str]:
        """All terms of a field (decoded)."""
        if field not in self.fields:
            return []
        with self.lock:
            return [t if isinstance(t, str) else t.decode("utf-8")
                    for t in self.reader.field_terms(field)]

    def lengths(self, field: str) -> tuple[FieldLengths, float]:
        """Per-document lengths of ``field`` and their average over documents that have it
        (live documents only, summed exactly: the lengths are whole numbers, so the average,
        hence every score, does not depend on deleted documents or on order)."""
        cached = self._lengths.get(field)
        if cached is None:
            with self.lock:
                codes = [read_field_length_codes(leaf, field) for leaf, _ in self.leaves]
                if all(c is not None for c in codes):
                    cached = self._lengths_of_codes(codes)
                else:
                    parts = [read_field_lengths(leaf, field) for leaf, _ in self.leaves]
                    arr = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
                    present = arr[(arr > 0) & self.live].astype(np.float64)
                    avg = float(present.sum() / len(present)) if len(present) else 1.0
                    cached = (FieldLengths(values=arr), avg)
            self._lengths[field] = cached
        return cached

    def _lengths_of_codes(self, codes: list[np.ndarray]) -> tuple[FieldLengths, float]:
        """``lengths`` kept as one-byte codes (decoded where a query reads them), with the
        average from a count of each code: the same exact sum as adding the lengths."""
        raw = np.concatenate(codes) if codes else np.zeros(0, dtype=np.uint8)
        counts = np.bincount(raw[self.live] if self.has_deletions else raw, minlength=256)
        lengths = LENGTH_OF_CODE.astype(np.float64)
        counts[lengths == 0] = 0
        present = int(counts.sum())
        avg = float((counts * lengths).sum() / present) if present else 1.0
        return FieldLengths(codes=raw), avg

    # -- metadata ------------------------------------------------------------------

    @cached_property
    def meta(self) -> Meta:
        """Per-document metadata arrays, built once per generation from postings and columns.

        Columns are read per segment (``store.columns``): a segment where no document has
        a year or a date has no column for it, and its documents get "missing" (0), never
        a neighbour's value.
        """
        n = self.n
        lang_codes = sorted(self.field_terms("langs"))[:64]
        langs_mask = np.zeros(n, dtype=np.uint64)
        for i, code in enumerate(lang_codes):
            ids, _ = self.postings("langs", code)
            langs_mask[ids] |= np.uint64(1 << i)
        lang = np.full(n, -1, dtype=np.int16)
        code_index = {c: i for i, c in enumerate(lang_codes)}
        for code in self.field_terms("lang"):
            if code in code_index:
                lang[self.postings("lang", code)[0]] = code_index[code]
        source_codes = sorted(self.field_terms("source"))
        source = np.full(n, -1, dtype=np.int32)
        for i, code in enumerate(source_codes):
            source[self.postings("source", code)[0]] = i
        year = np.zeros(n, dtype=np.int32)
        date_key = np.zeros(n, dtype=np.int64)
        order_key = np.zeros(n, dtype=np.uint64)
        with self.lock:
            # Per segment (store.columns): Whoosh's MultiReader.column_reader skips segments
            # that lack a column, which would shift later segments' values onto the wrong
            # documents. A missing value is 0: no year, no date.
            for leaf, base in self.leaves:
                count = leaf.doc_count_all()
                years = numeric_column(leaf, "year") if "year" in self.fields else None
                if years is not None:
                    valid = (years > 0) & (years < 10000)  # the column's default: no year
                    year[base : base + count] = np.where(valid, years, 0).astype(np.int32)
                keys = numeric_column(leaf, "datekey") if "datekey" in self.fields else None
                if keys is not None:  # the column's default (no date) is out of range
                    date_key[base : base + count] = np.where(keys <= 99991231, keys, 0)
                else:
                    # A segment written before the datekey column: parse its dates.
                    dates = text_column(leaf, "date") if "date" in self.fields else None
                    for d, value in enumerate(dates or ()):
                        if value:
                            date_key[base + d] = _date_key(value, int(year[base + d]))
                ids = numeric_column(leaf, "idkey") if "idkey" in self.fields else None
                if ids is not None:
                    order_key[base : base + count] = ids
        undated = date_key == 0
        date_key[undated] = year[undated].astype(np.int64) * 10000
        combos, combo = np.unique(langs_mask, return_inverse=True)
        return Meta(lang_codes, langs_mask, lang, year, source_codes, source, date_key,
                    combos, combo.astype(np.int32).reshape(-1), order_key)

    def cached_filter(self, key: Hashable, make: Callable[[], np.ndarray]) -> np.ndarray:
        """A filter mask computed once per generation (bounded cache)."""
        return self._filters.get(key, make)

    # -- positions, phrases, vocabulary --------------------------------------------------

    def positions(self, field: str, text: str, docnums: np.ndarray) -> dict[int, list[int]]:
        """Word positions of ``field:text`` in the (sorted) documents ``docnums``; documents
        without the term, and fields without positions, give nothing."""
        out: dict[int, list[int]] = {}
        if field not in self.fields or not len(docnums):
            return out
        docnums = np.asarray(docnums, dtype=np.int64)
        with self.lock:
            for leaf, base in self.leaves:
                count = leaf.doc_count_all()
                local = docnums[(docnums >= base) & (docnums < base + count)] - base
                if not len(local):
                    continue
                try:
                    found = read_positions(leaf, field, text, local)
                except Exception:  # noqa: BLE001 - a field without positions
                    continue
                for d, plist in found.items():
                    out[d + base] = plist
        return out

    def phrase_docs(self, alternatives: Sequence[tuple[str, Sequence[str]]],
                    candidates: np.ndarray | None = None) -> np.ndarray:
        """Documents where any ``(field, terms)`` alternative holds its terms at consecutive
        positions (ascending document numbers; deleted documents included). ``candidates``
        (ascending), when given, are the only documents that can match (the caller's
        intersection of the words)."""
        alternatives = [(field, list(terms)) for field, terms in alternatives
                        if field in self.fields and terms]
        if not alternatives:
            return np.zeros(0, dtype=np.int64)
        with self.lock:
            if all(isinstance(leaf._terms, ArrayTermsReader) for leaf, _ in self.leaves):
                return self._array_phrases(alternatives, candidates)
            # Segments of Whoosh's own codec (an older index): Whoosh's phrase matcher.
            queries = [wq.Phrase(field, terms) for field, terms in alternatives]
            q = queries[0] if len(queries) == 1 else wq.Or(queries)
            m = q.matcher(self.searcher)
            ids = list(m.all_ids()) if m.is_active() else []
        return np.asarray(sorted(set(ids)), dtype=np.int64)

    def _array_phrases(self, alternatives: list[tuple[str, list[str]]],
                       candidates: np.ndarray | None) -> np.ndarray:
        parts = []
        for leaf, base in self.leaves:
            count = leaf.doc_count_all()
            local = None
            if candidates is not None:
                local = candidates[(candidates >= base) & (candidates < base + count)] - base
                if not len(local):
                    continue
            for field, terms in alternatives:
                try:
                    keys = [leaf._text_to_bytes(field, t) for t in terms]
                except Exception:  # noqa: BLE001 - a term the field cannot encode
                    continue
                found = leaf._terms.phrase_docs(field, keys, local)
                if len(found):
                    parts.append(found + base)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return distinct(np.concatenate(parts), runs=True)

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Terms of ``field`` within ``maxdist`` edits of ``text`` (sharing its first
        ``prefix`` letters)."""
        if field not in self.fields:
            return []
        with self.lock:
            return [t.decode("utf-8") if isinstance(t, bytes) else t
                    for t in self.reader.terms_within(field, text, maxdist, prefix=prefix)]

    # -- generation ----------------------------------------------------------------------

    def up_to_date(self) -> bool:
        """False when a newer generation has been committed since this one was opened."""
        with self.lock:
            return bool(self.searcher.up_to_date())

    def close(self) -> None:
        """Close the searcher (only when no query uses this snapshot any more)."""
        with self.lock:
            self.searcher.close()
