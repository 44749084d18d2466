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
import numpy.ma  # noqa: F401 - np.unique, isin and union1d import it at first use (15-25 ms): at start, not in a first query
from muragat.analysis import normalize_text, normalize_word, tokenize
from muragat.analysis.worker import load_analyzers
from muragat.search import fusion, proximity, semantic
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
from muragat.store import EXACT_FIELD, Snapshot
from muragat.store.solr.client import SolrError
from muragat.store.solr.location import is_solr_location

from muragat.settings import LIMITS

log = logging.getLogger(__name__)

class IndexUnavailable(RuntimeError):
    """The index exists but cannot be served (damaged); the message says why."""


def _open_snapshot(index_dir: Path) -> Snapshot | None:
    """Open the latest generation, verified: its files against their checksums (size and
    time; the hash of those that differ) and a probe query. None when there is no index;
    ``IndexDamagedError`` with a one-line reason (file names, no paths) when it cannot be
    served."""
    from muragat.store import IndexDamagedError, index_exists, open_searcher
    from muragat.store.integrity import toc_name, verify

    def damaged(names_reasons: list[tuple[str, str]]) -> IndexDamagedError:
        toc = any(name.endswith(".toc") for name, _ in names_reasons)
        what = "; ".join(f"{name}: {reason}" for name, reason in names_reasons)
        fix = "`muragat index --rebuild` recovers it" if toc else "`muragat index` repairs it"
        return IndexDamagedError(f"the index is damaged ({what}); {fix}")

    if not index_exists(index_dir):
        return None
    verdict, _ = verify(index_dir, index_files_only=True)
    if not verdict.ok:
        raise damaged([(d.name, d.reason) for d in verdict.damaged])
    try:
        searcher = open_searcher(index_dir)
    except IndexDamagedError as exc:
        from muragat.store.integrity import latest_generation

        name = Path(exc.path).name if exc.path else toc_name(latest_generation(index_dir))
        raise damaged([(name, exc.reason)]) from exc
    snap = Snapshot(searcher, index_dir)
    try:
        probe(snap)
    except Exception as exc:
        snap.close()
        raise IndexDamagedError(f"the index cannot be searched ({_reason(exc)}); "
                                "`muragat index --check` finds the damaged file") from exc
    return snap


def probe(snap: Snapshot) -> None:
    """A query over the open generation: its metadata arrays, a word's postings and the
    stored fields of the first and last live documents. Raises whatever fails."""
    with snap.lock:
        meta = snap.meta
        live = np.flatnonzero(snap.live)
        if not len(live):
            return
        first = snap.stored(int(live[0]))
        snap.stored(int(live[-1]))
        for code in meta.lang_codes[:1]:
            snap._read("lang", code)  # uncached: read from the segments now
        words = [t.text for t in tokenize(str(first.get("title") or first.get("body") or ""))]
        node = parse(words[0]).node if words else None
        if node is not None:
            evaluate(Context(snap), node)


