"""Evaluate a parsed query on a ``Snapshot``: the matched documents and their scores.

Every node yields ``Hits``: the ascending numbers of the documents it matches with a
float32 score each (sparse: a query over a million documents touches only the postings
of its words), or, for filters and negations, a dense mask. Words sum their clauses'
BM25 scores (per clause, the best of its alternative terms); ``And`` intersects the
required children and sums scores; ``Or`` unites; ``Not`` subtracts; ``Filter`` only
restricts. In any-words mode (natural-language questions) ``And`` unites too and ranking
decides. Scores are added in the same order, in float32, as dense arrays would add them,
so every document's score is the same bits whichever way it is computed.

BM25 is computed per field with the field's own length normalization; the sum
over fields with clause weights is the BM25F-style combination.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
from muragat.search import query_builder, sets
from muragat.search.filters import query_filter_mask
from muragat.search.query_builder import Clause, WordPlan, plan_word
from muragat.search.query_parser import And, Filter, Node, Not, Or, Phrase, Word
from muragat.store import EXACT_FIELD, Snapshot, title_field

from muragat.settings import LIMITS

# BM25 parameters per clause kind (titles are short: less length normalization).
K1 = 1.2
# Kazakh stem back-off: how many index terms a stem prefix may expand to.
STEM_EXPANSIONS = 20
# Any-words mode: scores times (share of the query's content words matched) ** COORD_EXPONENT,
# each word counted with weight idf ** COORD_IDF (missing a rare word costs more than a common one).
COORD_EXPONENT = 0.5
COORD_IDF = 1.5
# A word's second-best analysis (pymorphy3's less probable lemma) counts for less.
ALT_WEIGHT = 0.3
B = {"exact": 0.65, "lemma": 0.65, "title": 0.4, "fold": 0.75, "stem": 0.75, "prefix": 0.75,
     "names": 0.75}


class QueryTooExpensive(Exception):
    """The query expands to too many terms, or ran past ``LIMITS.search_time_limit_s``."""


@dataclass
class Context:
    """Per-query state: the snapshot, the mode and (for ``explain``) a trace of one document."""

    snap: Snapshot
    any_words: bool = False
    deadline: float = field(default_factory=lambda: time.monotonic() + LIMITS.search_time_limit_s)
    explain_doc: int | None = None
    trace: list[dict] = field(default_factory=list)
    plans: list[WordPlan] = field(default_factory=list)
    word_hits: dict[str, bool] = field(default_factory=dict)  # query word -> matched anything
    word_idf: dict[str, float] = field(default_factory=dict)  # query word -> idf of its matches
    # Prefix expansions by (field, prefix, limit), and results of words already evaluated:
    # a query repeating a word or a prefix pays for it once.
    expansions: dict[tuple[str, str, int], tuple[str, ...]] = field(default_factory=dict)
    word_results: dict[Word, Hits] = field(default_factory=dict)
    # All-words mode: score a word only where the query can still match (``_narrowed``);
    # off only to compare against scoring every document (the results are the same bits).
    narrow: bool = True

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTooExpensive

    def plan(self, word: Word) -> WordPlan:
        """``plan_word`` of ``word`` over this snapshot's fields (cached by ``plan_word``)."""
        return plan_word(word, self.snap.fields)


def bm25(tf: np.ndarray, dl: np.ndarray, avgdl: float, df: int, n: int, b: float) -> np.ndarray:
    """BM25 of term frequencies ``tf`` in documents of lengths ``dl``."""
    idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
    norm = K1 * (1.0 - b + b * dl / max(avgdl, 1e-6))
    return (idf * tf * (K1 + 1.0) / (tf + norm)).astype(np.float32)


def _expand(ctx: Context, fld: str, prefix: str, limit: int) -> tuple[str, ...]:
    key = (fld, prefix, limit)
    terms = ctx.expansions.get(key)
    if terms is None:
        terms = ctx.expansions[key] = tuple(ctx.snap.expand_prefix(fld, prefix, limit))
    return terms


