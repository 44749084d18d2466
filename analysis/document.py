"""The analysis of a text as data: terms, word runs and ``DocumentAnalysis``.

Plain picklable data (indexer workers send it back to the writer); nothing here analyzes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from muragat.analysis.lang import INDEX_LANGS, field_lang
from muragat.analysis.segment import Segment
from muragat.analysis.tokenize import WORD_RE


class Term(NamedTuple):
    """One index term: ``text`` at word position ``pos``, from characters ``[start, end)``."""

    text: str
    pos: int
    start: int
    end: int


# A field's postings for one document: term -> its word positions (ascending).
TermPositions = dict[str, list[int]]


class WordAnalysis(NamedTuple):
    """Everything the index needs from one word in one index language."""

    exact: str  # the normalized surface form
    terms: tuple[str, ...]  # lemma terms, best guess first
    fold: tuple[str, ...]  # keys of the letter-folded field (the language's ``fold_keys``)


class WordRun(NamedTuple):
    """The words of one segment ``text[start:end]``, at word positions from ``pos``."""

    pos: int
    start: int
    end: int
    lang: str  # the segment's detected language
    analyses: Sequence[WordAnalysis]  # one per word, in order (in the index language of ``lang``)


@dataclass
class DocumentAnalysis:
    """Languages and pre-analyzed terms of one text.

    The analyzed words are kept once (``runs``); the term lists (``terms``, ``exact``,
    ``fold``) and the per-term positions (``positions``, what an index writer needs)
    are both derived from them on demand. Character offsets are found again only
    for the term lists (the index needs positions, not offsets).
    """

    segments: list[Segment]
    langs: list[str]  # detected codes, largest share first
    primary: str  # the language of the largest share of letters ("other" if none)
    runs: list[WordRun] = field(default_factory=list, repr=False)
    text: str = field(default="", repr=False)  # the analyzed text (for offsets)

    def _words(self, run: WordRun) -> Iterator[tuple[int, int, int, WordAnalysis]]:
        """``(position, start, end, analysis)`` of each word of ``run``."""
        spans = WORD_RE.finditer(self.text, run.start, run.end)
        for p, (m, a) in enumerate(zip(spans, run.analyses, strict=True), run.pos):
            yield p, m.start(), m.end(), a

    @cached_property
    def terms(self) -> dict[str, list[Term]]:
        """Index language -> lemma terms (the language of each segment decides)."""
        out: dict[str, list[Term]] = {lang: [] for lang in INDEX_LANGS}
        for run in self.runs:
            out[field_lang(run.lang)] += [Term(t, p, s, e)
                                          for p, s, e, a in self._words(run) for t in a[1]]
        return out

    @cached_property
    def exact(self) -> list[Term]:
        """Normalized surface forms."""
        return [Term(a[0], p, s, e) for run in self.runs for p, s, e, a in self._words(run)]

    @cached_property
    def fold(self) -> list[Term]:
        """Letter-folded keys of the words of languages that have them (Kazakh: қазақ ->
        казак, to match text typed with Russian letters for Kazakh ones)."""
        return [Term(t, p, s, e) for run in self.runs
                for p, s, e, a in self._words(run) for t in a[2]]

    @property
    def last_pos(self) -> int:
        """The position of the last word (-1 without words)."""
        for run in reversed(self.runs):
            if run.analyses:
                return run.pos + len(run.analyses) - 1
        return -1

    def positions(self) -> dict[str, TermPositions]:
        """Per-term word positions: ``{"exact": ..., "fold": ..., <index lang>: ...}``.

        The same terms as ``exact``, ``fold`` and ``terms`` without building a tuple per
        term (the indexer's hot path: a fresh dict each call, free to modify).
        """
        exact: TermPositions = {}
        fold: TermPositions = {}
        out: dict[str, TermPositions] = {lang: {} for lang in INDEX_LANGS}
        out["exact"] = exact
        out["fold"] = fold
        get_exact = exact.get
        for pos, _, _, lang, analyses in self.runs:
            lemmas = out[field_lang(lang)]
            get_lemma = lemmas.get
            for p, a in enumerate(analyses, pos):
                found = get_exact(a[0])
                if found is None:
                    exact[a[0]] = [p]
                else:
                    found.append(p)
                for t in a[1]:  # distinct terms (``WordAnalysis``): one position each
                    found = get_lemma(t)
                    if found is None:
                        lemmas[t] = [p]
                    else:
                        found.append(p)
                if a[2]:
                    for t in a[2]:
                        found = fold.get(t)
                        if found is None:
                            fold[t] = [p]
                        else:
                            found.append(p)
        return out
