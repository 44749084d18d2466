"""Missing metadata stays missing in every segment layout (issue 13, item 1).

The same small archive (dated and undated texts, JSON Lines records with a date, with a
year only, or with neither) is indexed in many layouts: one run or several, ``jobs`` 1
or 2, the undated folder first or last. Whatever the layout, every document's year and
date as seen by filters, facets and sorts must be its own: the expected values are
written here next to the documents, not read back from the index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from muragat.indexer import index_paths
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.store import id_key

# id -> (text, year, date); the date is what the indexer finds in the text or front matter.
DATED = {
    "dated/kk-2021.txt": ("Кітапхана жаңалықтары\n\n2021 жылғы 8 сәуір облыстық кітапханада "
                          "жаңа оқу залы ашылды.", 2021, "2021-04-08"),
    "dated/ru-2019.txt": ("Новости библиотеки\n\n12 марта 2019 г. в библиотеке прошла "
                          "встреча с читателями.", 2019, "2019-03-12"),
    "dated/en-2023.md": ("---\ntitle: Reading week\ndate: 2023-01-15\n---\nThe library held a "
                         "reading week for children and their parents.", 2023, "2023-01-15"),
}
UNDATED = {
    "undated/note-kk.txt": ("Оқу залы\n\nОқырмандарға арналған жаңа кітаптар сөресі "
                            "толықтырылды.", None, None),
    "undated/note-ru.txt": ("Читальный зал\n\nПолка новых книг для читателей пополнилась.",
                            None, None),
    "undated/note-en.txt": ("Reading room\n\nThe shelf of new books for readers was "
                            "refilled.", None, None),
}
RECORDS = [  # records.jsonl: (record, year, date)
    ({"id": "rec-1966", "title": "Archive photo", "text": "An old photo of the library "
      "building from the archive.", "year": 1966}, 1966, None),
    ({"id": "rec-1993", "title": "Мұрағат", "text": "Кітапхананың ескі ғимаратының суреті.",
      "year": 1993}, 1993, None),
    ({"id": "rec-2010", "title": "Выставка", "text": "Выставка старых фотографий библиотеки.",
      "date": "2010-06-01"}, 2010, "2010-06-01"),
    ({"title": "Note without id", "text": "A note about the card catalogue without any date."},
     None, None),
]


def _write(root: Path, files: dict[str, tuple[str, int | None, str | None]]) -> None:
    for rel, (text, _, _) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _write_records(root: Path) -> None:
    path = root / "records" / "records.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _, _ in RECORDS),
                    encoding="utf-8")


def _expected() -> dict[str, tuple[int | None, str | None]]:
    out = {rel: (y, d) for rel, (_, y, d) in {**DATED, **UNDATED}.items()}
    for n, (rec, y, d) in enumerate(RECORDS, 1):
        out[rec.get("id") or f"records/records.jsonl:{n}"] = (y, d)
    return out


def _date_key(year: int | None, date: str | None) -> int:
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        return y * 10000 + m * 100 + d
    return (year or 0) * 10000


def _browse(engine: SearchEngine, sort: str, **kw) -> list[str]:
    resp = engine.search(SearchRequest(q="", sort=sort, size=100, snippets=False,
                                       langs=["kk", "ru", "en"], **kw))
    assert resp.error is None, resp.error
    return [h.id for h in resp.hits]


# Each layout: a list of runs, each run (groups of files to add before it, jobs).
GROUPS = {"dated": lambda r: _write(r, DATED), "undated": lambda r: _write(r, UNDATED),
          "records": _write_records}
LAYOUTS = {
    "one run, jobs 1": [(["dated", "undated", "records"], 1)],
    "one run, jobs 2": [(["dated", "undated", "records"], 2)],
    "undated added later, jobs 1": [(["dated", "records"], 1), (["undated"], 1)],
    "undated added later, jobs 2": [(["dated", "records"], 2), (["undated"], 2)],
    "undated first, jobs 2": [(["undated"], 2), (["dated"], 2), (["records"], 2)],
    "records last, jobs 1 then 2": [(["undated"], 1), (["dated"], 2), (["records"], 1)],
    "each group alone, jobs 2": [(["records"], 2), (["undated"], 2), (["dated"], 2)],
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_metadata_is_each_documents_own(tmp_path: Path, layout: str) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    index = tmp_path / "index"
    for groups, jobs in LAYOUTS[layout]:
        for g in groups:
            GROUPS[g](archive)
        report = index_paths([archive], index, jobs=jobs, progress=False)
        assert not report.failed, report.failed
    expected = _expected()
    engine = SearchEngine(index)
    try:
        snap = engine._snapshot()
        assert snap is not None
        if layout != "one run, jobs 1":
            assert len(snap.leaves) > 1, "the layout under test needs several segments"
        # Each hit's year/date (stored fields) and the arrays behind filters agree.
        for doc_id, (year, date) in expected.items():
            view = engine.document(doc_id)
            assert view is not None, doc_id
            assert (view.year, view.date) == (year, date), doc_id
            docnum = snap.docnum(doc_id)
            assert int(snap.meta.year[docnum]) == (year or 0), doc_id
            assert int(snap.meta.date_key[docnum]) == _date_key(year, date), doc_id
            # language and source arrays (from postings) agree with the stored fields
            meta = snap.meta
            assert meta.lang_codes[meta.lang[docnum]] == view.lang, doc_id
            folder = (view.id.split("/")[0] if "/" in view.id else "records")
            assert view.source == folder and meta.source_codes[meta.source[docnum]] == folder
        # Facets count each year exactly; an undated document has none.
        resp = engine.search(SearchRequest(q="", langs=["kk", "ru", "en"], size=1))
        want_years: dict[str, int] = {}
        for year, _ in expected.values():
            if year:
                want_years[str(year)] = want_years.get(str(year), 0) + 1
        assert resp.facets["year"] == dict(sorted(want_years.items(), reverse=True))
        # year:Y finds exactly the documents of year Y.
        for year in {y for y, _ in expected.values() if y}:
            got = set(_browse(engine, "newest", year_from=year, year_to=year))
            assert got == {i for i, (y, _) in expected.items() if y == year}, year
        # Sorts: by date (a year alone counts as the year's start), ties by id key;
        # newest puts undated last by value 0, oldest puts them last explicitly.
        keys = {i: _date_key(y, d) for i, (y, d) in expected.items()}
        newest = sorted(keys, key=lambda i: (-keys[i], id_key(i)))
        oldest = sorted(keys, key=lambda i: (keys[i] == 0, keys[i], id_key(i)))
        assert _browse(engine, "newest") == newest
        assert _browse(engine, "oldest") == oldest
    finally:
        engine.close()


def test_incremental_answers_equal_a_fresh_build(tmp_path: Path) -> None:
    """After adding an undated folder and year-only records to an indexed archive, the
    answers (hits, order, totals, facets) equal those of a fresh build of the same archive."""
    archive = tmp_path / "archive"
    archive.mkdir()
    _write(archive, DATED)
    index_paths([archive], tmp_path / "inc", jobs=2, progress=False)
    _write(archive, UNDATED)
    _write_records(archive)
    index_paths([archive], tmp_path / "inc", jobs=2, progress=False)
    shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
    index_paths([archive], tmp_path / "fresh", jobs=1, progress=False)
    engines = [SearchEngine(tmp_path / "inc"), SearchEngine(tmp_path / "fresh")]
    try:
        for sort in ("relevance", "newest", "oldest"):
            for q in ("library", "кітапхана", "библиотека", ""):
                answers = []
                for engine in engines:
                    resp = engine.search(SearchRequest(q=q, sort=sort, size=5, page=1,
                                                       langs=["kk", "ru", "en"] if not q else []))
                    answers.append((resp.total, [(h.id, h.year, h.date, h.score) for h in resp.hits],
                                    resp.facets, resp.error))
                assert answers[0] == answers[1], (q, sort)
    finally:
        for engine in engines:
            engine.close()
