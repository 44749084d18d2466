"""``SearchEngine``: the Python API of search (the web app and the CLI use only this).

One engine per index directory. It opens the index once and keeps one
``store.Snapshot`` (one committed generation and its arrays) that every query reuses;
``refresh`` swaps in a new snapshot after the indexer commits. Queries on one
snapshot are serialized by its lock (the index's file readers are not thread-safe), so
the engine can be shared by the threads of a WSGI server.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from muragat.analysis import normalize_text, normalize_word, tokenize
from muragat.analysis.worker import load_analyzers
from muragat.search import proximity
from muragat.search.executor import Context, QueryTooExpensive, check_expansions, evaluate
from muragat.search.facets import facet_counts
from muragat.search.filters import langs_mask, sources_mask, year_mask
from muragat.search.models import SORTS, DocumentView, Hit, SearchRequest, SearchResponse
from muragat.search.proximity import RERANK_DEPTH, proximity_bonus
from muragat.search.query_builder import highlight_forms, plan_word
from muragat.search.query_parser import FIELDS, Node, parse, positive_words
from muragat.search.similar import characteristic_words, similar_query
from muragat.search.snippets import MatchMemo, highlight_segments, page_of, snippet
from muragat.search.suggest import correct_chunk, correct_word
from muragat.store import EXACT_FIELD, Snapshot, open_snapshot
from muragat.store.solr.client import SolrError
from muragat.store.solr.location import is_solr_location

from muragat.settings import LIMITS

log = logging.getLogger(__name__)

def _warm_up() -> None:
    """Load the language models now, so that the first query does not pay (or time out) for it."""
    load_analyzers()


class SearchEngine:
    """Search one Muragat index. Thread-safe; methods never raise for bad input."""

    def __init__(self, index_dir: str | os.PathLike):
        self._lock = threading.Lock()
        # ``solr:<url>/<collection>``: a SolrCloud collection (search/remote.py, docs/SCALE.md).
        self._remote = None
        if is_solr_location(index_dir):
            from muragat.search.remote import RemoteSearch

            self.index_dir = index_dir
            self._remote = RemoteSearch(index_dir)
            self._snap = None
        else:
            self.index_dir = Path(index_dir)
            self._snap: Snapshot | None = open_snapshot(self.index_dir)
        _warm_up()

    # -- lifecycle -------------------------------------------------------------------

    def _snapshot(self) -> Snapshot | None:
        if self._remote is not None:
            return self._remote.snapshot()
        return self._snap

    def refresh(self) -> bool:
        """Reopen the index if the indexer committed since; True if a new generation was opened."""
        if self._remote is not None:
            return self._remote.refresh()
        with self._lock:
            snap = self._snap
            try:
                if snap is not None and snap.up_to_date():
                    return False
                # A fresh snapshot (the old one is dropped when no query uses it any more).
                fresh = open_snapshot(self.index_dir)
                if fresh is None:
                    return False
                self._snap = fresh
                return True
            except Exception:  # noqa: BLE001 - a half-written index: keep serving the old one
                log.exception("refreshing the index in %s failed", self.index_dir)
                return False

    def stats(self) -> dict[str, Any]:
        """Health figures: live documents, time of the last commit, index directory."""
        snap = self._snapshot()
        last = snap.committed_at if snap else None
        return {
            "documents": snap.doc_count if snap else 0,
            "last_commit": datetime.fromtimestamp(last, UTC).isoformat(timespec="seconds")
            if last else None,
            "index_dir": str(self.index_dir),
        }

    def index_version(self) -> tuple[int, str] | None:
        """``(generation, commit time)`` of the index generation being served (ISO 8601, UTC),
        or None without an index: the same pair means the same answers (HTTP ETag)."""
        snap = self._snapshot()
        if snap is None:
            return None
        return snap.generation, _iso_time(snap.committed_at)

    def close(self) -> None:
        """Close the open snapshot."""
        with self._lock:
            if self._snap is not None:
                self._snap.close()
                self._snap = None

    # -- search ----------------------------------------------------------------------

    def search(self, req: SearchRequest) -> SearchResponse:
        """Run a search; problems are reported in ``response.error``, never raised.

        A query without results whose "did you mean" finds some is answered with the
        corrected query's results (``corrected_query``), unless ``req.correct`` is False.
        """
        t0 = time.perf_counter()
        resp = self._answer(req)
        if req.correct and resp.total == 0 and resp.error is None and resp.suggestion:
            fixed = self._answer(replace(req, q=resp.suggestion, correct=False))
            if fixed.error is None and fixed.total > 0:
                fixed.query = resp.query
                fixed.corrected_query = resp.suggestion
                fixed.suggestion = None
                fixed.notes = resp.notes + [n for n in fixed.notes if n not in resp.notes]
                resp = fixed
        resp.took_ms = (time.perf_counter() - t0) * 1000
        return resp

    def _answer(self, req: SearchRequest) -> SearchResponse:
        """One search as asked (no correction), with errors caught."""
        page = min(max(_int(req.page, 1), 1), LIMITS.max_page)
        size = min(max(_int(req.size, 10), 1), LIMITS.max_page_size)
        resp = SearchResponse(query=req.q, total=0, page=page, size=size)
        if page != req.page or size != req.size:
            resp.notes.append(f"page {page}, page size {size} (clamped to the limits)")
        try:
            self._search(req, resp)
        except QueryTooExpensive:
            resp.total, resp.hits = 0, []
            resp.error = "The query is too expensive (too many prefix expansions or words); narrow it."
            resp.error_code = "too_expensive"
        except SolrError as exc:  # a Solr backend that does not answer: no traceback, a reason
            log.warning("search %r: the Solr cluster failed: %s", req.q, exc)
            resp.total, resp.hits = 0, []
            resp.error = "The index server (Solr) did not answer; try again later."
            resp.error_code = "internal"
        except Exception:  # noqa: BLE001 - the API promises an answer, not an exception
            log.exception("search failed for %r", req.q)
            resp.total, resp.hits = 0, []
            resp.error = "The search failed because of an internal error."
            resp.error_code = "internal"
        return resp

    def _search(self, req: SearchRequest, resp: SearchResponse) -> None:
        q = req.q or ""
        if len(q) > LIMITS.max_query_chars:
            q = q[: LIMITS.max_query_chars]
            resp.notes.append(f"the query was cut to {LIMITS.max_query_chars} characters")
            resp.error_code = "query_too_long"
        q = normalize_text(q)  # as documents are (``parse`` does it too; suggestions need it)
        sort = req.sort if req.sort in SORTS else "relevance"
        if sort != req.sort:
            resp.notes.append(f"unknown sort {req.sort!r}: sorted by relevance")
        parsed = parse(q)
        resp.notes.extend(parsed.notes)
        # No words at all (with or without filters): browse every (matching) document.
        browse = parsed.node is None and not q.strip()
        if parsed.node is None and not browse:
            resp.error = parsed.error or "Type a word to search for."
            resp.error_code = "empty_after_repair" if parsed.notes else "syntax"
            return
        snap = self._snapshot()
        if snap is None:
            resp.error = f"There is no index in {self.index_dir} yet."
            resp.error_code = "no_index"
            return
        if self._remote is not None:
            self._remote.search(self, snap, req, resp, q, sort, parsed, browse)
            return
        words = positive_words(parsed.node)
        if not words and sort == "relevance":
            sort = "newest"  # browsing by filters: no words to rank by
        with snap.lock:
            ctx = Context(snap, any_words=req.any_words)
            if browse:  # no words: every live document, then filtered
                matched = np.flatnonzero(snap.live)
                scores = np.zeros(len(matched), dtype=np.float32)
            else:
                matched, scores = self._match(ctx, parsed.node)
            lf = langs_mask(snap, tuple(req.langs)) if req.langs else None
            yf = (year_mask(snap, req.year_from, req.year_to)
                  if req.year_from is not None or req.year_to is not None else None)
            sf = sources_mask(snap, tuple(req.sources)) if req.sources else None
            keep = _under(matched, lf, yf, sf)
            idx = matched if keep is None else matched[keep]
            scores = scores if keep is None else scores[keep]
            resp.total = int(len(idx))
            if req.facets:
                resp.facets = facet_counts(snap, matched, lf, yf, sf)
            start = (resp.page - 1) * resp.size
            plans = [plan_word(w, frozenset(snap.fields)) for w in words]
            rerank = (sort == "relevance" and proximity.PROXIMITY_WEIGHT > 0
                      and start < RERANK_DEPTH)
            # One top-k selection: deep enough for the proximity re-ranking when it applies.
            depth = max(RERANK_DEPTH, start + resp.size) if rerank else start + resp.size
            at = _order(snap, idx, scores, sort, depth)
            docnums, ranked = idx[at], scores[at]
            if rerank:
                head = docnums[:RERANK_DEPTH]
                ranked[: len(head)] += proximity.PROXIMITY_WEIGHT * proximity_bonus(
                    snap, head, plans, ctx.word_idf)
                order = np.lexsort((docnums[: len(head)], -ranked[: len(head)]))
                docnums[: len(head)] = docnums[: len(head)][order]
                ranked[: len(head)] = ranked[: len(head)][order]
            memo = MatchMemo(highlight_forms(plans))
            resp.hits = [self._hit(snap, int(d), float(sc), memo, req.snippets)
                         for d, sc in zip(docnums[start : start + resp.size],
                                          ranked[start : start + resp.size], strict=True)]
            unknown = [w for w, hit in ctx.word_hits.items() if not hit]
            if unknown and sort == "relevance":
                resp.suggestion = self._suggest(snap, q, unknown, resp.total, req, lf, yf, sf)

    def _match(self, ctx: Context, node: Node) -> tuple[np.ndarray, np.ndarray]:
        """The live documents ``node`` matches (ascending) and their scores."""
        check_expansions(ctx, node)  # refuse too many prefix expansions before scoring
        hits = evaluate(ctx, node)
        ids = hits.doc_ids()
        scores = hits.scores if hits.mask is None else np.zeros(len(ids), dtype=np.float32)
        live = ctx.snap.live[ids]
        if not live.all():
            ids, scores = ids[live], scores[live]
        return ids, scores

    def _hit(self, snap: Snapshot, docnum: int, score: float, memo: MatchMemo,
             with_snippet: bool) -> Hit:
        f = snap.stored(docnum)
        body = f.get("body") or ""
        spans: list[tuple[int, int]] = []
        text = snippet(body, f.get("segments") or [], memo, spans=spans) if with_snippet else ""
        return Hit(
            id=f.get("id", ""),
            title=f.get("title") or "",
            lang=f.get("lang") or "other",
            langs=(f.get("langs") or "").split(),
            year=f.get("year"),
            date=f.get("date"),
            source=f.get("source"),
            url=f.get("url"),
            score=round(score, 4),
            snippet=text,
            indexed=f.get("indexed") or _iso_time(snap.committed_at),
            page=page_of(f.get("pages"), min(spans)[0]) if spans else None,
            captured=f.get("captured"),
        )

    def _suggest(self, snap: Snapshot, q: str, unknown: list[str], total: int,
                 req: SearchRequest, *filters: np.ndarray | None) -> str | None:
        """A corrected query that finds more results, or None."""
        suggestion = self._suggestion(snap, q, unknown)
        if suggestion is None:
            return None
        parsed = parse(suggestion)
        if parsed.node is None:
            return None
        ctx = Context(snap, any_words=req.any_words)
        ids, _ = self._match(ctx, parsed.node)
        keep = _under(ids, *filters)
        found = len(ids) if keep is None else int(keep.sum())
        return suggestion if found > total else None

    def _suggestion(self, snap: Snapshot, q: str, unknown: list[str]) -> str | None:
        """``q`` with its unknown words corrected (layouts, typos), or None."""
        unknown_forms = {normalize_word(w) for w in unknown}

        def known(form: str) -> bool:
            return snap.has_term(EXACT_FIELD, form)

        def near(form: str, maxdist: int) -> list[str]:
            return snap.terms_within(EXACT_FIELD, form, maxdist, prefix=1)

        chunks = q.split()
        changed = False
        for i, chunk in enumerate(chunks):
            bare = chunk.strip("()\"«»*+-")
            if ":" in bare and bare.split(":", 1)[0].lower() in FIELDS:
                continue
            words = [t.text for t in tokenize(bare)]
            if not words or not any(normalize_word(w) in unknown_forms for w in words):
                continue
            fixed = correct_chunk(bare, known)
            if fixed is None:
                parts = []
                for w in words:
                    if normalize_word(w) in unknown_forms:
                        parts.append(correct_word(w, lambda t: snap.doc_frequency(EXACT_FIELD, t), near) or w)
                    else:
                        parts.append(w)
                fixed = " ".join(parts)
            if normalize_word(fixed) != normalize_word(bare):
                chunks[i] = chunk.replace(bare, fixed) if bare else fixed
                changed = True
        if not changed:
            return None
        return " ".join(chunks)

    # -- documents -------------------------------------------------------------------

    def document(self, doc_id: str, q: str = "") -> DocumentView | None:
        """A whole document, its text highlighted with the forms of ``q``; None if unknown."""
        snap = self._snapshot()
        if snap is None:
            return None
        try:
            with snap.lock:
                docnum = snap.docnum(doc_id)
                if docnum is None:
                    return None
                f = snap.stored(docnum)
                parsed = parse(q[: LIMITS.max_query_chars]) if q else None
                memo = None
                if parsed is not None and parsed.node is not None:
                    memo = MatchMemo(highlight_forms([plan_word(w, frozenset(snap.fields))
                                                      for w in positive_words(parsed.node)]))
                body = f.get("body") or ""
                segments = [tuple(s) for s in f.get("segments") or []]
                return DocumentView(
                    id=f.get("id", doc_id),
                    title=f.get("title") or "",
                    body=body,
                    lang=f.get("lang") or "other",
                    langs=(f.get("langs") or "").split(),
                    year=f.get("year"),
                    date=f.get("date"),
                    source=f.get("source"),
                    url=f.get("url"),
                    segments=segments,
                    html_segments=highlight_segments(body, segments, memo),
                    pages=f.get("pages"),
                    captured=f.get("captured"),
                )
        except Exception:  # noqa: BLE001
            log.exception("document %r failed", doc_id)
            return None

    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents similar to ``doc_id`` (more like this), best first."""
        snap = self._snapshot()
        if snap is None:
            return []
        limit = min(max(int(limit), 1), LIMITS.max_page_size)
        if self._remote is not None:
            try:
                return self._remote.similar(self, doc_id, limit)
            except Exception:  # noqa: BLE001
                log.exception("similar %r failed", doc_id)
                return []
        try:
            with snap.lock:
                docnum = snap.docnum(doc_id)
                if docnum is None:
                    return []
                f = snap.stored(docnum)
                words = characteristic_words(snap, f.get("title") or "", f.get("body") or "",
                                             f.get("lang") or "other")
                node = similar_query(words)
                if node is None:
                    return []
                ctx = Context(snap, any_words=True)
                ids, scores = self._match(ctx, node)
                other = ids != docnum
                ids, scores = ids[other], scores[other]
                at = _order(snap, ids, scores, "relevance", limit)
                memo = MatchMemo(highlight_forms([]))
                return [self._hit(snap, int(ids[i]), float(scores[i]), memo, True) for i in at]
        except Exception:  # noqa: BLE001
            log.exception("similar %r failed", doc_id)
            return []

    def complete(self, prefix: str, limit: int = 10) -> list[str]:
        """Completions of the last word of ``prefix`` from the index vocabulary, frequent first."""
        snap = self._snapshot()
        prefix = normalize_text((prefix or "")[: LIMITS.max_query_chars])
        toks = list(tokenize(prefix))
        if snap is None or not toks or toks[-1].end != len(prefix.rstrip("*")):
            return []
        last = toks[-1]
        head = prefix[: last.start]
        limit = min(max(int(limit), 1), 50)
        try:
            with snap.lock:
                terms = snap.expand_prefix(EXACT_FIELD, normalize_word(last.text), limit)
        except Exception:  # noqa: BLE001
            log.exception("complete %r failed", prefix)
            return []
        return [head + t for t in terms]

    def explain(self, doc_id: str, q: str) -> dict[str, Any]:
        """Why ``doc_id`` matched ``q``: the matched terms per field and their score parts."""
        snap = self._snapshot()
        out: dict[str, Any] = {"id": doc_id, "query": q, "matched": False, "score": 0.0,
                               "parts": [], "fields": {}}
        if snap is None:
            out["error"] = "no index"
            return out
        parsed = parse((q or "")[: LIMITS.max_query_chars])
        if parsed.node is None:
            out["error"] = parsed.error or "empty query"
            return out
        try:
            with snap.lock:
                docnum = snap.docnum(doc_id)
                if docnum is None:
                    out["error"] = "unknown document"
                    return out
                ctx = Context(snap, explain_doc=docnum)
                ids, scores = self._match(ctx, parsed.node)
        except QueryTooExpensive:
            out["error"] = "query too expensive"
            return out
        at = np.searchsorted(ids, docnum)
        matched = bool(at < len(ids) and ids[at] == docnum)
        out["matched"] = matched
        out["score"] = round(float(scores[at]), 4) if matched else 0.0
        out["parts"] = ctx.trace
        fields: dict[str, list[str]] = {}
        for part in ctx.trace:
            terms = fields.setdefault(part["field"], [])
            if part["term"] not in terms:
                terms.append(part["term"])
        out["fields"] = fields
        return out


