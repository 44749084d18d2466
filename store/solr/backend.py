"""A Solr collection as search/ reads it (``SolrIndex``): what it can ask of any index that
cannot hand out posting arrays.

* ``select``: matches (count, ranked ids, facets) of a translated query, with per-candidate
  values for Muragat's own ranking: term frequencies (``termfreq``), field lengths
  (``len_<field>``), phrase matches (``query($phN)``), metadata;
* ``statistics``: the collection-wide figures of BM25 (documents, document frequencies of
  terms, documents matching each query word, average field lengths);
* ``stored``: stored fields by id; ``positions``: word positions (term vectors) of a few
  documents; the vocabulary: ``expand_prefix``, ``has_term``, ``near_terms``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from muragat.store.schema import build_schema
from muragat.store.solr.client import SolrClient
from muragat.store.solr.documents import LENGTH_PREFIX, STORED, stored_fields
from muragat.store.solr.location import SolrLocation

META_FIELDS = ("id", "lang", "langs", "year", "date", "source", "date_key")
_AVG_TTL_S = 10.0


def _func_term(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SolrIndex:
    """One Solr collection (thread-safe)."""

    def __init__(self, location: SolrLocation, timeout: float = 30.0):
        self.location = location
        self.collection = location.collection
        self.client = SolrClient(location.urls, timeout=timeout)
        schema = build_schema()
        self.fields = frozenset(schema.names())
        # The embedded index weighs a term occurrence by its field's boost (titles count
        # three times): term frequencies read from Solr are weighed the same.
        self._boost = {name: float(getattr(getattr(schema[name], "format", None), "field_boost",
                                           1.0) or 1.0)
                       for name in schema.names()}
        self._avg: tuple[float, dict[str, float]] = (0.0, {})
        self._lock = threading.Lock()

    def _select(self, params: dict[str, Any] | list[tuple[str, Any]]) -> dict:
        return self.client.request(f"/{self.collection}/select", params)

    # -- collection ------------------------------------------------------------------------

    def doc_count(self) -> int:
        """Live documents."""
        return int(self._select({"q": "*:*", "rows": 0})["response"]["numFound"])

    def version(self) -> tuple[int, str | None]:
        """``(version, time)``: the newest update's version (changes with every commit that
        changed something) and the newest ``indexed`` time."""
        data = self._select({"q": "*:*", "rows": 1, "fl": "_version_,indexed",
                             "sort": "_version_ desc"})
        docs = data["response"]["docs"]
        if not docs:
            return 0, None
        return int(docs[0].get("_version_", 0)) ^ int(data["response"]["numFound"]), \
            docs[0].get("indexed")

    # -- statistics --------------------------------------------------------------------------

    def average_lengths(self, fields: Iterable[str]) -> dict[str, float]:
        """Average length of each analysed field over the documents that have it (cached for
        a few seconds)."""
        fields = sorted(set(fields))
        with self._lock:
            stamp, cached = self._avg
            fresh = time.monotonic() - stamp < _AVG_TTL_S
            missing = [f for f in fields if f not in cached] if fresh else fields
        if missing:
            params: list[tuple[str, Any]] = [("q", "*:*"), ("rows", 0), ("stats", "true")]
            params += [("stats.field", f"{{!mean=true}}{LENGTH_PREFIX}{f}") for f in missing]
            data = self._select(params)
            got = {}
            for f in missing:
                st = data.get("stats", {}).get("stats_fields", {}).get(LENGTH_PREFIX + f) or {}
                mean = st.get("mean")
                got[f] = float(mean) if mean else 1.0
            with self._lock:
                stamp, cached = self._avg
                if time.monotonic() - stamp >= _AVG_TTL_S:
                    stamp, cached = time.monotonic(), {}
                self._avg = (stamp, {**cached, **got})
                cached = self._avg[1]
        return {f: cached.get(f, 1.0) for f in fields}

    def statistics(self, terms: Sequence[tuple[str, str]], words: Sequence[str],
                   params: dict[str, str]) -> tuple[int, dict[tuple[str, str], int], list[int]]:
        """Live documents, document frequency of each ``(field, term)`` and the number of
        documents matching each word query (``words``: queries referring to ``params``)."""
        items: list[tuple[str, Any]] = [("q", "*:*"), ("rows", 0), ("facet", "true"),
                                        ("facet.limit", 0)]
        items += list(params.items())
        for i, (fld, term) in enumerate(terms):
            items.append((f"dt{i}", term))
            items.append(("facet.query", f"{{!term f={fld} v=$dt{i} key=t{i}}}"))
        for i, w in enumerate(words):
            items.append((f"dw{i}", w))
            items.append(("facet.query", f"{{!lucene v=$dw{i} key=w{i}}}"))
        data = self._select(items)
        counts = data.get("facet_counts", {}).get("facet_queries", {})
        df = {pair: int(counts.get(f"t{i}", 0)) for i, pair in enumerate(terms)}
        matched = [int(counts.get(f"w{i}", 0)) for i in range(len(words))]
        return int(data["response"]["numFound"]), df, matched

    # -- matches and candidates ------------------------------------------------------------------

    def select(self, q: str, params: dict[str, str], *, filters: Sequence[tuple[str, str]] = (),
               sort: str = "score desc, id asc", start: int = 0, rows: int = 10,
               terms: Sequence[tuple[str, str]] = (), phrases: Sequence[str] = (),
               length_fields: Iterable[str] = (), facets: bool = False,
               fl: Sequence[str] = (), ids: Sequence[str] | None = None) -> dict[str, Any]:
        """Run ``q`` with ``filters`` (``(tag, query)``: facets exclude their own tag).

        Returns ``total``, ``docs`` (in Solr's order: ``id``, ``score``, metadata, ``tf`` per
        entry of ``terms``, ``len`` per field, ``phrase`` per entry of ``phrases``, and the
        stored fields of ``fl``) and ``facets`` (lang/year/source counts)."""
        items: list[tuple[str, Any]] = [("q", q), ("start", start), ("rows", rows),
                                        ("sort", sort)]
        items += list(params.items())
        for tag, fq in filters:
            items.append(("fq", f"{{!tag={tag}}}{fq}"))
        if ids is not None:
            items += _ids_params(ids)
        cols = ["id", "score", *META_FIELDS[1:], *fl]
        cols += [f"{LENGTH_PREFIX}{f}" for f in sorted(set(length_fields))]
        cols += [f"t{i}:termfreq({fld},{_func_term(term)})" for i, (fld, term) in enumerate(terms)]
        cols += [f"p{i}:query(${name},-1)" for i, name in enumerate(phrases)]
        items.append(("fl", ",".join(dict.fromkeys(cols))))
        if facets:
            items.append(("json.facet", json.dumps({
                "lang": {"type": "terms", "field": "langs", "limit": -1, "mincount": 1,
                         "domain": {"excludeTags": "lang"}},
                "year": {"type": "terms", "field": "year", "limit": -1, "mincount": 1,
                         "domain": {"excludeTags": "year"}},
                "source": {"type": "terms", "field": "source", "limit": -1, "mincount": 1,
                           "domain": {"excludeTags": "source"}},
            })))
        data = self._select(items)
        docs = []
        for d in data["response"]["docs"]:
            doc = {k: d.get(k) for k in ("id", "score", *META_FIELDS[1:])}
            doc["tf"] = [float(d.get(f"t{i}", 0) or 0) * self._boost.get(fld, 1.0)
                         for i, (fld, _) in enumerate(terms)]
            doc["len"] = {f: float(d.get(LENGTH_PREFIX + f, 0) or 0) for f in length_fields}
            doc["phrase"] = [float(d.get(f"p{i}", -1)) >= 0 for i in range(len(phrases))]
            if fl:
                doc["stored"] = stored_fields(d)
            docs.append(doc)
        out: dict[str, Any] = {"total": int(data["response"]["numFound"]), "docs": docs}
        if facets:
            f = data.get("facets", {})
            out["facets"] = {name: {str(b["val"]): int(b["count"])
                                    for b in (f.get(name) or {}).get("buckets", [])}
                             for name in ("lang", "year", "source")}
        return out

    def count(self, q: str, params: dict[str, str], filters: Sequence[str] = ()) -> int:
        """Documents matching ``q`` under ``filters``."""
        items: list[tuple[str, Any]] = [("q", q), ("rows", 0), *params.items()]
        items += [("fq", fq) for fq in filters]
        return int(self._select(items)["response"]["numFound"])

    # -- documents -------------------------------------------------------------------------------

    def stored(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored fields of the documents ``ids`` (missing ids left out)."""
        if not ids:
            return {}
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            data = self._select([("q", "*:*"), *_ids_params(chunk), ("rows", len(chunk)),
                                 ("fl", ",".join(STORED)), ("sort", "id asc")])
            for d in data["response"]["docs"]:
                out[d["id"]] = stored_fields(d)
        return out

    def positions(self, ids: Sequence[str], fields: Sequence[str],
                  stored: dict[str, dict[str, Any]] | None = None
                  ) -> dict[str, dict[str, dict[str, list[int]]]]:
        """Word positions per document, field and term (term vectors) of a few documents;
        with ``stored``, their stored fields too (filled in by id: one request for both)."""
        if not ids or not fields:
            return {}
        fl = ",".join(STORED) if stored is not None else "id"
        data = self._select([("q", "*:*"), *_ids_params(ids), ("rows", len(ids)), ("fl", fl),
                             ("sort", "id asc"),
                             ("tv", "true"), ("tv.fl", ",".join(fields)),
                             ("tv.positions", "true"), ("tv.tf", "false"), ("tv.df", "false"),
                             ("tv.offsets", "false")])
        if stored is not None:
            for d in data["response"]["docs"]:
                stored[d["id"]] = stored_fields(d)
        out: dict[str, dict[str, dict[str, list[int]]]] = {}
        tv = data.get("termVectors") or []
        for i in range(0, len(tv) - 1, 2):
            key, entry = tv[i], tv[i + 1]
            if not isinstance(entry, list):
                continue
            info = _pairs(entry)
            doc_id = info.get("uniqueKey", key)
            per_field: dict[str, dict[str, list[int]]] = {}
            for fld in fields:
                terms = info.get(fld)
                if not isinstance(terms, list):
                    continue
                per_term = {}
                for term, tinfo in _pairs(terms).items():
                    pos = _pairs(tinfo).get("positions") if isinstance(tinfo, list) else None
                    if isinstance(pos, list):
                        per_term[term] = [int(p) for p in pos[1::2]]
                per_field[fld] = per_term
            out[str(doc_id)] = per_field
        return out

    # -- vocabulary -------------------------------------------------------------------------------

    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms of ``field`` starting with ``prefix``, most frequent first (of
        the first ``limit * 20`` in index order, as the embedded index walks its dictionary)."""
        if field not in self.fields or not prefix:
            return []
        data = self.client.request(f"/{self.collection}/terms", {
            "terms.fl": field, "terms.prefix": prefix, "terms.limit": limit * 20,
            "terms.sort": "index", "terms.mincount": 1})
        pairs = _term_counts(data, field)
        pairs.sort(key=lambda tc: (-tc[1], tc[0]))
        return [t for t, _ in pairs[:limit]]

    def has_term(self, field: str, text: str) -> bool:
        """Whether ``text`` occurs in ``field``."""
        if field not in self.fields:
            return False
        data = self.client.request(f"/{self.collection}/terms", {
            "terms.fl": field, "terms.list": text, "terms.limit": 1})
        return any(t == text and c > 0 for t, c in _term_counts(data, field))

    def near_terms(self, field: str, text: str, maxdist: int, prefix: int = 1) -> list[str]:
        """Index terms within ``maxdist`` edits of ``text`` sharing its first ``prefix``
        letters (Solr's spellchecker on the ``exact`` field)."""
        data = self._select({"q": "*:*", "rows": 0, "spellcheck": "true",
                             "spellcheck.dictionary": field, "spellcheck.q": text,
                             "spellcheck.count": 50, "spellcheck.maxEdits": maxdist,
                             "spellcheck.onlyMorePopular": "false",
                             "spellcheck.alternativeTermCount": 50})
        sugg = (data.get("spellcheck") or {}).get("suggestions") or []
        out: list[str] = []
        for i in range(0, len(sugg) - 1, 2):
            entry = sugg[i + 1]
            for s in (entry.get("suggestion") or []) if isinstance(entry, dict) else []:
                word = s.get("word") if isinstance(s, dict) else s
                if isinstance(word, str) and word[:prefix] == text[:prefix] and word not in out:
                    out.append(word)
        return out


def _ids_params(ids: Sequence[str]) -> list[tuple[str, str]]:
    """A filter to the documents ``ids`` (any characters in an id)."""
    return [("fq", "{!terms f=id separator=$idsep v=$idlist}"), ("idsep", "\u001f"),
            ("idlist", "\u001f".join(ids))]


def _pairs(flat: list) -> dict:
    """Solr's flat named list ``[k1, v1, k2, v2, ...]`` as a dict."""
    return {flat[i]: flat[i + 1] for i in range(0, len(flat) - 1, 2)}


def _term_counts(data: dict, field: str) -> list[tuple[str, int]]:
    terms = (data.get("terms") or {}).get(field) or []
    if isinstance(terms, dict):
        return [(t, int(c)) for t, c in terms.items()]
    return [(terms[i], int(terms[i + 1])) for i in range(0, len(terms) - 1, 2)]