def clause_terms(ctx: Context, clause: Clause) -> tuple[str, ...]:
    """A clause's terms, prefixes expanded (bounded) against the index vocabulary."""
    return _clause_terms(ctx, clause)


def _clause_terms(ctx: Context, clause: Clause) -> tuple[str, ...]:
    if not clause.prefix:
        return clause.terms
    limit = LIMITS.max_prefix_expansions if clause.kind != "stem" else STEM_EXPANSIONS
    out: list[str] = []
    for p in clause.terms:
        out.extend(_expand(ctx, clause.field, p, limit))
    return tuple(dict.fromkeys(out))


def _all_words(node: Node) -> list[Word]:
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Not):
        return _all_words(node.child)
    if isinstance(node, And | Or):
        return [w for child in node.children for w in _all_words(child)]
    return []  # phrases hold exact forms only; filters no words


def check_expansions(ctx: Context, node: Node) -> int:
    """Distinct index terms the query's ``prefix*`` words expand to (identical words and
    prefixes counted once); raises ``QueryTooExpensive`` over ``LIMITS.max_prefix_expansions``,
    before anything is scored. The Kazakh stem back-off (bounded per word) is not counted."""
    seen: set[tuple[str, str]] = set()
    for word in dict.fromkeys(_all_words(node)):
        if not word.prefix:
            continue
        for clause in ctx.plan(word).clauses:
            if clause.prefix and clause.kind != "stem":
                seen.update((clause.field, t) for t in _clause_terms(ctx, clause))
        if len(seen) > LIMITS.max_prefix_expansions:
            raise QueryTooExpensive(
                f"prefixes expand to more than {LIMITS.max_prefix_expansions} terms")
    return len(seen)


@dataclass(frozen=True)
class Hits:
    """What a query node matches: ``ids`` (ascending document numbers) with ``scores``, or,
    for filters and negations, a dense ``mask`` over all documents (no scores)."""

    ids: np.ndarray | None = None
    scores: np.ndarray | None = None
    mask: np.ndarray | None = None

    @classmethod
    def of(cls, ids: np.ndarray, scores: np.ndarray) -> Hits:
        return cls(ids=ids, scores=scores)

    def as_mask(self, n: int) -> np.ndarray:
        """A dense boolean mask of the matched documents."""
        if self.mask is not None:
            return self.mask
        out = np.zeros(n, dtype=bool)
        out[self.ids] = True
        return out

    def doc_ids(self) -> np.ndarray:
        """The matched document numbers, ascending."""
        return np.flatnonzero(self.mask) if self.mask is not None else self.ids

    def contains(self, ids: np.ndarray) -> np.ndarray:
        """For each of ``ids`` (ascending), whether this node matches it."""
        if self.mask is not None:
            return self.mask[ids]
        return sets.member(self.ids, ids)

    def scores_at(self, ids: np.ndarray, n: int) -> np.ndarray:
        """This node's score of each of ``ids`` (ascending; 0 where it does not match)."""
        if self.mask is not None:
            return np.zeros(len(ids), dtype=np.float32)
        return sets.values_at(self.ids, self.scores, ids, n)


_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float32)
NOTHING = Hits.of(_NO_IDS, _NO_SCORES)


def _sum_at(ids: np.ndarray, parts: list[Hits], n: int) -> np.ndarray:
    """The scores of ``parts`` at ``ids``, added in order (float32, as dense sums would)."""
    score = np.zeros(len(ids), dtype=np.float32)
    for part in parts:
        score += part.scores_at(ids, n)
    return score