def _iso_time(stamp: float | None) -> str:
    """An RFC 3339 UTC time (whole seconds) of a POSIX time; now when there is none."""
    return datetime.fromtimestamp(int(stamp if stamp is not None else time.time()),
                                  UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _under(ids: np.ndarray, *masks: np.ndarray | None) -> np.ndarray | None:
    """Which of ``ids`` every given filter mask keeps (None when there is no filter)."""
    keep = None
    for m in masks:
        if m is not None:
            keep = m[ids] if keep is None else keep & m[ids]
    return keep


def _order(snap: Snapshot, idx: np.ndarray, scores: np.ndarray, sort: str, k: int) -> np.ndarray:
    """Positions (into ``idx``/``scores``) of the first ``k`` matched documents in the
    requested order."""
    if k <= 0 or not len(idx):
        return np.zeros(0, dtype=np.int64)
    if sort == "relevance":
        if k < len(idx):
            part = np.argpartition(-scores, k - 1)[:k]
        else:
            part = np.arange(len(idx))
        return part[np.lexsort((idx[part], -scores[part]))]
    dates = snap.meta.date_key[idx]
    if sort == "newest":
        order = np.lexsort((-scores, -dates))
    else:  # oldest: undated documents last
        key = np.where(dates > 0, dates, np.iinfo(np.int64).max)
        order = np.lexsort((-scores, key))
    return order[:k]
