"""The rest of the engine contract: documents, more like this, completion, explain,
refresh, stats, threads."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest


def test_document_view(engine):
    view = engine.document("ru-lib-2020", "библиотека")
    assert view.title == "Библиотеки Казахстана" and view.year == 2020 and view.source == "ertis"
    assert any("<mark>библиотеками</mark>" in h for _, h in view.html_segments)
    assert engine.document("no-such-doc") is None


def test_similar_documents(engine):
    similar = [h.id for h in engine.similar("kk-conf-2021", limit=3)]
    assert similar and "kk-conf-2021" not in similar
    assert "kk-lib-2021" in similar  # shares кітапхана in other forms
    assert "en-conf-2020" in [h.id for h in engine.similar("en-pushkin-2021", limit=3)]
    assert engine.similar("no-such-doc") == []


def test_complete_from_vocabulary(engine):
    done = engine.complete("кітапх")
    assert done and all(w.startswith("кітапх") for w in done)
    assert "Pushkin library" in engine.complete("Pushkin lib")
    assert engine.complete("") == []
    assert len(engine.complete("к", limit=2)) <= 2


def test_explain_lists_matched_forms(engine):
    info = engine.explain("ru-exact", "библиотеками работа")
    assert info["matched"] and info["score"] > 0
    assert "библиотеками" in info["fields"]["exact"]
    assert "библиотека" in info["fields"]["body_ru"]
    assert {p["kind"] for p in info["parts"]} >= {"exact", "lemma"}
    assert not engine.explain("en-escape", "библиотеками")["matched"]


def test_stats(engine, archive_docs):
    stats = engine.stats()
    assert stats["documents"] == len(archive_docs)
    assert stats["last_commit"] and stats["index_dir"]


def test_refresh_sees_new_commits(tmp_path, index_dir, archive_docs):
    path = tmp_path / "ix"
    shutil.copytree(index_dir, path)
    eng = SearchEngine(path)
    assert eng.refresh() is False
    assert eng.search(SearchRequest(q="астрономия")).total == 0
    from muragat.indexer import index_documents

    index_documents([Document(id="ru-new", text="Лекция по астрономии для школьников.",
                              title="Астрономия", year=2023, date="2023-01-10")], path)
    assert eng.refresh() is True
    assert [h.id for h in eng.search(SearchRequest(q="астрономия")).hits] == ["ru-new"]
    assert eng.stats()["documents"] == len(archive_docs) + 1
    # a changed document replaces the old version (deleted documents never match)
    index_documents([Document(id="ru-new", text="Лекция по геологии для школьников.",
                              title="Геология", year=2023, date="2023-01-10")], path)
    assert eng.refresh() is True
    assert eng.search(SearchRequest(q="астрономия")).total == 0
    assert [h.id for h in eng.search(SearchRequest(q="геология")).hits] == ["ru-new"]
    resp = eng.search(SearchRequest(q="лекция OR library"))
    assert [h.id for h in resp.hits].count("ru-new") == 1
    assert sum(resp.facets["year"].values()) == resp.total
    eng.close()


def test_missing_index_gives_a_message(tmp_path, archive_docs, make_index):
    eng = SearchEngine(tmp_path / "nothing")
    resp = eng.search(SearchRequest(q="library"))
    assert resp.error and resp.total == 0
    assert eng.document("x") is None and eng.similar("x") == [] and eng.complete("li") == []
    make_index(archive_docs[:2], tmp_path / "nothing")
    assert eng.refresh() is True
    assert eng.search(SearchRequest(q="кітапхана")).total > 0


def test_threads_share_one_engine(engine):
    queries = ["library", "библиотека", "кітапхана", "конференция OR conference", '"Pushkin library"']
    expected = {q: [h.id for h in engine.search(SearchRequest(q=q)).hits] for q in queries}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda q: (q, [h.id for h in engine.search(
            SearchRequest(q=q)).hits]), queries * 20))
    for q, found in results:
        assert found == expected[q]


@pytest.mark.parametrize("doc_id", ["", "\x00", "../../etc/passwd"])
def test_odd_document_ids(engine, doc_id):
    assert engine.document(doc_id) is None
    assert engine.explain(doc_id, "library")["matched"] is False