def eval_clause(ctx: Context, clause: Clause, within: np.ndarray | None = None,
                postings: list[np.ndarray] | None = None) -> Hits:
    """Weighted BM25 of one clause: per document, the best of its alternative terms.

    ``within``: score only these documents (ascending); the terms' frequencies stay those of
    the whole index. ``postings`` receives each term's document numbers (all of them)."""
    snap = ctx.snap
    terms = _clause_terms(ctx, clause)
    if not terms:
        return NOTHING
    dl_all, avgdl = snap.lengths(clause.field)
    ndocs = max(snap.doc_count, 1)
    # A snapshot of some documents only (search/remote.py) knows the collection's frequencies.
    partial = getattr(snap, "partial", False)
    found: list[tuple[str, np.ndarray, np.ndarray]] = []
    for i, term in enumerate(terms):
        ids, tf = snap.postings(clause.field, term)
        if not len(ids):
            continue
        weight = clause.weight * (ALT_WEIGHT if i and not clause.prefix else 1.0)
        df = snap.doc_frequency(clause.field, term) if partial else len(ids)
        if postings is not None:
            postings.append(ids)
        if within is not None:
            at = sets.select(ids, within, snap.n)
            ids, tf = ids[at], tf[at]
            if not len(ids):
                continue
        s = bm25(tf, dl_all.at(ids), avgdl, df, ndocs, B[clause.kind]) * weight
        found.append((term, ids, s))
        if ctx.explain_doc is not None:
            hit = np.flatnonzero(ids == ctx.explain_doc)
            if len(hit):
                ctx.trace.append({"kind": clause.kind, "field": clause.field, "term": term,
                                  "score": round(float(s[hit[0]]), 4)})
    if not found:
        return NOTHING
    if len(found) == 1:
        return Hits.of(found[0][1], found[0][2].astype(np.float32, copy=False))
    union = sets.union([ids for _t, ids, _s in found], snap.n)
    score = np.zeros(len(union), dtype=np.float32)
    for _term, ids, s in found:  # ids are unique within a posting list
        sets.max_into(union, score, ids, s, snap.n)
    return Hits.of(union, score)


def _clauses(ctx: Context, word: Word) -> list[Clause]:
    # the stem back-off is for ranking natural-language questions only
    return [c for c in ctx.plan(word).clauses if c.kind != "stem" or ctx.any_words]


def eval_word(ctx: Context, word: Word, within: np.ndarray | None = None) -> Hits:
    """Matches and score of one query word over all of its clauses (``within``: only among
    these documents, ascending; the word's frequencies stay those of the whole index)."""
    done = ctx.word_results.get(word)
    if done is not None:
        return done
    ctx.check_time()
    plan = ctx.plan(word)
    if plan not in ctx.plans:
        ctx.plans.append(plan)
    postings: list[np.ndarray] | None = [] if within is not None else None
    parts = [eval_clause(ctx, clause, within, postings) for clause in _clauses(ctx, word)]
    ids, score = sets.sum_scores([(p.ids, p.scores) for p in parts], ctx.snap.n)
    keep = score > 0
    if not keep.all():
        ids, score = ids[keep], score[keep]
    if getattr(ctx.snap, "partial", False):
        matched = ctx.snap.word_matches(word)
    elif postings is None:
        matched = len(ids)
    else:  # every posting scores above 0, so the whole word matches its postings' union
        matched = sets.count_distinct(postings, ctx.snap.n)
    ctx.word_hits[word.text] = ctx.word_hits.get(word.text, False) or matched > 0
    # A text typed twice (a word, and quoted in a phrase) keeps its broadest match's idf,
    # whatever the order of evaluation.
    idf = math.log(1.0 + ctx.snap.doc_count / max(matched, 1))
    ctx.word_idf[word.text] = min(idf, ctx.word_idf.get(word.text, idf))
    if plan.stop:
        score *= query_builder.STOPWORD_WEIGHT
    result = Hits.of(ids, score)
    if within is None:
        ctx.word_results[word] = result
    return result


def word_size(ctx: Context, word: Word) -> int:
    """An upper bound of the documents a word matches: its terms' postings (read once and
    kept by the snapshot's cache, so evaluating the word after costs no second read)."""
    snap = ctx.snap
    return sum(len(snap.postings(c.field, t)[0])
               for c in _clauses(ctx, word) for t in _clause_terms(ctx, c))


