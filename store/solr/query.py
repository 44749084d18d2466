"""The engine-neutral query model (``store.query``) as Solr (Lucene syntax) queries.

search/ gives the parse tree and, through callables, what it decided about each word: its
``WordPlan`` (clauses), the index terms a prefix clause expands to, and the terms a phrase
must hold at consecutive positions. The match semantics are the embedded executor's
(search/executor.py): a word matches where any of its clauses has any of its terms (the
Kazakh stem back-off only in any-words mode); ``And`` requires its words, except function
words beside content words (all-words mode) or everything but filters and negations
(any-words mode); ``Or`` unites; ``Not`` excludes; a phrase needs its words in order; filters
restrict and never score. So Solr's count and facets are Muragat's.

Scores approximate Muragat's ranking so that its top candidates hold Muragat's top results:
per clause the best of its terms (``{!maxscore}``: the clause weight, alternatives at
``alt_weight``), clauses summed, function words weighed down; BM25 with Muragat's b per field
kind comes from the schema. search/ then computes Muragat's exact scores for the candidates.
Terms are passed as parameters (``{!maxscore v=$c3}``) or escaped, never analysed again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from muragat.store.query import And, Clause, Filter, Node, Not, Or, Phrase, Word, WordPlan

NOTHING = "(-*:*)"  # a nested query that matches no document
EVERYTHING = "*:*"


def escape(term: str) -> str:
    """A term for Lucene's query syntax: every character but letters and digits escaped."""
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in term)


def quote(value: str) -> str:
    """A quoted phrase or value for Lucene's query syntax."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Planner:
    """What search/ decided about the words of a query."""

    plan: Callable[[Word], WordPlan]
    terms: Callable[[Clause], Sequence[str]]  # a clause's terms, prefixes expanded
    phrase: Callable[[Phrase], list[tuple[str, Sequence[str]]]]  # (field, terms) alternatives
    stopword_weight: float
    alt_weight: float


@dataclass
class SolrQuery:
    """One translated query: ``q`` and the parameters it refers to."""

    q: str = EVERYTHING
    params: dict[str, str] = field(default_factory=dict)
    words: dict[Word, str] = field(default_factory=dict)  # word as evaluated -> its query
    phrases: dict[Phrase, str] = field(default_factory=dict)  # phrase -> name of its param
    terms: dict[tuple[str, str], None] = field(default_factory=dict)  # (field, term) scored

    def param(self, prefix: str, value: str) -> str:
        name = f"{prefix}{len(self.params)}"
        self.params[name] = value
        return name


class Translator:
    """Parse tree -> ``SolrQuery`` (one per query; see the module docstring)."""

    def __init__(self, planner: Planner, any_words: bool):
        self.p = planner
        self.any_words = any_words
        self.out = SolrQuery()

    def translate(self, node: Node | None) -> SolrQuery:
        self.out.q = EVERYTHING if node is None else self.node(node)
        return self.out

    # -- nodes ---------------------------------------------------------------------------

    def node(self, node: Node) -> str:
        if self.any_words and (isinstance(node, Phrase) or (
                isinstance(node, And) and any(isinstance(c, Phrase) for c in node.children))):
            return self.node(_loosen_phrases(node))
        if isinstance(node, Word):
            if self.any_words and node.quoted:
                node = replace(node, quoted=False)
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, Filter):
            return f"filter({self.filter(node)})"
        if isinstance(node, Not):
            return f"filter(*:* -{self.node(node.child)})"
        if isinstance(node, Or):
            return "(" + " ".join(self.node(c) for c in node.children) + ")"
        assert isinstance(node, And)
        return self.conjunction(node)

    def word(self, word: Word) -> str:
        done = self.out.words.get(word)
        if done is not None:
            return done
        plan = self.p.plan(word)
        parts = []
        for clause in plan.clauses:
            if clause.kind == "stem" and not self.any_words:
                continue
            terms = list(self.p.terms(clause))
            if not terms:
                continue
            alts = []
            for i, term in enumerate(terms):
                self.out.terms[(clause.field, term)] = None
                w = clause.weight * (self.p.alt_weight if i and not clause.prefix else 1.0)
                alts.append(f"{clause.field}:{escape(term)}^{w:.6g}")
            name = self.out.param("c", " ".join(alts))
            parts.append(f"{{!maxscore tie=0 v=${name}}}")
        if not parts:
            text = NOTHING
        else:
            text = "(" + " ".join(parts) + ")"
            if plan.stop:
                text += f"^{self.p.stopword_weight:.6g}"
        self.out.words[word] = text
        return text

    def phrase(self, node: Phrase) -> str:
        if node.field == "title":
            words = [Word(w, field="title") for w in node.words]
        else:
            words = [Word(w, quoted=True, field=node.field) for w in node.words]
        required = " ".join("+" + self.node(w) for w in words)
        alternatives = [f"{fld}:{quote(' '.join(terms))}"
                        for fld, terms in self.p.phrase(node) if terms]
        if not alternatives:
            return NOTHING
        name = self.out.param("ph", " ".join(alternatives))
        self.out.phrases[node] = name
        return f"({required} +filter({{!lucene v=${name}}}))"

    def filter(self, node: Filter) -> str:
        if node.name == "lang":
            codes = [c for c in str(node.value).split(",") if c]
            return "langs:(" + " OR ".join(quote(c) for c in codes) + ")" if codes else NOTHING
        if node.name == "year":
            lo, hi = node.value  # type: ignore[misc]
            return year_range(lo, hi)
        return "source:" + quote(str(node.value))

    def conjunction(self, node: And) -> str:
        children = _distinct_words(node.children)
        words = [c for c in children if isinstance(c, Word)]
        all_stop = all(self.p.plan(w).stop for w in words)
        required, optional, rest = [], [], []
        for child in children:
            if isinstance(child, Filter):
                rest.append("+" + self.node(child))
            elif isinstance(child, Not):
                rest.append("-" + self.node(child.child))
            elif self.any_words or (isinstance(child, Word) and not all_stop
                                    and self.p.plan(child).stop):
                optional.append(self.node(child))
            else:
                required.append("+" + self.node(child))
        if required:
            parts = required + optional + rest
        elif optional:
            parts = ["+(" + " ".join(optional) + ")"] + rest
        else:
            parts = ["+filter(*:*)"] + rest
        return "(" + " ".join(parts) + ")"


def year_range(lo: int | None, hi: int | None) -> str:
    """Documents with a year in ``[lo, hi]`` (without a year: never)."""
    return f"year:[{max(lo, 1) if lo is not None else 1} TO {hi if hi is not None else '*'}]"


def _loosen_phrases(node: And | Phrase) -> And:
    children = node.children if isinstance(node, And) else (node,)
    out: list[Node] = []
    for c in children:
        if isinstance(c, Phrase):
            out.extend(Word(w, field=c.field) for w in c.words)
        else:
            out.append(c)
    return And(tuple(out))


def _distinct_words(children: tuple[Node, ...]) -> list[Node]:
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


def translate(node: Node | None, planner: Planner, any_words: bool) -> SolrQuery:
    """The Solr query of a parse tree (``None``: every document)."""
    return Translator(planner, any_words).translate(node)
