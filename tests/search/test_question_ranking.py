"""Natural-language questions (any-words mode): which query words count, and how much.

Each test indexes a few documents written for it and checks an ordering that the rule under
test decides (the rule switched off, the order flips or the document is not found).
"""

from __future__ import annotations

import pytest
from muragat.analysis import is_stopword
from muragat.analysis.lang.kk.query import surname_variants
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.search.query_builder import plan_word
from muragat.search.query_parser import Word

from muragat.evaluation.retrieval import build_index

FIELDS = frozenset({"exact", "body_kk", "body_ru", "body_en", "title_kk", "title_ru", "title_en"})


def _engine(tmp_path, docs: list[Document]) -> SearchEngine:
    build_index(docs, tmp_path / "ix")
    return SearchEngine(tmp_path / "ix")


def _ids(engine: SearchEngine, q: str, any_words: bool = True) -> list[str]:
    """Ids found by ``q`` as typed (no automatic correction of a query without results)."""
    resp = engine.search(SearchRequest(q=q, size=10, any_words=any_words, snippets=False,
                                       correct=False))
    assert resp.error is None, resp.error
    return [h.id for h in resp.hits]


@pytest.mark.parametrize("word", ["Ш", "М", "A", "ы"])
def test_a_lone_letter_is_a_function_word(word):
    assert is_stopword(word)
    assert plan_word(Word(word), FIELDS).stop


@pytest.mark.parametrize("word", ["назовите", "Укажите", "көрсетіңіз", "табыңыз"])
def test_quiz_instructions_are_function_words(word):
    assert plan_word(Word(word), FIELDS).stop


@pytest.mark.parametrize("word", ["теңіз", "мұражай", "библиотека", "Ш1", "12"])
def test_content_words_are_not(word):
    assert not is_stopword(word)


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


def test_missing_a_rare_word_costs_more_than_missing_common_ones(tmp_path):
    filler = ["The town council met on Monday.", "A new bridge opened in spring.",
              "Farmers sold apples at the market.", "The school choir sang carols."]
    docs = [Document(id=f"common-{i}", title=f"Note {i}",
                     text=f"{filler[i % 4]} The museum and the garden were busy.", lang="en")
            for i in range(5)]
    docs += [Document(id=f"filler-{i}", title=f"Item {i}",
                      text=f"{filler[i]} {filler[(i + 1) % 4]}", lang="en") for i in range(4)]
    docs.append(Document(id="rare", title="Evening notes",
                         text="An astrolabe was restored this year. " + filler[2] * 3, lang="en"))
    engine = _engine(tmp_path, docs)
    try:
        # "astrolabe" is in one document, "museum" and "garden" in five: the long document
        # with the rare word answers better than a short one with the two common words
        assert _ids(engine, "museum garden astrolabe")[0] == "rare"
    finally:
        engine.close()


@pytest.mark.parametrize(("term", "variant"), [
    ("байтұрсынов", "байтұрсынұлы"),  # Russian-style surname -> patronymic
    ("байтұрсынұлы", "байтұрсынов"),
    ("байтұрсынұлының", "байтұрсынұлы"),  # a case ending left by the lemmatizer
    ("жұмабаев", "жұмабайұлы"),  # -ай + -ев
    ("құнанбайұлы", "құнанбаев"),
])
def test_kazakh_surname_variants(term, variant):
    assert variant in surname_variants(term)


@pytest.mark.parametrize("term", ["ұлыс", "бұлыңғыр", "құлыптау", "кітап", "ов"])
def test_words_that_are_not_surnames_have_no_variants(term):
    assert surname_variants(term) == ()


def test_surname_finds_the_patronymic_spelling(tmp_path):
    docs = [
        Document(id="patronymic", title="Ғалым туралы",
                 text="Ерлан Сейітбекұлы 1950 жылы туған, тіл білімінің маманы.", lang="kk"),
        Document(id="other", title="Басқа ғалым",
                 text="Ерлан Сейітжанов 1960 жылы туған, тарихшы.", lang="kk"),
    ]
    engine = _engine(tmp_path, docs)
    try:
        assert _ids(engine, "Ерлан Сейітбеков қай жылы туған?")[0] == "patronymic"
    finally:
        engine.close()


@pytest.mark.parametrize("number", ["1465", "1985-1991", "3"])
def test_a_number_is_looked_up_among_the_words_of_each_language(number):
    plan = plan_word(Word(number), FIELDS)
    lemma_fields = {c.field for c in plan.clauses if c.kind == "lemma"}
    assert {"body_kk", "body_ru", "body_en"} <= lemma_fields


def test_a_year_weighs_as_much_as_a_word(tmp_path):
    docs = [
        Document(id="year", title="Хандық",
                 text="Хандық 1465 құрылды. Хандар жерді біріктірді, сауда дамыды.", lang="kk"),
        Document(id="event", title="Ауыл",
                 text="Ауылда үлкен оқиға өтті. Ауыл халқы жиналды, газет жазды.", lang="kk"),
        Document(id="other", title="Қала",
                 text="Қалада жаңа мектеп ашылды. Оқушылар келді. 1991 жылы салынған үй.",
                 lang="kk"),
    ]
    engine = _engine(tmp_path, docs)
    try:
        # both documents hold one of the two words once; the year is the rarer word
        # in the question, not half a word because it has no letters
        assert _ids(engine, "1465 оқиға")[0] == "year"
    finally:
        engine.close()


def test_a_repeated_word_counts_once(tmp_path):
    docs = [
        Document(id="museum", title="Мұражай",
                 text="Мұражай жөнделді. Мұражайдың залы үлкен.", lang="kk"),
        Document(id="fair", title="Көрме",
                 text="Көрме өтті. Қала тұрғындары келді.", lang="kk"),
        Document(id="other", title="Мектеп",
                 text="Мектепте сабақ басталды. Оқушылар келді.", lang="kk"),
    ]
    engine = _engine(tmp_path, docs)
    try:
        # three distinct words: the document with two of them comes first, however many
        # times the third one was typed
        assert _ids(engine, "мұражай көрме қала")[0] == "fair"
        assert _ids(engine, "мұражай Мұражай мұражай көрме қала")[0] == "fair"
    finally:
        engine.close()


def test_a_quoted_word_in_a_question_matches_its_other_forms(tmp_path):
    docs = [
        Document(id="novel", title="Роман туралы",
                 text="Көнеқала романы ауыл өмірін суреттейді.",
                 lang="kk"),
        Document(id="other", title="Басқа кітап",
                 text="Бұл кітаптың кейіпкерлері ұстаздар мен оқушылар, олар ауылда тұрады.",
                 lang="kk"),
    ]
    docs += [Document(id=f"filler-{i}", title="Жаңалық", text=text, lang="kk") for i, text in
             enumerate(("Қалада жаңа саябақ ашылды.", "Өзен жағасында ағаштар отырғызылды.",
                        "Мектеп оқушылары жарысқа қатысты."))]
    engine = _engine(tmp_path, docs)
    try:
        assert _ids(engine, '"Көнеқаланың"', any_words=False) == []  # the query language: that form
        assert _ids(engine, "«Көнеқаланың» кейіпкері кім?")[0] == "novel"
    finally:
        engine.close()
