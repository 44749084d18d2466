"""All-words queries score each word only among the documents the rest of the query still
allows (``executor._narrowed``). That must change nothing: over a generated archive and a
few hundred generated queries (stop words, filters, negations, phrases, prefixes, words
in three languages), the documents, the score bits and each word's frequency equal those of
scoring every document, and so do the engine's result pages."""

from __future__ import annotations

import random

import numpy as np
import pytest
from muragat.indexer.document import Document
from muragat.search import executor, sets
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.search.query_parser import parse

from .conftest import build_index

# Common to rare: a word's chance to be in a document falls with its place in its list.
WORDS = {
    "en": ["the", "of", "and", "library", "books", "reading", "readers", "city", "archive",
           "newspaper", "letters", "museum", "manuscripts", "conference", "poet", "students",
           "exhibition", "catalogue", "scanned", "Pushkin"],
    "ru": ["и", "в", "на", "библиотека", "библиотеки", "книги", "книгу", "читатели", "город",
           "архив", "газета", "газеты", "письма", "музей", "рукописи", "конференция",
           "поэт", "студенты", "выставка", "каталог"],
    "kk": ["және", "мен", "кітапхана", "кітапханада", "кітаптар", "оқырмандар", "қала",
           "мұрағат", "газет", "хаттар", "мұражай", "қолжазбалар", "конференция", "ақын",
           "студенттер", "көрме", "каталог", "Абай", "Қабанбай", "Өскемен"],
}


def _document(rng: random.Random, i: int) -> Document:
    lang = rng.choice(sorted(WORDS))
    words = WORDS[lang]
    text = " ".join(w for k, w in enumerate(words) for _ in range(rng.randint(0, 3))
                    if rng.random() < 1.5 / (k + 1.5))
    rng_words = text.split()
    rng.shuffle(rng_words)
    title = " ".join(rng.sample(words, 3))
    year = rng.choice([2018, 2019, 2020, 2021])
    return Document(id=f"d{i}", title=title, text=" ".join(rng_words) + ".",
                    date=f"{year}-05-0{1 + i % 9}", year=year, source=rng.choice("ab"),
                    lang=lang)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("narrowed")
    build_index([_document(rng, i) for i in range(500)], path)
    return SearchEngine(path)


def _queries(count: int) -> list[str]:
    rng = random.Random(11)
    vocab = [w for words in WORDS.values() for w in words]
    out = []
    for _ in range(count):
        # words of one language, the common ones more often (a query in three scripts
        # rarely matches a document of one)
        own = WORDS[rng.choice(sorted(WORDS))]
        words = list(dict.fromkeys(rng.choice(own[: rng.randint(4, len(own))])
                                   for _ in range(rng.randint(2, 4))))
        if rng.random() < 0.1:
            words.append(rng.choice(vocab))
        extra = rng.random()
        if extra < 0.15:
            words.append(f"lang:{rng.choice(sorted(WORDS))}")
        elif extra < 0.3:
            words.append(f"-{rng.choice(vocab)}")
        elif extra < 0.4:
            words.append(f'"{rng.choice(vocab)} {rng.choice(vocab)}"')
        elif extra < 0.5:
            words[0] = words[0][:3] + "*"
        elif extra < 0.55:
            words.append("year:2019..2020")
        out.append(" ".join(words))
    return out


def _run(engine: SearchEngine, q: str, narrow: bool):
    snap = engine._snapshot()
    with snap.lock:
        ctx = executor.Context(snap, narrow=narrow)
        hits = executor.evaluate(ctx, parse(q).node)
    return hits, ctx


@pytest.mark.parametrize("q", _queries(300))
def test_narrowed_scoring_equals_scoring_every_document(engine, q):
    full, full_ctx = _run(engine, q, narrow=False)
    narrow, narrow_ctx = _run(engine, q, narrow=True)
    assert np.array_equal(full.doc_ids(), narrow.doc_ids())
    if full.mask is None:
        assert full.scores.tobytes() == narrow.scores.tobytes()
    assert full_ctx.word_idf == narrow_ctx.word_idf
    assert full_ctx.word_hits == narrow_ctx.word_hits


def test_the_generated_queries_match_something_and_narrow_something(engine, monkeypatch):
    """The comparison above is not vacuous: most queries match documents, and the
    narrowed path really scores words among candidates."""
    narrowed = []
    real = executor.eval_word
    monkeypatch.setattr(executor, "eval_word", lambda ctx, word, within=None: (
        narrowed.append(within is not None) or real(ctx, word, within)))
    matched = sum(engine.search(SearchRequest(q=q)).total > 0 for q in _queries(300))
    assert matched > 150 and sum(narrowed) > 100


def test_result_pages_are_the_same(engine, monkeypatch):
    for q in _queries(60):
        narrow = engine.search(SearchRequest(q=q, size=20))
        monkeypatch.setattr(executor.Context, "narrow", False)
        full = engine.search(SearchRequest(q=q, size=20))
        monkeypatch.undo()
        assert [(h.id, h.score, h.snippet) for h in narrow.hits] == [
            (h.id, h.score, h.snippet) for h in full.hits]
        assert (narrow.total, narrow.facets) == (full.total, full.facets)


@pytest.mark.parametrize("q", _queries(120))
def test_dense_and_sparse_set_operations_give_the_same_bits(engine, q, monkeypatch):
    dense, _ = _run(engine, q, narrow=True)
    monkeypatch.setattr(sets, "DENSE_SHARE", 0)  # never the dense regime
    sparse, _ = _run(engine, q, narrow=True)
    assert np.array_equal(dense.doc_ids(), sparse.doc_ids())
    if dense.mask is None:
        assert dense.scores.tobytes() == sparse.scores.tobytes()
