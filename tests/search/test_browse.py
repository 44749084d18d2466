"""Browsing without words: filters alone list every matching document, newest first."""

from __future__ import annotations

from muragat.search.models import SearchRequest

from .conftest import DOCS


def _ids(resp) -> list[str]:
    return [h.id for h in resp.hits]


def test_language_filter_without_words_lists_all_matching_documents(engine):
    resp = engine.search(SearchRequest(q="", langs=("kk",), size=50))
    assert resp.error is None
    expected = {d.id for d in DOCS if d.lang == "kk"} | {"mixed-2022"}
    assert set(_ids(resp)) == expected
    assert resp.total == len(expected)


def test_browse_defaults_to_newest_first(engine):
    resp = engine.search(SearchRequest(q="  ", sources=("ertis",), size=50))
    dates = [h.date for h in resp.hits]
    assert dates == sorted(dates, reverse=True)
    assert resp.total == sum(d.source == "ertis" for d in DOCS)


def test_browse_by_years_has_facets_and_pagination(engine):
    resp = engine.search(SearchRequest(q="", year_from=2019, year_to=2020, size=2, page=2))
    in_range = [d for d in DOCS if 2019 <= d.year <= 2020]
    assert resp.total == len(in_range)
    assert len(resp.hits) == 2
    assert sum(resp.facets["lang"].values()) >= len(in_range)
    # Each facet is counted under the other facets' filters: all years stay visible.
    assert resp.facets["year"]["2019"] == sum(d.year == 2019 for d in DOCS)
    assert resp.facets["year"]["2021"] == sum(d.year == 2021 for d in DOCS)


def test_browse_snippet_is_the_escaped_start_of_the_text(engine):
    resp = engine.search(SearchRequest(q="", year_from=2017, year_to=2017))
    (hit,) = resp.hits
    assert hit.snippet.startswith("Old web pages contain &lt;script&gt;")
    assert "<script>" not in hit.snippet and "<mark>" not in hit.snippet


def test_oldest_sort_is_kept_when_browsing(engine):
    resp = engine.search(SearchRequest(q="", langs=("en",), sort="oldest", size=50))
    dates = [h.date for h in resp.hits]
    assert dates == sorted(dates)


def test_filter_only_query_text_sorts_newest_first(engine):
    resp = engine.search(SearchRequest(q="source:akorda", size=50))
    assert resp.total == sum(d.source == "akorda" for d in DOCS)
    dates = [h.date for h in resp.hits]
    assert dates == sorted(dates, reverse=True)


def test_nothing_at_all_browses_everything_newest_first(engine):
    resp = engine.search(SearchRequest(q="", size=50))
    assert resp.error is None and resp.error_code is None
    assert resp.total == len(DOCS) and {h.id for h in resp.hits} == {d.id for d in DOCS}
    dates = [h.date for h in resp.hits]
    assert dates == sorted(dates, reverse=True)
    assert sum(resp.facets["source"].values()) == len(DOCS)


def test_browsing_everything_pages_newest_first(engine):
    newest = sorted(DOCS, key=lambda d: d.date, reverse=True)
    page2 = engine.search(SearchRequest(q="   ", sort="relevance", size=3, page=2))
    assert _ids(page2) == [d.id for d in newest[3:6]]
    oldest = engine.search(SearchRequest(q="", sort="oldest", size=2))
    assert _ids(oldest) == [d.id for d in sorted(DOCS, key=lambda d: d.date)[:2]]
