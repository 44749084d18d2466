"""A query without results is answered with its correction ("showing results for X;
search instead for Y"); ``correct=False`` answers the query as typed."""

from __future__ import annotations

from muragat.search.models import SearchRequest


def test_wrong_layout_query_is_answered_with_its_correction(engine):
    typed = engine.search(SearchRequest(q="r3nfg[fyf", correct=False))
    assert typed.total == 0 and typed.suggestion == "кітапхана"
    resp = engine.search(SearchRequest(q="r3nfg[fyf"))
    assert resp.error is None
    assert resp.query == "r3nfg[fyf" and resp.corrected_query == "кітапхана"
    assert resp.suggestion is None  # shown as the correction, not as "did you mean"
    corrected = engine.search(SearchRequest(q="кітапхана"))
    assert resp.total == corrected.total > 0
    assert [h.id for h in resp.hits] == [h.id for h in corrected.hits]
    assert any("<mark>" in h.snippet for h in resp.hits)  # the corrected words are marked
    data = resp.to_json()
    assert data["query"] == "r3nfg[fyf" and data["corrected_query"] == "кітапхана"


def test_misspelling_keeps_the_other_words_and_the_filters(engine):
    resp = engine.search(SearchRequest(q="Pushkin librery", langs=("en",)))
    assert resp.corrected_query == "Pushkin library"
    assert resp.total > 0 and all("en" in h.langs for h in resp.hits)


def test_a_query_with_results_is_never_corrected(engine):
    resp = engine.search(SearchRequest(q="library"))
    assert resp.total > 0 and resp.corrected_query is None
    assert resp.to_json()["corrected_query"] is None


def test_no_correction_without_a_better_query(engine):
    resp = engine.search(SearchRequest(q="qqqzzzxx"))
    assert resp.total == 0 and resp.corrected_query is None and resp.suggestion is None


def test_cli_says_which_query_it_answered(index_dir, capsys):
    from muragat.cli import main

    assert main(["search", "r3nfg[fyf", "--index", str(index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "showing results for: кітапхана (none for: r3nfg[fyf)"
