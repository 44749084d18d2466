"""Search over an index that cannot hand out posting arrays: a SolrCloud collection.

Solr finds the matches (count, facets, filters, sorting: ``store.solr.query`` translates the
parse tree and the word plans, so the matches are Muragat's), and returns its best
``CANDIDATES`` with what Muragat's ranking needs of each: term frequencies, field lengths,
phrase matches, metadata. A ``RemoteSnapshot`` holds those candidates behind the interface of
``store.Snapshot``, with the collection's own figures (documents, document frequencies,
documents per word, average lengths), so the executor computes Muragat's exact scores for
them (BM25F with per-kind b, the best of a clause's alternatives, the any-words coordination,
function-word weights) and the proximity re-ranking reads term-vector positions. Only the
order of documents below Solr's candidates can differ from the embedded index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from muragat.search import proximity, query_builder
from muragat.search.executor import (
    ALT_WEIGHT,
    Context,
    check_expansions,
    clause_terms,
    evaluate,
    phrase_alternatives,
)
from muragat.search.models import SearchRequest, SearchResponse
from muragat.search.proximity import RERANK_DEPTH, proximity_bonus
from muragat.search.query_builder import highlight_forms, plan_word
from muragat.search.query_parser import ParsedQuery, parse, positive_words
from muragat.search.snippets import MatchMemo
from muragat.store import EXACT_FIELD, LANG_FIELDS, FieldLengths, Meta
from muragat.store.query import Word
from muragat.store.schema import id_key
from muragat.store.solr.backend import SolrIndex
from muragat.store.solr.location import parse_location
from muragat.store.solr.query import Planner, SolrQuery, quote, translate, year_range

from muragat.settings import LIMITS

# Solr's best this many (or the page's end, when deeper) are ranked by Muragat's exact scores.
CANDIDATES = 200
_VERSION_TTL_S = 1.0
POSITION_FIELDS = (EXACT_FIELD, *(body for body, _ in LANG_FIELDS.values()))


def _planner(ctx: Context) -> Planner:
    fields = frozenset(ctx.snap.fields)
    return Planner(plan=lambda w: plan_word(w, fields), terms=lambda c: clause_terms(ctx, c),
                   phrase=phrase_alternatives, stopword_weight=query_builder.STOPWORD_WEIGHT,
                   alt_weight=ALT_WEIGHT)


def _phrase_key(alternatives: Sequence[tuple[str, Sequence[str]]]) -> tuple:
    return tuple((f, tuple(t)) for f, t in alternatives)


class RemoteSnapshot:
    """Some documents of a Solr collection (the candidates of one query) behind the interface
    of ``store.Snapshot``; everything collection-wide is the collection's."""

    partial = True

    def __init__(self, index: SolrIndex, version: tuple[int, str | None] | None = None):
        self.index = index
        self.fields = index.fields
        self.lock = threading.RLock()
        self.ids: list[str] = []
        self._docnum: dict[str, int] = {}
        self._tf: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._len: dict[str, np.ndarray] = {}
        self._df: dict[tuple[str, str], int] = {}
        self._words: dict[Word, int] = {}
        self._phrases: dict[tuple, np.ndarray] = {}
        self._meta_rows: list[dict[str, Any]] = []
        self._stored: dict[int, dict[str, Any]] = {}
        self._positions: dict[int, dict[str, dict[str, list[int]]]] = {}
        self._expansions: dict[tuple[str, str, int], list[str]] = {}
        self._doc_count: int | None = None
        self._version = version
        self._meta: Meta | None = None
        self.ctx: Context | None = None  # the query's context (word queries for word_matches)

    # -- candidates ----------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def live(self) -> np.ndarray:
        return np.ones(self.n, dtype=bool)

    def add_candidates(self, docs: list[dict[str, Any]], terms: Sequence[tuple[str, str]],
                       length_fields: Sequence[str], phrase_keys: Sequence[tuple]) -> None:
        """Take Solr's candidates (``SolrIndex.select`` docs) with their figures."""
        base = self.n
        for d in docs:
            self._docnum[d["id"]] = len(self.ids)
            self.ids.append(d["id"])
            self._meta_rows.append(d)
        k = len(docs)
        for j, pair in enumerate(terms):
            tf = np.asarray([d["tf"][j] for d in docs], dtype=np.float32)
            old = self._tf.get(pair)
            ids = np.flatnonzero(tf > 0) + base
            if old is not None:
                ids, tf_all = np.concatenate([old[0], ids]), np.concatenate([old[1], tf[tf > 0]])
            else:
                tf_all = tf[tf > 0]
            self._tf[pair] = (ids.astype(np.int64), tf_all)
        for f in length_fields:
            arr = np.asarray([d["len"].get(f, 0.0) for d in docs], dtype=np.float32)
            self._len[f] = np.concatenate([self._len[f], arr]) if f in self._len else arr
        for j, key in enumerate(phrase_keys):
            hit = np.asarray([base + i for i, d in enumerate(docs) if d["phrase"][j]], dtype=np.int64)
            self._phrases[key] = np.concatenate([self._phrases.get(key, np.zeros(0, np.int64)), hit])
        if k:
            self._meta = None

    def docnum(self, doc_id: str) -> int | None:
        """The candidate number of ``doc_id`` (fetched as a new candidate when it exists)."""
        if doc_id in self._docnum:
            return self._docnum[doc_id]
        found = self.index.select("*:*", {}, ids=[doc_id], rows=1)
        if not found["docs"]:
            return None
        self._extend(found["docs"])
        return self._docnum.get(doc_id)

    def _extend(self, docs: list[dict[str, Any]]) -> None:
        """New candidates without figures: the figures already fetched are fetched for them."""
        pairs = list(self._tf)
        lens = list(self._len)
        phrases = list(self._phrases)
        self.add_candidates([{**d, "tf": [0.0] * len(pairs), "len": {}, "phrase":
                              [False] * len(phrases)} for d in docs], [], [], [])
        start = self.n - len(docs)
        ids = [d["id"] for d in docs]
        if pairs or lens:
            got = self.index.select("*:*", {}, ids=ids, rows=len(ids),
                                    terms=pairs, length_fields=lens)
            by_id = {d["id"]: d for d in got["docs"]}
            for j, pair in enumerate(pairs):
                extra = [(start + i, by_id[x]["tf"][j]) for i, x in enumerate(ids)
                         if x in by_id and by_id[x]["tf"][j] > 0]
                if extra:
                    old = self._tf[pair]
                    self._tf[pair] = (np.concatenate([old[0], [e[0] for e in extra]]).astype(np.int64),
                                      np.concatenate([old[1], [e[1] for e in extra]]).astype(np.float32))
            for f in lens:
                self._len[f] = np.concatenate([self._len[f][:start], np.asarray(
                    [by_id.get(x, {}).get("len", {}).get(f, 0.0) for x in ids], dtype=np.float32)])

    # -- what the executor reads ------------------------------------------------------------------

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Candidates holding ``field:text`` and its frequencies there."""
        key = (field, text)
        if key not in self._tf:
            if not self.n or field not in self.fields:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            got = self.index.select("*:*", {}, ids=self.ids,
                                    rows=self.n, terms=[key])
            tf = np.zeros(self.n, dtype=np.float32)
            for d in got["docs"]:
                tf[self._docnum[d["id"]]] = d["tf"][0]
            self._tf[key] = (np.flatnonzero(tf > 0).astype(np.int64), tf[tf > 0])
        return self._tf[key]

    def lengths(self, field: str) -> tuple[FieldLengths, float]:
        """Candidates' lengths of ``field`` and the collection's average."""
        if field not in self._len:
            arr = np.zeros(self.n, dtype=np.float32)
            if self.n:
                got = self.index.select("*:*", {}, ids=self.ids,
                                        rows=self.n, length_fields=[field])
                for d in got["docs"]:
                    arr[self._docnum[d["id"]]] = d["len"].get(field, 0.0)
            self._len[field] = arr
        return (FieldLengths(values=self._len[field]),
                self.index.average_lengths([field])[field])

    def doc_frequency(self, field: str, text: str) -> int:
        """Live documents of the collection holding ``field:text``."""
        key = (field, text)
        if key not in self._df:
            self.prefetch_doc_frequencies(field, [text])
        return self._df[key]

    def prefetch_doc_frequencies(self, field: str, terms: Sequence[str]) -> None:
        """Fetch the document frequencies of many terms of ``field`` at once."""
        todo = [(field, t) for t in dict.fromkeys(terms) if (field, t) not in self._df]
        for i in range(0, len(todo), 400):
            count, df, _ = self.index.statistics(todo[i:i + 400], [], {})
            self._doc_count = count
            self._df.update(df)

    def word_matches(self, word: Word) -> int:
        """Documents of the collection matching ``word`` (as the executor evaluates it)."""
        if word not in self._words:
            ctx = self.ctx or Context(self)
            sq = translate(word, _planner(ctx), ctx.any_words)
            count, _, matched = self.index.statistics([], [sq.q], sq.params)
            self._doc_count = count
            self._words[word] = matched[0]
        return self._words[word]

    @property
    def doc_count(self) -> int:
        if self._doc_count is None:
            self._doc_count = self.index.doc_count()
        return self._doc_count

    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        key = (field, prefix, limit)
        if key not in self._expansions:
            self._expansions[key] = self.index.expand_prefix(field, prefix, limit)
        return self._expansions[key]

    def has_term(self, field: str, text: str) -> bool:
        return self.index.has_term(field, text)

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        return self.index.near_terms(field, text, maxdist, max(prefix, 1))

    def phrase_docs(self, alternatives: Sequence[tuple[str, Sequence[str]]],
                    candidates: np.ndarray | None = None) -> np.ndarray:
        """Candidates holding an alternative as a phrase (``candidates``: a hint, unused: the
        phrase matches of all candidates come with Solr's answer)."""
        key = _phrase_key(alternatives)
        if key not in self._phrases:
            q = " ".join(f"{f}:{quote(' '.join(t))}" for f, t in alternatives if t)
            hit = np.zeros(0, dtype=np.int64)
            if q and self.n:
                got = self.index.select("*:*", {"ph0": q}, ids=self.ids,
                                        rows=self.n, phrases=["ph0"])
                hit = np.asarray(sorted(self._docnum[d["id"]] for d in got["docs"]
                                        if d["phrase"][0]), dtype=np.int64)
            self._phrases[key] = hit
        return np.unique(self._phrases[key])

    def positions(self, field: str, text: str, docnums: np.ndarray) -> dict[int, list[int]]:
        want = [int(d) for d in docnums if int(d) not in self._positions]
        if want:
            # The stored fields of the same documents come along (the page is among them).
            stored: dict[str, dict[str, Any]] = {}
            got = self.index.positions([self.ids[d] for d in want], POSITION_FIELDS, stored)
            for d in want:
                self._positions[d] = got.get(self.ids[d], {})
                if self.ids[d] in stored:
                    self._stored.setdefault(d, stored[self.ids[d]])
        out = {}
        for d in docnums:
            plist = self._positions.get(int(d), {}).get(field, {}).get(text)
            if plist:
                out[int(d)] = plist
        return out

    @property
    def meta(self) -> Meta:
        if self._meta is None:
            rows = self._meta_rows
            codes = sorted({c for r in rows for c in (r.get("langs") or [])})[:64]
            index = {c: i for i, c in enumerate(codes)}
            mask = np.zeros(len(rows), dtype=np.uint64)
            lang = np.full(len(rows), -1, dtype=np.int16)
            sources = sorted({r["source"] for r in rows if r.get("source")})
            sindex = {s: i for i, s in enumerate(sources)}
            source = np.full(len(rows), -1, dtype=np.int32)
            year = np.zeros(len(rows), dtype=np.int32)
            date_key = np.zeros(len(rows), dtype=np.int64)
            for i, r in enumerate(rows):
                for c in r.get("langs") or []:
                    if c in index:
                        mask[i] |= np.uint64(1 << index[c])
                lang[i] = index.get(r.get("lang") or "", -1)
                source[i] = sindex.get(r.get("source") or "", -1)
                y = int(r.get("year") or 0)
                year[i] = y if 0 < y < 10000 else 0
                date_key[i] = int(r.get("date_key") or 0)
            combos, combo = np.unique(mask, return_inverse=True)
            # Ties are ordered as in the embedded index: by a hash of the id.
            order_key = np.asarray([id_key(r["id"]) for r in rows], dtype=np.uint64)
            self._meta = Meta(codes, mask, lang, year, sources, source, date_key, combos,
                              combo.astype(np.int32).reshape(-1), order_key)
        return self._meta

    def cached_filter(self, key: Hashable, make: Any) -> np.ndarray:
        return make()

    def stored(self, docnum: int) -> dict[str, Any]:
        docnum = int(docnum)
        if docnum not in self._stored:
            self.prefetch_stored([docnum])
        return self._stored.get(docnum, {})

    def prefetch_stored(self, docnums: Sequence[int]) -> None:
        want = [int(d) for d in docnums if int(d) not in self._stored]
        got = self.index.stored([self.ids[d] for d in want])
        for d in want:
            self._stored[d] = got.get(self.ids[d], {})

    # -- generation -----------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        return self._version_pair()[0]

    @property
    def committed_at(self) -> float | None:
        stamp = self._version_pair()[1]
        if not stamp:
            return None
        try:
            return time.mktime(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        except ValueError:
            return None

    def _version_pair(self) -> tuple[int, str | None]:
        if self._version is None:
            self._version = self.index.version()
        return self._version

    def up_to_date(self) -> bool:
        return True

    def close(self) -> None:
        """Nothing to close (HTTP connections are the index's)."""


class RemoteSearch:
    """The Solr side of ``SearchEngine`` (one per engine; thread-safe)."""

    def __init__(self, location: str):
        self.location = parse_location(location)
        self.index = SolrIndex(self.location)
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="muragat-solr")
        self._version: tuple[float, tuple[int, str | None]] | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> RemoteSnapshot:
        """A fresh, empty snapshot (its version read at most once a second)."""
        with self._lock:
            now = time.monotonic()
            if self._version is None or now - self._version[0] > _VERSION_TTL_S:
                version = None
                try:
                    version = self.index.version()
                except Exception:  # noqa: BLE001 - the cluster is unreachable: searches report it
                    version = (0, None)
                self._version = (now, version)
            return RemoteSnapshot(self.index, self._version[1])

    def refresh(self) -> bool:
        """True when the collection changed since the last look."""
        old = self._version[1] if self._version else None
        with self._lock:
            self._version = None
        return self.snapshot().generation != (old[0] if old else None)

    # -- search ---------------------------------------------------------------------------------

    def search(self, engine: Any, snap: RemoteSnapshot, req: SearchRequest, resp: SearchResponse,
               q: str, sort: str, parsed: ParsedQuery, browse: bool, similar: bool = False) -> None:
        """``SearchEngine._search`` for a Solr collection (same request, same response);
        ``similar``: as ``SearchEngine.similar`` ranks (no proximity, nothing highlighted)."""
        from muragat.search.engine import _order

        words = positive_words(parsed.node)
        if not words and sort == "relevance":
            sort = "newest"
        ctx = Context(snap, any_words=req.any_words)
        snap.ctx = ctx
        node = None if browse else parsed.node
        if node is not None:
            check_expansions(ctx, node)
        sq = translate(node, _planner(ctx), req.any_words)
        start = (resp.page - 1) * resp.size
        rerank = (sort == "relevance" and proximity.PROXIMITY_WEIGHT > 0 and start < RERANK_DEPTH
                  and not similar)
        filters = request_filters(req)
        if sort == "relevance":
            rows, solr_sort = max(CANDIDATES, start + resp.size), "score desc, id_key asc, id asc"
        elif sort == "newest":
            rows, solr_sort = start + resp.size, "date_key desc, score desc, id_key asc, id asc"
        else:
            rows, solr_sort = start + resp.size, "date_key asc, score desc, id_key asc, id asc"
        terms = list(sq.terms)
        length_fields = sorted({f for f, _ in terms})
        phrase_names = list(sq.phrases.values())
        word_list = list(sq.words)
        stats = None
        if node is not None:  # the collection's figures, fetched while Solr finds the matches
            stats = self._pool.submit(snap.index.statistics, terms,
                                      [sq.words[w] for w in word_list], sq.params)
        found = snap.index.select(sq.q, sq.params, filters=filters, sort=solr_sort, rows=rows,
                                  terms=terms, phrases=phrase_names, length_fields=length_fields,
                                  facets=req.facets)
        resp.total = found["total"]
        if req.facets:
            resp.facets = _facets(found["facets"])
        snap.add_candidates(found["docs"], terms, length_fields,
                            [_phrase_key(phrase_alternatives(p)) for p in sq.phrases])
        if stats is not None:
            count, df, matched = stats.result()
            snap._doc_count = count
            snap._df.update(df)
            snap._words.update(zip(word_list, matched, strict=True))
        if node is None:
            idx, scores = np.arange(snap.n, dtype=np.int64), np.zeros(snap.n, dtype=np.float32)
        else:
            # The time limit bounds Muragat's own work: Solr's (a failover, a slow node) has the
            # client's timeouts.
            ctx.deadline = time.monotonic() + LIMITS.search_time_limit_s
            hits = evaluate(ctx, node)
            idx = hits.doc_ids()
            scores = (hits.scores if hits.mask is None
                      else np.zeros(len(idx), dtype=np.float32))
        depth = max(RERANK_DEPTH, start + resp.size) if rerank else start + resp.size
        at = _order(snap, idx, scores, sort, depth)
        docnums, ranked = idx[at], scores[at].astype(np.float32, copy=True)
        plans = [plan_word(w, frozenset(snap.fields)) for w in words]
        if rerank:
            head = docnums[:RERANK_DEPTH]
            ranked[: len(head)] += proximity.PROXIMITY_WEIGHT * proximity_bonus(
                snap, head, plans, ctx.word_idf)
            order = np.lexsort((snap.meta.order_key[head], -ranked[: len(head)]))
            docnums[: len(head)] = docnums[: len(head)][order]
            ranked[: len(head)] = ranked[: len(head)][order]
        page = docnums[start : start + resp.size]
        snap.prefetch_stored(page)
        memo = MatchMemo(highlight_forms([] if similar else plans))
        resp.hits = [engine._hit(snap, int(d), float(sc), memo, req.snippets)
                     for d, sc in zip(page, ranked[start : start + resp.size], strict=True)]
        unknown = [w for w, hit in ctx.word_hits.items() if not hit]
        if unknown and sort == "relevance":
            suggestion = engine._suggestion(snap, q, unknown)
            if suggestion is not None:
                resp.suggestion = suggestion if self.count(
                    suggestion, req) > resp.total else None

    def count(self, q: str, req: SearchRequest) -> int:
        """Documents matching the query ``q`` under the request's filters."""
        parsed = parse(q)
        if parsed.node is None:
            return 0
        snap = self.snapshot()
        ctx = Context(snap, any_words=req.any_words)
        check_expansions(ctx, parsed.node)
        sq = translate(parsed.node, _planner(ctx), req.any_words)
        return self.index.count(sq.q, sq.params, [fq for _, fq in request_filters(req)])

    def similar(self, engine: Any, doc_id: str, limit: int) -> list[Any]:
        """More like this (``SearchEngine.similar``) on the collection."""
        from muragat.search.similar import characteristic_words, similar_query

        snap = self.snapshot()
        docnum = snap.docnum(doc_id)
        if docnum is None:
            return []
        f = snap.stored(docnum)
        words = characteristic_words(snap, f.get("title") or "", f.get("body") or "",
                                     f.get("lang") or "other")
        node = similar_query(words)
        if node is None:
            return []
        req = SearchRequest(q=" OR ".join(words), any_words=True, size=limit, facets=False,
                            correct=False)
        resp = SearchResponse(query=req.q, total=0, page=1, size=limit + 1)
        parsed = ParsedQuery(node)
        self.search(engine, self.snapshot(), req, resp, req.q, "relevance", parsed, False,
                    similar=True)
        return [h for h in resp.hits if h.id != doc_id][:limit]


def request_filters(req: SearchRequest) -> list[tuple[str, str]]:
    """The request's language, year and source filters as tagged Solr filter queries."""
    out = []
    if req.langs:
        out.append(("lang", "langs:(" + " OR ".join(quote(c) for c in sorted(set(req.langs))) + ")"))
    if req.year_from is not None or req.year_to is not None:
        out.append(("year", year_range(req.year_from, req.year_to)))
    if req.sources:
        out.append(("source", "source:(" + " OR ".join(quote(s) for s in sorted(set(req.sources)))
                    + ")"))
    return out


def _facets(raw: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Solr's facet counts in the embedded index's order."""
    lang = dict(sorted(raw.get("lang", {}).items(), key=lambda kv: (-kv[1], kv[0])))
    years = {k: v for k, v in raw.get("year", {}).items() if k.isdigit() and int(k) > 0}
    year = dict(sorted(years.items(), key=lambda kv: -int(kv[0])))
    source = dict(sorted(raw.get("source", {}).items(), key=lambda kv: (-kv[1], kv[0])))
    return {"lang": lang, "year": year, "source": source}


__all__ = ["RemoteSearch", "RemoteSnapshot", "SolrQuery"]
