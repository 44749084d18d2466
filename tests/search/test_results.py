"""Filters, facets, sorting and pagination."""

from __future__ import annotations

from muragat.search.models import SearchRequest

LIBRARY_ANY = "library OR библиотека OR кітапхана"


def search(engine, q=LIBRARY_ANY, **kw):
    resp = engine.search(SearchRequest(q=q, **kw))
    assert resp.error is None, resp.error
    return resp


def test_several_languages_filter(engine):
    all_ids = {h.id for h in search(engine, size=50).hits}
    kk_ru = {h.id for h in search(engine, size=50, langs=("kk", "ru")).hits}
    assert kk_ru and kk_ru < all_ids
    assert "en-pushkin-2021" not in kk_ru
    assert {"kk-lib-2021", "ru-lib-2020", "mixed-2022"} <= kk_ru  # mixed has kk and ru parts


def test_year_range_filter(engine):
    resp = search(engine, size=50, year_from=2020, year_to=2021)
    assert resp.hits and all(2020 <= h.year <= 2021 for h in resp.hits)
    only_from = search(engine, size=50, year_from=2022)
    assert [h.id for h in only_from.hits] == ["mixed-2022"]


def test_source_filter(engine):
    resp = search(engine, size=50, sources=("pushkin", "akorda"))
    assert resp.hits and {h.source for h in resp.hits} <= {"pushkin", "akorda"}


def test_facets_count_the_whole_result_set_not_the_page(engine):
    resp = search(engine, size=1)
    assert len(resp.hits) == 1 and resp.total > 3
    assert sum(resp.facets["source"].values()) == resp.total  # every doc here has a source
    assert sum(resp.facets["year"].values()) == resp.total
    assert resp.facets["lang"]["kk"] >= 3 and resp.facets["lang"]["en"] >= 2


def test_facet_ignores_its_own_filter_but_not_the_others(engine):
    resp = search(engine, size=5, langs=("kk",), year_from=2021)
    assert all("kk" in h.langs for h in resp.hits)
    # the language facet shows other languages (with the year filter applied)
    assert resp.facets["lang"].get("en") == 2  # en-pushkin-2021 and the mixed page of 2022
    assert resp.facets["lang"].get("kk") == resp.total == 3
    # the year facet only counts Kazakh documents
    assert set(resp.facets["year"]) <= {"2019", "2021", "2022"}


def test_facets_can_be_skipped(engine):
    assert search(engine, facets=False).facets == {}


def test_sort_newest_and_oldest(engine):
    newest = [h.date for h in search(engine, size=50, sort="newest").hits]
    oldest = [h.date for h in search(engine, size=50, sort="oldest").hits]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert newest[0] == "2022-05-27"


def test_relevance_scores_descend(engine):
    scores = [h.score for h in search(engine, size=50).hits]
    assert scores == sorted(scores, reverse=True)


def test_pagination_with_total(engine):
    first = search(engine, size=2, page=1)
    second = search(engine, size=2, page=2)
    assert first.total == second.total
    assert len(first.hits) == 2
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    everything = [h.id for h in search(engine, size=50).hits]
    assert [h.id for h in first.hits + second.hits] == everything[:4]
    beyond = search(engine, size=10, page=50)
    assert beyond.hits == [] and beyond.total == first.total


def test_json_shape(engine):
    data = search(engine, q="library", size=2).to_json()
    assert {"query", "total", "page", "hits", "facets", "suggestion"} <= set(data)
    assert set(data["hits"][0]) == {"id", "title", "lang", "langs", "year", "date", "source",
                                    "url", "score", "snippet", "indexed", "page", "captured"}
    assert "corrected_query" in data
    assert set(data["facets"]) == {"lang", "year", "source"}
