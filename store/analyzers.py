"""Whoosh analyzers that wrap ``analysis``.

``PreAnalyzed`` accepts either a ``TermStream`` of ``analysis.Term`` tuples (index
time: the terms were computed in a worker process) or a plain string (a fallback that
runs the same analysis). Analyzers are pickled into the Whoosh schema, so they
hold no heavy objects: only a language code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from muragat.analysis import exact_terms, word_terms
from muragat.analysis.tokenize import tokenize
from whoosh.analysis import Token, Tokenizer


class TermStream(str):
    """Pre-analyzed terms disguised as an (empty) string.

    Whoosh tokenizes lists itself and rejects other types, so pre-analyzed terms
    travel to the analyzer inside a ``str`` subclass: either a list of
    ``(text, pos, start, end)`` terms or, cheaper, each term's positions
    (``analysis.DocumentAnalysis.positions``; no character offsets).
    """

    terms: list[tuple[str, int, int, int]]
    positions: dict[str, list[int]] | None = None

    @classmethod
    def of(cls, terms: Iterable[tuple[str, int, int, int]]) -> TermStream:
        """Wrap ``(text, pos, start, end)`` terms for ``writer.add_document``."""
        stream = cls("")
        stream.terms = list(terms)
        return stream

    @classmethod
    def grouped(cls, positions: dict[str, list[int]]) -> TermStream:
        """Wrap ``{text: [positions...]}`` for ``writer.add_document``."""
        stream = cls("")
        stream.positions = positions
        stream.terms = []  # built on demand by ``all_terms``
        return stream

    def all_terms(self) -> list[tuple[str, int, int, int]]:
        """The terms as ``(text, pos, start, end)`` tuples (offsets 0 for grouped streams)."""
        if self.positions is not None and not self.terms:
            self.terms = sorted(((t, p, 0, 0) for t, plist in self.positions.items() for p in plist),
                                key=lambda term: term[1])
        return self.terms


class PreAnalyzed(Tokenizer):
    """Pass pre-analyzed terms through; analyze a string as ``lang`` (or exact forms)."""

    def __init__(self, lang: str | None = None):
        self.lang = lang  # None: exact (normalized surface) forms

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.lang == self.lang  # type: ignore[attr-defined]

    def _terms(self, value: str | Iterable[Any]) -> Iterable[tuple[str, int, int, int]]:
        if isinstance(value, TermStream):
            return value.all_terms()
        if self.lang is None:
            return exact_terms(value)
        return (
            (t, i, tok.start, tok.end)
            for i, tok in enumerate(tokenize(value))
            for t in word_terms(tok.text, self.lang)
        )

    def __call__(  # noqa: D102 - Whoosh's tokenizer signature
        self,
        value: Any,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in self._terms(value):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t