def _allowed(ids: np.ndarray, masks: list[np.ndarray]) -> np.ndarray:
    """The documents of ``ids`` that every filter or negation mask allows."""
    for mask in masks:
        ids = ids[mask[ids]]
    return ids


NARROW_SHARE = 2  # score a word among candidates when they are under 1/2 of its postings


def _narrowed(ctx: Context, children: list[Node], all_stop: bool) -> list[Hits]:
    """All-words mode: the children's hits, where each word is scored only among the
    documents that every child before it matched (the rarest word first, the optional
    stop words last, among the final documents). The matched documents, their scores
    (added in the children's order by the caller) and the words' frequencies are those of
    scoring every document; a common word beside a rare one costs what the rare one holds."""
    n = ctx.snap.n
    parts: dict[int, Hits] = {}
    words: list[tuple[int, Word]] = []
    for i, child in enumerate(children):
        if isinstance(child, Word):
            words.append((i, child))
        else:
            parts[i] = evaluate(ctx, child)
    masks = [p.mask for p in parts.values() if p.mask is not None]
    candidates: np.ndarray | None = None
    for part in parts.values():  # phrases and groups are required in all-words mode
        if part.mask is None:
            candidates = part.ids if candidates is None else sets.intersect(candidates,
                                                                            part.ids, n)
    if candidates is not None:
        candidates = _allowed(candidates, masks)
    required: list[tuple[int, int, Word]] = []
    optional: list[tuple[int, Word]] = []
    for i, w in words:
        if _is_optional(ctx, w, all_stop):
            optional.append((i, w))
        else:
            required.append((word_size(ctx, w), i, w))
    for size, i, w in sorted(required, key=lambda r: r[0]):
        narrow = candidates is not None and len(candidates) * NARROW_SHARE < size
        part = parts[i] = eval_word(ctx, w, candidates if narrow else None)
        candidates = (_allowed(part.ids, masks) if candidates is None
                      else sets.intersect(candidates, part.ids, n))
    for i, w in optional:
        parts[i] = eval_word(ctx, w, candidates)
    return [parts[i] for i in range(len(children))]


def eval_phrase(ctx: Context, node: Phrase) -> Hits:
    """Words in this order: exact forms (or title lemmas) at consecutive positions."""
    snap = ctx.snap
    words = [Word(w, quoted=True, field=node.field) for w in node.words]
    if node.field == "title":
        words = [Word(w, field="title") for w in node.words]
    parts = [eval_word(ctx, w) for w in words]
    ids = parts[0].ids if parts else _NO_IDS
    for part in parts[1:]:
        ids = sets.intersect(ids, part.ids, snap.n)
    if not len(ids):
        return NOTHING
    ids = sets.intersect(ids, snap.phrase_docs(phrase_alternatives(node), ids), snap.n)
    return Hits.of(ids, _sum_at(ids, parts, snap.n))


def phrase_alternatives(node: Phrase) -> list[tuple[str, list[str]]]:
    """The ``(field, terms)`` a phrase may hold at consecutive positions: its exact forms, or
    for ``title:"..."`` the first lemma of each word in one language's title field."""
    if node.field == "title":
        from muragat.analysis import INDEX_LANGS, query_word_analyses

        alternatives = []
        for lang in INDEX_LANGS:
            terms = [query_word_analyses(w).get(lang, ()) for w in node.words]
            if all(terms):
                alternatives.append((title_field(lang), [t[0] for t in terms]))
        return alternatives
    from muragat.analysis import normalize_word

    return [(EXACT_FIELD, [normalize_word(w) for w in node.words])]


def _is_optional(ctx: Context, node: Node, all_stop: bool) -> bool:
    if isinstance(node, Filter | Not):
        return False
    if ctx.any_words:
        return True
    return isinstance(node, Word) and not all_stop and ctx.plan(node).stop