def _reason(exc: BaseException) -> str:
    """An exception as one line: its type and message."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _warm_up() -> None:
    """Load the language models now, so that the first query does not pay (or time out) for it."""
    load_analyzers()


class SearchEngine:
    """Search one Muragat index. Thread-safe; methods never raise for bad input.

    An index that cannot be served (a damaged file, a failing probe query) is reported
    in ``problem`` (and by ``health``), never raised: with a good generation already
    open the engine keeps serving it; without one, searches answer ``index_damaged``.
    Internal errors while reading documents are raised (the web app answers 500).
    """

    def __init__(self, index_dir: str | os.PathLike):
        self._lock = threading.Lock()
        self.problem: str | None = None  # why the latest generation is not being served
        self._bad_generation: int | None = None
        self._snap: Snapshot | None = None
        # ``solr:<url>/<collection>``: a SolrCloud collection (search/remote.py, docs/SCALE.md).
        self._remote = None
        if is_solr_location(index_dir):
            from muragat.search.remote import RemoteSearch

            self.index_dir = index_dir
            self._remote = RemoteSearch(index_dir)
        else:
            self.index_dir = Path(index_dir)
            try:
                self._snap = _open_snapshot(self.index_dir)
            except Exception as exc:  # noqa: BLE001 - reported, never raised
                self._failed(exc)
        self._semantic = semantic.SemanticLayer(self.index_dir)  # none on Solr (no such folder)
        self.fusion = fusion.DEFAULT  # how lexical and semantic rankings are fused
        _warm_up()

    # -- lifecycle -------------------------------------------------------------------

    def _snapshot(self) -> Snapshot | None:
        if self._remote is not None:
            return self._remote.snapshot()
        return self._snap

    @property
    def serving(self) -> bool:
        """Whether a generation of the index is open and being served."""
        return self._snap is not None or self._remote is not None

    def _serving(self) -> Snapshot | None:
        """The open snapshot; ``IndexUnavailable`` when an index exists but none can be served."""
        if self._remote is not None:
            return self._remote.snapshot()
        snap = self._snap
        if snap is None and self.problem:
            raise IndexUnavailable(self.problem)
        return snap

    def _failed(self, exc: Exception) -> None:
        from muragat.store.integrity import latest_generation

        self.problem = " ".join(str(exc).split()) or type(exc).__name__
        self._bad_generation = latest_generation(self.index_dir)
        log.error("cannot serve the index in %s: %s", self.index_dir, self.problem)

    def refresh(self) -> bool:
        """Reopen the index if the indexer committed since; True if a new generation was opened.

        A new generation that fails verification or its probe query is not swapped in: the
        open one keeps being served, ``problem`` says why (tried again at the next commit).
        """
        from muragat.store.integrity import latest_generation

        if self._remote is not None:
            return self._remote.refresh()
        with self._lock:
            snap = self._snap
            if snap is not None:
                if snap.up_to_date():
                    return False
            gen = latest_generation(self.index_dir)
            if gen == self._bad_generation:
                return False  # already found unusable: wait for the next commit
            try:
                # A fresh searcher, not ``searcher.refresh()``: Whoosh reuses the readers of
                # unchanged segments there, with their cached (now stale) deleted-document sets.
                new = _open_snapshot(self.index_dir)
            except Exception as exc:  # noqa: BLE001 - a damaged index: keep serving the old one
                self._failed(exc)
                return False
            if new is None:  # no index (any more): nothing to serve, nothing damaged
                if snap is None:
                    self.problem, self._bad_generation = None, None
                return False
            self._snap = new  # the old snapshot is dropped when unused
            self.problem, self._bad_generation = None, None
            return True

    def health(self) -> tuple[bool, str | None]:
        """(serving, reason): a probe query on the open generation must succeed. With a good
        generation open, ``reason`` may still say why a newer one is not served."""
        snap = self._snapshot()
        if snap is None:
            return False, self.problem or f"there is no index in {self.index_dir}"
        if self._remote is not None:  # a Solr collection: the cluster must answer
            try:
                self._remote.index.doc_count()
            except Exception as exc:  # noqa: BLE001 - reported as unhealthy
                return False, f"the Solr cluster did not answer: {_reason(exc)}"
            return True, None
        try:
            probe(snap)
        except Exception as exc:  # noqa: BLE001 - reported as unhealthy
            log.exception("the probe query on the index in %s failed", self.index_dir)
            return False, f"the probe query failed: {_reason(exc)}"
        return True, self.problem

    def stats(self) -> dict[str, Any]:
        """Health figures: live documents, time of the last commit, index directory."""
        snap = self._snapshot()
        last = snap.committed_at if snap else None
        return {
            "documents": snap.doc_count if snap else 0,
            "last_commit": datetime.fromtimestamp(last, UTC).isoformat(timespec="seconds")
            if last else None,
            "index_dir": str(self.index_dir),
            "problem": self.problem,
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
        if snap is None and self.problem:
            resp.error = f"The index cannot be searched: {self.problem}"
            resp.error_code = "index_damaged"
            return
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
        # The query's language marks results in other languages and serves "the query's
        # language only"; detecting it costs up to tens of ms, so only when it serves.
        if words and (req.same_language or self._semantic.present(snap)):
            resp.query_lang = semantic.query_language(semantic.query_text(words))
        typed = q if parsed.plain else None
        langs = tuple(req.langs)
        if req.same_language and resp.query_lang:
            langs = (resp.query_lang,)
        with snap.lock:
            ctx = Context(snap, any_words=req.any_words)
            if browse:  # no words: every live document, then filtered
                matched = np.flatnonzero(snap.live)
                scores = np.zeros(len(matched), dtype=np.float32)
            else:
                matched, scores = self._match(ctx, parsed.node)
            # The semantic layer (when the index has it): the most similar documents, also in
            # other languages, join the lexical matches and the two rankings are fused.
            sem = None
            if words and sort == "relevance" and req.semantic:
                sem = self._semantic_candidates(ctx, parsed.node, words, matched, scores, typed)
                if sem is None and self._semantic.unavailable:
                    resp.notes.append(self._semantic.unavailable)
            if sem is not None:
                resp.semantic = True
                sem_only = np.setdiff1d(sem[0], matched, assume_unique=True)
                if len(sem_only):
                    matched = np.concatenate([matched, sem_only])
                    scores = np.concatenate([scores, np.zeros(len(sem_only), np.float32)])
                    order = np.argsort(matched, kind="stable")
                    matched, scores = matched[order], scores[order]
            lf = langs_mask(snap, langs) if langs else None
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
            plans = [plan_word(w, snap.fields) for w in words]
            rerank = (sort == "relevance" and proximity.PROXIMITY_WEIGHT > 0
                      and start < max(RERANK_DEPTH, self.fusion.depth if sem else 0))
            # One top-k selection: deep enough for the proximity re-ranking when it applies.
            depth = max(RERANK_DEPTH, start + resp.size) if rerank else start + resp.size
            lexical = scores > 0 if sem is not None else None
            if sem is not None:
                depth = max(depth, self.fusion.depth + start + resp.size)
            at = _order(snap, idx if lexical is None else idx[lexical],
                        scores if lexical is None else scores[lexical], sort, depth)
            docnums = (idx if lexical is None else idx[lexical])[at]
            ranked = (scores if lexical is None else scores[lexical])[at]
            if rerank:
                head = docnums[:RERANK_DEPTH]
                ranked[: len(head)] += proximity.PROXIMITY_WEIGHT * proximity_bonus(
                    snap, head, plans, ctx.word_idf)
                order = np.lexsort((snap.meta.order_key[head], -ranked[: len(head)]))
                docnums[: len(head)] = docnums[: len(head)][order]
                ranked[: len(head)] = ranked[: len(head)][order]
            if sem is not None:
                docnums, ranked = self._fused(idx, docnums, ranked, sem,
                                              fusion.coverage_of(ctx.word_hits))
            memo = MatchMemo(highlight_forms(plans))
            resp.hits = [self._hit(snap, int(d), float(sc), memo, req.snippets)
                         for d, sc in zip(docnums[start : start + resp.size],
                                          ranked[start : start + resp.size], strict=True)]
            if resp.query_lang:
                for hit in resp.hits:
                    hit.other_language = hit.lang not in (resp.query_lang, "other")
            unknown = [w for w, hit in ctx.word_hits.items() if not hit]
            if unknown and sort == "relevance" and (req.suggest or resp.total == 0):
                resp.suggestion = self._suggest(snap, q, unknown, resp.total, req, lf, yf, sf)

    def _semantic_candidates(self, ctx: Context, node: Node, words: list, matched: np.ndarray,
                             scores: np.ndarray, typed: str | None = None
                             ) -> tuple[np.ndarray, np.ndarray] | None:
        """The semantic candidates of a query (ascending document numbers, cosines) that take
        part in its ranking (``fusion.admitted``), or None without the layer."""
        vectors = self._semantic.vectors(ctx.snap)
        if vectors is None:
            return None
        qvec = self._semantic.query_vector(semantic.query_text(words, typed))
        if qvec is None:
            return None
        params = self.fusion
        sem_ids, sims = semantic.candidates(vectors, ctx.snap, qvec,
                                            semantic.constraint_mask(ctx, node), params.depth,
                                            params.windows)
        lex_top, _ = fusion.ranked(matched, scores, params.depth)
        keep = fusion.admitted(sem_ids, sims, lex_top, params)
        sem_ids, sims = sem_ids[keep], sims[keep]
        order = np.argsort(sem_ids)
        return sem_ids[order], sims[order]

    def _fused(self, idx: np.ndarray, lex_ids: np.ndarray, lex_scores: np.ndarray,
               sem: tuple[np.ndarray, np.ndarray], coverage: float
               ) -> tuple[np.ndarray, np.ndarray]:
        """``fusion.combine`` of the lexical ranking (proximity-adjusted, in rank order) and
        the semantic candidates among ``idx`` (the filtered results)."""
        sem_ids, sims = sem
        inside = np.isin(sem_ids, idx)
        ids, fused = fusion.combine(lex_ids, lex_scores, sem_ids[inside], sims[inside],
                                    self.fusion, coverage)
        return ids, fused.astype(np.float32)

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
        """A whole document, its text highlighted with the forms of ``q``; None if unknown.

        An internal error (a damaged segment) is raised, never answered as "unknown"."""
        snap = self._serving()
        if snap is None:
            return None
        with snap.lock:
            docnum = snap.docnum(doc_id)
            if docnum is None:
                return None
            f = snap.stored(docnum)
            parsed = parse(q[: LIMITS.max_query_chars]) if q else None
            memo = None
            if parsed is not None and parsed.node is not None:
                memo = MatchMemo(highlight_forms([plan_word(w, snap.fields)
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

    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents similar to ``doc_id`` (more like this), best first."""
        snap = self._serving()
        if snap is None:
            return []
        limit = min(max(int(limit), 1), LIMITS.max_page_size)
        if self._remote is not None:
            try:
                return self._remote.similar(self, doc_id, limit)
            except QueryTooExpensive:
                return []
        try:  # internal errors are raised (never an empty answer that hides them)
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
        except QueryTooExpensive:  # past the time limit: no suggestions this time
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
        with snap.lock:  # internal errors are raised (never an empty answer that hides them)
            terms = snap.expand_prefix(EXACT_FIELD, normalize_word(last.text), limit)
        return [head + t for t in terms]

    def explain(self, doc_id: str, q: str) -> dict[str, Any]:
        """Why ``doc_id`` matched ``q``: the matched terms per field and their score parts."""
        snap = self._serving()
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
    requested order.

    Equal scores (and dates) are ordered by ``meta.order_key``, a hash of the document id:
    the same order whatever the index's segment layout, so an incrementally updated index
    pages exactly as a rebuilt one.
    """
    if k <= 0 or not len(idx):
        return np.zeros(0, dtype=np.int64)
    ties = snap.meta.order_key[idx]
    if sort == "relevance":
        if k < len(idx):
            # The k best, and every document whose score equals the k-th (the tie-break
            # chooses among those, not the partition).
            kth = np.partition(-scores, k - 1)[k - 1]
            part = np.flatnonzero(-scores <= kth)
        else:
            part = np.arange(len(idx))
        order = part[np.lexsort((ties[part], -scores[part]))]
        return order[:k]
    dates = snap.meta.date_key[idx]
    if sort == "newest":
        order = np.lexsort((ties, -scores, -dates))
    else:  # oldest: undated documents last
        key = np.where(dates > 0, dates, np.iinfo(np.int64).max)
        order = np.lexsort((ties, -scores, key))
    return order[:k]
