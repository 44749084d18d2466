"""Evaluate a parsed query on a ``Snapshot``: a match mask and a score per document.

Every node yields two dense arrays over document numbers: ``mask`` (bool) and
``score`` (float32). Words sum their clauses' BM25 scores (per clause, the best of
its alternative terms); ``And`` intersects the required children and sums scores;
``Or`` unites; ``Not`` subtracts; ``Filter`` only restricts. In any-words mode
(natural-language questions) ``And`` unites too and ranking decides.

BM25 is computed per field with the field's own length normalization; the sum
over fields with clause weights is the BM25F-style combination.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
from muragat.search import query_builder
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
B = {"exact": 0.65, "lemma": 0.65, "title": 0.4, "fold": 0.75, "stem": 0.75, "prefix": 0.75}


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
    word_results: dict[Word, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTooExpensive


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
    fields = frozenset(ctx.snap.fields)
    seen: set[tuple[str, str]] = set()
    for word in dict.fromkeys(_all_words(node)):
        if not word.prefix:
            continue
        for clause in plan_word(word, fields).clauses:
            if clause.prefix and clause.kind != "stem":
                seen.update((clause.field, t) for t in _clause_terms(ctx, clause))
        if len(seen) > LIMITS.max_prefix_expansions:
            raise QueryTooExpensive(
                f"prefixes expand to more than {LIMITS.max_prefix_expansions} terms")
    return len(seen)


def eval_clause(ctx: Context, clause: Clause) -> np.ndarray:
    """Weighted score of one clause (0 where it does not match)."""
    snap = ctx.snap
    n = snap.n
    score = np.zeros(n, dtype=np.float32)
    terms = _clause_terms(ctx, clause)
    if not terms:
        return score
    dl_all, avgdl = snap.lengths(clause.field)
    ndocs = max(snap.doc_count, 1)
    # A snapshot of some documents only (search/remote.py) knows the collection's frequencies.
    partial = getattr(snap, "partial", False)
    for i, term in enumerate(terms):
        ids, tf = snap.postings(clause.field, term)
        if not len(ids):
            continue
        weight = clause.weight * (ALT_WEIGHT if i and not clause.prefix else 1.0)
        df = snap.doc_frequency(clause.field, term) if partial else len(ids)
        s = bm25(tf, dl_all[ids], avgdl, df, ndocs, B[clause.kind]) * weight
        if len(terms) > 1:  # ids are unique within a posting list: plain fancy indexing
            score[ids] = np.maximum(score[ids], s)
        else:
            score[ids] = s
        if ctx.explain_doc is not None:
            hit = np.flatnonzero(ids == ctx.explain_doc)
            if len(hit):
                ctx.trace.append({"kind": clause.kind, "field": clause.field, "term": term,
                                  "score": round(float(s[hit[0]]), 4)})
    return score


def eval_word(ctx: Context, word: Word) -> tuple[np.ndarray, np.ndarray]:
    """Match mask and score of one query word over all of its clauses."""
    done = ctx.word_results.get(word)
    if done is not None:
        return done
    ctx.check_time()
    plan = plan_word(word, frozenset(ctx.snap.fields))
    ctx.plans.append(plan)
    score = np.zeros(ctx.snap.n, dtype=np.float32)
    for clause in plan.clauses:
        if clause.kind == "stem" and not ctx.any_words:
            continue  # the stem back-off is for ranking natural-language questions only
        score += eval_clause(ctx, clause)
    mask = score > 0
    matched = (ctx.snap.word_matches(word) if getattr(ctx.snap, "partial", False)
               else int(np.count_nonzero(mask)))
    ctx.word_hits[word.text] = ctx.word_hits.get(word.text, False) or matched > 0
    ctx.word_idf[word.text] = math.log(1.0 + ctx.snap.doc_count / max(matched, 1))
    if plan.stop:
        score *= query_builder.STOPWORD_WEIGHT
    ctx.word_results[word] = (mask, score)
    return mask, score


def eval_phrase(ctx: Context, node: Phrase) -> tuple[np.ndarray, np.ndarray]:
    """Words in this order: exact forms (or title lemmas) checked with Whoosh's phrase matcher."""
    snap = ctx.snap
    words = [Word(w, quoted=True, field=node.field) for w in node.words]
    if node.field == "title":
        words = [Word(w, field="title") for w in node.words]
    mask = np.ones(snap.n, dtype=bool)
    score = np.zeros(snap.n, dtype=np.float32)
    for w in words:
        m, s = eval_word(ctx, w)
        mask &= m
        score += s
    if not mask.any():
        return mask, score
    hits = np.zeros(snap.n, dtype=bool)
    hits[snap.phrase_docs(phrase_alternatives(node))] = True
    mask &= hits
    return mask, np.where(mask, score, 0).astype(np.float32)


def phrase_alternatives(node: Phrase) -> list[tuple[str, list[str]]]:
    """The ``(field, terms)`` a phrase may hold at consecutive positions: its exact forms, or
    for ``title:"..."`` the first lemma of each word in one language's title field."""
    if node.field == "title":
        from muragat.analysis import query_word_analyses

        alternatives = []
        for lang in ("kk", "ru", "en", "other"):
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
    return isinstance(node, Word) and not all_stop and plan_word(
        node, frozenset(ctx.snap.fields)).stop


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


def evaluate(ctx: Context, node: Node) -> tuple[np.ndarray, np.ndarray]:
    """Mask and score arrays of a parse-tree node."""
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
        return query_filter_mask(ctx.snap, node), np.zeros(n, dtype=np.float32)
    if isinstance(node, Not):
        mask, _ = evaluate(ctx, node.child)
        return ~mask, np.zeros(n, dtype=np.float32)
    if isinstance(node, Or):
        mask = np.zeros(n, dtype=bool)
        score = np.zeros(n, dtype=np.float32)
        for child in node.children:
            m, s = evaluate(ctx, child)
            mask |= m
            score += s
        return mask, score
    assert isinstance(node, And)
    words = [c for c in node.children if isinstance(c, Word)]
    all_stop = all(plan_word(w, frozenset(ctx.snap.fields)).stop for w in words)
    required = np.ones(n, dtype=bool)
    optional = np.zeros(n, dtype=bool)
    has_required = has_optional = False
    score = np.zeros(n, dtype=np.float32)
    coord = np.zeros(n, dtype=np.float32) if ctx.any_words and COORD_EXPONENT else None
    counted = 0
    coord_total = 0.0
    for child in _distinct_words(node.children):
        m, s = evaluate(ctx, child)
        score += s
        if coord is not None and not isinstance(child, Filter | Not) and not (
                isinstance(child, Word) and plan_word(child, frozenset(ctx.snap.fields)).stop):
            wt = ctx.word_idf.get(child.text, 1.0) ** COORD_IDF if isinstance(child, Word) else 1.0
            coord += m * wt
            counted += 1
            coord_total += wt
        if _is_optional(ctx, child, all_stop):
            optional |= m
            has_optional = True
        else:
            required &= m
            if not isinstance(child, Filter | Not):
                has_required = True
    if has_required or not has_optional:
        mask = required
    else:
        mask = required & optional
    if coord is not None and counted > 1:
        score *= (coord / coord_total) ** COORD_EXPONENT
    return mask, np.where(mask, score, 0).astype(np.float32)