def _loosen_phrases(node: And | Phrase) -> And:
    """Natural-language mode: a phrase's words become optional words of the enclosing ``And``
    (quotes in a question mark a name, often inflected: «Абай жолы» романының)."""
    children = node.children if isinstance(node, And) else (node,)
    out: list[Node] = []
    for c in children:
        if isinstance(c, Phrase):
            out.extend(Word(w, field=c.field) for w in c.words)
        else:
            out.append(c)
    return And(tuple(out))


def _distinct_words(children: tuple[Node, ...]) -> list[Node]:
    """The children without repeated words: a word typed twice in a question (a slip, or
    emphasis) counts once, like a word typed once (letter case aside)."""
    out: list[Node] = []
    seen: set[Word] = set()
    for child in children:
        if isinstance(child, Word):
            key = replace(child, text=child.text.lower())
            if key in seen:
                continue
            seen.add(key)
        out.append(child)
    return out


def evaluate(ctx: Context, node: Node) -> Hits:
    """What a parse-tree node matches, with scores."""
    n = ctx.snap.n
    if ctx.any_words and (isinstance(node, Phrase) or (
            isinstance(node, And) and any(isinstance(c, Phrase) for c in node.children))):
        return evaluate(ctx, _loosen_phrases(node))
    if isinstance(node, Word):
        if ctx.any_words and node.quoted:
            node = replace(node, quoted=False)  # «Көнеқала» in a question: a name, in any form
        return eval_word(ctx, node)
    if isinstance(node, Phrase):
        return eval_phrase(ctx, node)
    if isinstance(node, Filter):
        return Hits(mask=query_filter_mask(ctx.snap, node))
    if isinstance(node, Not):
        return Hits(mask=~evaluate(ctx, node.child).as_mask(n))
    if isinstance(node, Or):
        parts = [evaluate(ctx, child) for child in node.children]
        ids = sets.union([p.doc_ids() for p in parts], n)
        return Hits.of(ids, _sum_at(ids, parts, n))
    assert isinstance(node, And)
    words = [c for c in node.children if isinstance(c, Word)]
    all_stop = all(ctx.plan(w).stop for w in words)
    children = _distinct_words(node.children)
    if ctx.any_words or not ctx.narrow or ctx.explain_doc is not None:
        # (an explanation traces every word's matches in its document, matched or not)
        parts = [evaluate(ctx, child) for child in children]
    else:
        parts = _narrowed(ctx, children, all_stop)
    required: list[Hits] = []
    optional: list[Hits] = []
    has_required = False
    for child, part in zip(children, parts, strict=True):
        if _is_optional(ctx, child, all_stop):
            optional.append(part)
        else:
            required.append(part)
            if not isinstance(child, Filter | Not):
                has_required = True
    sparse = [p.ids for p in required if p.mask is None]
    if sparse:
        ids = sparse[0]
        for other in sorted(sparse[1:], key=len):
            ids = sets.intersect(ids, other, n)
    elif has_required or not optional:
        ids = np.arange(n, dtype=np.int64)  # only filters and negations: every document
    else:
        ids = sets.union([p.doc_ids() for p in optional], n)
    for p in required:
        if p.mask is not None and len(ids):
            ids = ids[p.mask[ids]]
    score = _sum_at(ids, parts, n)
    if ctx.any_words and COORD_EXPONENT:
        coord = np.zeros(len(ids), dtype=np.float32)
        counted = 0
        coord_total = 0.0
        for child, part in zip(children, parts, strict=True):
            if isinstance(child, Filter | Not) or (
                    isinstance(child, Word) and ctx.plan(child).stop):
                continue
            wt = ctx.word_idf.get(child.text, 1.0) ** COORD_IDF if isinstance(child, Word) else 1.0
            coord += part.contains(ids) * wt
            counted += 1
            coord_total += wt
        if counted > 1:
            score *= (coord / coord_total) ** COORD_EXPONENT
    return Hits.of(ids, score)
