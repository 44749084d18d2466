"""``muragat search --batch``: a valid TREC run (issue 14) — ids with whitespace
percent-encoded, a byte order mark not part of the first qid, ``--limit`` honoured beyond
one page or refused with the maximum."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from muragat.indexer.document import Document
from muragat.search.batch import MAX_BATCH_LIMIT, read_queries, trec_id

from muragat.cli import main

from .conftest import build_index

N_DOCS = 130


@pytest.fixture(scope="module")
def batch_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch-index")
    docs = [Document(id=f"report {i:03d}", title=f"Annual library report {i}",
                     text=f"The library report number {i} lists new books and readers.",
                     lang="en", year=2000 + i % 20) for i in range(N_DOCS)]
    docs.append(Document(id="tab\tand\u00a0nbsp%", title="Reading room",
                         text="The reading room of the library is open on Sunday.", lang="en"))
    build_index(docs, path)
    return path


def _run(capsys, index, queries_path, *extra: str) -> tuple[int, list[list[str]], str]:
    code = main(["search", "--batch", str(queries_path), "--index", str(index), *extra])
    out, err = capsys.readouterr()
    return code, [line.split(" ") for line in out.splitlines()], err


def test_ids_with_whitespace_are_percent_encoded(batch_index, tmp_path, capsys):
    queries = tmp_path / "q.tsv"
    queries.write_text("q 1\treading room sunday\nq2\tlibrary report\n", encoding="utf-8")
    code, rows, _ = _run(capsys, batch_index, queries, "--limit", "5")
    assert code == 0 and rows
    assert all(len(r) == 6 and r[1] == "Q0" for r in rows)  # six fields, split at single spaces
    assert rows[0][:3] == ["q%201", "Q0", "tab%09and%C2%A0nbsp%25"]
    assert unquote(rows[0][2]) == "tab\tand\u00a0nbsp%"
    assert [r[2] for r in rows if r[0] == "q2"][0].startswith("report%20")


def test_ir_measures_reads_the_run(batch_index, tmp_path, capsys):
    ir_measures = pytest.importorskip("ir_measures", reason="ir-measures is a test extra")
    queries = tmp_path / "q.tsv"
    queries.write_text("q 1\treading room sunday\nq2\tlibrary report\n", encoding="utf-8")
    code = main(["search", "--batch", str(queries), "--index", str(batch_index), "--limit", "3"])
    run = tmp_path / "run.trec"
    run.write_text(capsys.readouterr().out, encoding="utf-8")
    assert code == 0
    parsed = list(ir_measures.read_trec_run(str(run)))
    assert {(r.query_id, r.doc_id) for r in parsed} >= {("q%201", "tab%09and%C2%A0nbsp%25")}
    assert len(parsed) == 4


def test_a_byte_order_mark_is_not_part_of_the_first_qid(batch_index, tmp_path, capsys):
    queries = tmp_path / "bom.tsv"
    queries.write_bytes("\ufeffq1\tlibrary report\nq2\treading room\n".encode())
    code, rows, _ = _run(capsys, batch_index, queries, "--limit", "2")
    assert code == 0 and [r[0] for r in rows][:2] == ["q1", "q1"]
    assert {r[0] for r in rows} == {"q1", "q2"}
    assert list(read_queries(["\ufeffq1\tx\n"])) == [("q1", "x")]


def test_limit_beyond_one_page_is_honoured(batch_index, tmp_path, capsys):
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tlibrary report\nq2\treading room sunday\n", encoding="utf-8")
    code, rows, _ = _run(capsys, batch_index, queries, "--limit", "1000")
    assert code == 0
    q1 = [r for r in rows if r[0] == "q1"]
    matching = N_DOCS + 1  # any words: every document has "library"
    assert len(q1) == matching  # every matching document, not 100
    assert [int(r[3]) for r in q1] == list(range(1, matching + 1))
    assert len({r[2] for r in q1}) == matching  # pages neither repeat nor skip a document
    scores = [float(r[4]) for r in q1]
    assert scores == sorted(scores, reverse=True)
    code, rows, _ = _run(capsys, batch_index, queries, "--limit", "120")
    assert len([r for r in rows if r[0] == "q1"]) == 120


def test_limit_over_the_maximum_exits_2_stating_it(batch_index, tmp_path, capsys):
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tlibrary\n", encoding="utf-8")
    code, rows, err = _run(capsys, batch_index, queries, "--limit", str(MAX_BATCH_LIMIT + 1))
    assert code == 2 and not rows
    assert f"at most {MAX_BATCH_LIMIT}" in err


def test_trec_id_round_trips():
    for value in ("plain-id", "a b", "x\ty\nz", "50%", "ид\u2003тест", "nul\x00"):
        encoded = trec_id(value)
        assert not any(ch.isspace() for ch in encoded) and unquote(encoded) == value
