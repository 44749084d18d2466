"""The engine-neutral query model: what search/ asks of an index, whatever engine holds it.

search/ parses a query into a tree of these nodes (``search.query_parser``) and plans each
word into clauses (``search.query_builder``); an index backend that cannot hand out posting
arrays (SolrCloud, ``store.solr``) translates the tree and the plans into its own queries.
Nothing here knows an engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """A query word; ``quoted``: that form only; ``prefix``: ``word*``; ``field``: ``title`` or None."""

    text: str
    quoted: bool = False
    prefix: bool = False
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order, in these forms."""

    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class Filter:
    """``lang:``, ``year:`` or ``source:`` inside the query (no score, only a restriction)."""

    name: str
    value: str | tuple[int | None, int | None]


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Word | Phrase | Filter | And | Or | Not


@dataclass(frozen=True)
class Clause:
    """Look up ``terms`` (alternatives: a document scores its best one) in ``field``."""

    kind: str
    field: str
    terms: tuple[str, ...]
    weight: float
    lang: str | None = None
    prefix: bool = False  # terms are prefixes (expanded against the index vocabulary)


@dataclass(frozen=True)
class WordPlan:
    """Every way a query word can match, and how much it weighs."""

    word: Word
    clauses: tuple[Clause, ...]
    stop: bool = False
