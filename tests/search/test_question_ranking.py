"""Natural-language questions (any-words mode): which query words count, and how much.

Each test indexes a few documents written for it and checks an ordering that the rule under
test decides (the rule switched off, the order flips or the document is not found).
"""

from __future__ import annotations

import pytest

from indexer.document import Document
from muragat.evaluation.retrieval import build_index
from search import stopwords
from search.engine import SearchEngine
from search.models import SearchRequest
from search.query_builder import plan_word
from search.query_parser import Word

FIELDS = frozenset({"exact", "body_kk", "body_ru", "body_en", "title_kk", "title_ru", "title_en"})


def _engine(tmp_path, docs: list[Document]) -> SearchEngine:
    build_index(docs, tmp_path / "ix")
    return SearchEngine(tmp_path / "ix")


def _ids(engine: SearchEngine, q: str, any_words: bool = True) -> list[str]:
    resp = engine.search(SearchRequest(q=q, size=10, any_words=any_words, snippets=False))
    assert resp.error is None, resp.error
    return [h.id for h in resp.hits]


@pytest.mark.parametrize("word", ["Ш", "М", "A", "ы"])
def test_a_lone_letter_is_a_function_word(word):
    assert stopwords.is_stopword(word)
    assert plan_word(Word(word), FIELDS).stop


@pytest.mark.parametrize("word", ["назовите", "Укажите", "көрсетіңіз", "табыңыз"])
def test_quiz_instructions_are_function_words(word):
    assert plan_word(Word(word), FIELDS).stop


@pytest.mark.parametrize("word", ["теңіз", "мұражай", "библиотека", "Ш1", "12"])
def test_content_words_are_not(word):
    assert not stopwords.is_stopword(word)


def test_initial_does_not_outweigh_a_content_word(tmp_path):
    docs = [
        Document(id="initials", title="Театр тарихы",
                 text="Ш. Айманов пен Ш. Қалдаяқов және Ш. Мұртаза театрда кездесті. "
                      "Ш. Айманов фильм түсірді. Жазушы өлеңдері оқылды.",
                 lang="kk"),
        Document(id="poems", title="Ақын мұрасы",
                 text="Ақынның өлеңдері жинаққа енді. Өлеңдері мектепте оқылады, "
                      "жинақ биыл қайта басылды, өлеңдері аударылды.",
                 lang="kk"),
    ]
    engine = _engine(tmp_path, docs)
    try:
        assert _ids(engine, "Ш. Ақынның өлеңдері қандай?")[0] == "poems"
    finally:
        engine.close()


def test_quotes_in_a_question_match_inflected_forms(tmp_path):
    docs = [
        Document(id="novel", title="Роман туралы",
                 text="«Көне қала» романының басты кейіпкері — жас сәулетші Ерлан.", lang="kk"),
        Document(id="other", title="Басқа кітап",
                 text="Бұл кітаптың басты кейіпкері — ұстаз. Оқиға ауылда өтеді.", lang="kk"),
    ]
    engine = _engine(tmp_path, docs)
    try:
        # the phrase as typed ("көне қаласы") is not in the text: a query-language phrase
        # finds nothing, a question finds the novel first
        assert _ids(engine, '"Көне қаласы"', any_words=False) == []
        assert _ids(engine, "«Көне қаласы» романының басты кейіпкері кім?")[0] == "novel"
        assert _ids(engine, '"Көне қаласы"')[0] == "novel"
    finally:
        engine.close()
