"""``muragat search`` (single query, JSON, batch TREC run) and ``muragat eval retrieval`` usage."""

from __future__ import annotations

import json

from muragat.cli import main


def test_search_json(index_dir, capsys):
    code = main(["search", "конференция", "--index", str(index_dir), "--json",
                 "--lang", "kk", "--lang", "ru", "--year-from", "2019", "--year-to", "2021"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {h["id"] for h in data["hits"]} == {"kk-conf-2021", "ru-conf-2019"}
    assert data["total"] == 2 and set(data["facets"]) == {"lang", "year", "source"}
    assert data["hits"][0]["snippet"].count("<mark>") >= 1


def test_search_text_output_sort_and_paging(index_dir, capsys):
    code = main(["search", "library OR кітапхана", "--index", str(index_dir), "--sort", "newest",
                 "--limit", "2", "--page", "1", "--source", "ertis"])
    out = capsys.readouterr().out
    assert code == 0
    assert "mixed-2022" in out.splitlines()[2]  # newest first
    assert "results" in out.splitlines()[0]


def test_search_any_mode(index_dir, capsys):
    main(["search", "Pushkin museum", "--index", str(index_dir), "--json"])
    strict = json.loads(capsys.readouterr().out)
    main(["search", "Pushkin museum", "--index", str(index_dir), "--json", "--any"])
    loose = json.loads(capsys.readouterr().out)
    assert strict["total"] == 0 and loose["total"] >= 2


def test_batch_trec_run(index_dir, tmp_path, capsys):
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tWhere is the Pushkin library?\nbad line\nq2\tкітапханалар туралы\n",
                       encoding="utf-8")
    code = main(["search", "--batch", str(queries), "--index", str(index_dir), "--limit", "3",
                 "--format", "trec"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    rows = [line.split() for line in lines]
    assert all(len(r) == 6 and r[1] == "Q0" and r[5] == "muragat" for r in rows)
    assert rows[0][0] == "q1" and rows[0][2] == "en-pushkin-2021" and rows[0][3] == "1"
    assert {r[0] for r in rows} == {"q1", "q2"} and len([r for r in rows if r[0] == "q2"]) <= 3


def test_usage_errors(index_dir, tmp_path, capsys):
    assert main(["search", "--index", str(index_dir)]) == 2
    assert main(["search", "x", "--index", str(index_dir), "--limit", "0"]) == 2
    assert main(["search", "--batch", str(tmp_path / "missing.tsv"), "--index", str(index_dir)]) == 2
    assert main(["search", "x", "--index", str(tmp_path / "no-index")]) == 1
    assert main(["search", "((", "--index", str(index_dir)]) == 1
    capsys.readouterr()
