"""The reader's view over a real index of documents written for these tests: browsing
without words, the home page, corrections, highlighting, the ranking-details toggle, the
document page, control characters in documents (Atom, CSV, bidi) and the Atom feed's times."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import xml.etree.ElementTree as ET

import pytest
from muragat.indexer.document import Document
from muragat.search.models import SearchRequest
from muragat.web.app import create_app

from muragat.cli import main

ATOM = {"a": "http://www.w3.org/2005/Atom"}
RLO, PDF = "\u202e", "\u202c"
CONTROLS = "\x00\x07\x1b\x0c\uffff"


def _documents() -> list[Document]:
    def doc(doc_id, title, text, date=None, source="Ortalyq", lang=None):
        return Document(id=doc_id, title=title, text=text, date=date,
                        year=int(date[:4]) if date else None, source=source, lang=lang)

    return [
        doc("ortalyq/2021/koktem.html", "Көктемгі кітап көрмесі",
            "Ұлттық кітапханада көктемгі кітап көрмесі ашылды.\n\n"
            "В библиотеке открылась весенняя выставка книг.\n\n"
            "The library opened a spring book fair.", "2021-04-12", lang="kk"),
        doc("ortalyq/2016/konf.txt", "Конференция библиотекарей",
            "Библиотекари области собрались на конференцию и обсуждали книги.", "2016-11-15",
            lang="ru"),
        doc("audan/2023/club.md", "Reading club", "The reading club of the library met again.",
            "2023-03-02", source="Audan", lang="en"),
        doc("audan/rus-letters.txt", "Аудандык китапхана",
            "Аудандык китапханада жана окырмандар клубы ашылды. Китапхананың коры толыкты.",
            "2020-02-02", source="Audan", lang="kk"),
        doc("oblys/undated-controls.txt", f"Хабар{CONTROLS} {RLO}абв",
            f"Кітапхана{CONTROLS[0]} жаңалықтары {CONTROLS[1]} бел {CONTROLS[2]}[31m қызыл "
            f"{CONTROLS[3]} бет {CONTROLS[4]} соңы. {RLO}Кітап оқу күні өтті.", source="Oblys",
            lang="kk"),
        doc("oblys/formula.txt", '=HYPERLINK("http://evil.example","click")',
            "Library notes about a formula in a title and a source.", "2019-05-05",
            source="+cmd|' /C calc'!A0", lang="en"),
        doc("oblys/undated-plain.txt", "Мерзімсіз хабарландыру",
            "Кітапхана оқырмандарға арналған жаңа кітаптар алды.", source="Oblys", lang="kk"),
    ]


NEWEST_FIRST = ["audan/2023/club.md", "ortalyq/2021/koktem.html", "audan/rus-letters.txt",
                "oblys/formula.txt", "ortalyq/2016/konf.txt"]  # then the two undated


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    from muragat.indexer import index_documents

    path = tmp_path_factory.mktemp("reader-view-index")
    report = index_documents(_documents(), path, rebuild=True)
    assert report.committed and not report.failed
    return path


@pytest.fixture(scope="module")
def engine(index_dir):
    from muragat.search.engine import SearchEngine

    eng = SearchEngine(index_dir)
    yield eng
    eng.close()


@pytest.fixture
def client(engine):
    return create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "RESULT_CACHE_SIZE": 0},
                      engine=engine).test_client()


def _page(client, path: str, ui: str = "en") -> str:
    response = client.get(path, headers={"Accept-Language": ui})
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _hit_ids(text: str) -> list[str]:
    return re.findall(r'<h2 class="hit-title"><a href="/doc/([^"?]+)', text)


# --- Browsing ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/search?q=&sort=newest", "/search?q=", "/search"])
def test_empty_query_browses_everything_newest_first_on_the_site(client, path):
    text = _page(client, path + ("&" if "?" in path else "?") + "size=20")
    assert 'class="hero"' not in text  # not the home page
    assert "7 documents found" in text
    assert _hit_ids(text)[:5] == NEWEST_FIRST
    assert re.search(r'<span class="sort-current" aria-current="true">newest first</span>', text)
    assert ">relevance<" not in text  # nothing to rank by


def test_empty_query_browses_in_the_api_and_the_cli(client, index_dir, capsys):
    body = client.get("/api/search?q=&size=20").get_json()
    assert body["error"] is None and body["total"] == 7
    assert [h["id"] for h in body["hits"]][:5] == NEWEST_FIRST
    assert main(["search", "", "--index", str(index_dir), "--json", "--limit", "20"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 7 and [h["id"] for h in out["hits"]][:5] == NEWEST_FIRST


def test_home_page_shows_the_newest_and_browsing_by_library_and_year(client):
    text = _page(client, "/")
    recent = re.search(r'<section class="recent".*?</section>', text, re.S).group(0)
    assert re.findall(r'href="/doc/([^"]+)"', recent)[:5] == NEWEST_FIRST
    assert 'href="/search?sort=newest"' in recent
    assert re.search(r'href="/search\?source=Audan&amp;sort=newest" dir="auto">Audan</a> '
                     r'<span class="count">2</span>', text)
    assert re.search(r'href="/search\?year_from=2021&amp;year_to=2021&amp;sort=newest"', text)
    years = re.findall(r'year_from=(\d+)&amp;year_to=\1', text)
    assert years == ["2023", "2021", "2020", "2019", "2016"]
    by_library = _page(client, "/search?source=Audan&sort=newest")
    assert set(_hit_ids(by_library)) == {"audan/2023/club.md", "audan/rus-letters.txt"}


@pytest.mark.parametrize(("ui", "heading"), [("kk", "Мұрағаттағы ең жаңалары"),
                                              ("ru", "Новое в архиве"),
                                              ("en", "Newest in the archive")])
def test_home_page_speaks_every_interface_language(client, ui, heading):
    assert heading in _page(client, "/", ui)


# --- Corrections ----------------------------------------------------------------------------

def test_a_query_without_results_shows_its_correction(client):
    text = _page(client, "/search?q=r3nfg[fyf")
    assert _hit_ids(text)
    notice = re.search(r'<p class="correction" role="status">(.*?)</p>', text, re.S).group(1)
    assert "Showing results for" in notice and "Search instead for" in notice
    assert '<a href="/search?q=%D0%BA%D1%96%D1%82%D0%B0%D0%BF%D1%85%D0%B0%D0%BD%D0%B0" ' \
           'rel="nofollow"><bdi>кітапхана</bdi></a>' in notice
    typed = re.search(r'href="([^"]*correct=0[^"]*)"', notice).group(1).replace("&amp;", "&")
    as_typed = _page(client, typed)
    assert _hit_ids(as_typed) == [] and "Did you mean:" in as_typed
    assert 'class="correction"' not in as_typed
    body = client.get("/api/search?q=r3nfg[fyf").get_json()
    assert body["query"] == "r3nfg[fyf" and body["corrected_query"] == "кітапхана"
    assert body["total"] > 0 and body["suggestion"] is None
    assert client.get("/api/search?q=r3nfg[fyf&correct=0").get_json()["total"] == 0


@pytest.mark.parametrize(("ui", "words"), [("kk", "бойынша нәтижелер көрсетілді"),
                                            ("ru", "Показаны результаты по запросу")])
def test_correction_notice_is_translated(client, ui, words):
    assert words in _page(client, "/search?q=r3nfg[fyf", ui)


# --- Highlighting ---------------------------------------------------------------------------

def test_kazakh_in_russian_letters_is_highlighted_on_the_site(client):
    text = _page(client, "/search?q=кітапханалар")
    hit = re.search(r'rus-letters.txt.*?<p class="snippet"[^>]*>(.*?)</p>', text, re.S).group(1)
    assert "<mark>китапханада</mark>" in hit and "<mark>Китапхананың</mark>" in hit
    doc = _page(client, "/doc/audan/rus-letters.txt?q=кітапханалар")
    assert "<mark>китапханада</mark>" in doc


# --- Ranking details behind a toggle --------------------------------------------------------

def test_scores_timings_and_explanations_are_behind_a_toggle(client):
    plain = _page(client, "/search?q=кітап&page=1")
    assert " ms)" not in plain and "Why this matched" not in plain and "Score:" not in plain
    toggle = re.search(r'<a id="details-toggle" href="([^"]+)"[^>]*aria-expanded="false">'
                       r"Show ranking details</a>", plain)
    assert toggle and "details=1" in toggle.group(1)
    shown = _page(client, toggle.group(1).replace("&amp;", "&"))
    assert " ms)" in shown and shown.count('class="hit-explain"') == len(_hit_ids(shown)) > 0
    assert re.search(r'<span class="hit-score">Score: \d', shown)
    assert 'aria-expanded="true">Hide ranking details</a>' in shown
    hide = re.search(r'<a id="details-toggle" href="([^"]+)"', shown).group(1)
    assert "details" not in hide
    # Searching again, refining or paging keeps the choice.
    assert '<input type="hidden" name="details" value="1">' in shown


def test_the_api_keeps_scores_and_explains_on_request(client):
    body = client.get("/api/search?q=кітап").get_json()
    assert body["took_ms"] >= 0 and all("score" in h for h in body["hits"])
    assert all("explanation" not in h for h in body["hits"])
    explained = client.get("/api/search?q=кітап&explain=1").get_json()
    assert explained["hits"] and all(h["explanation"]["matched"] for h in explained["hits"])
    assert all(h["explanation"]["fields"] for h in explained["hits"])


# --- The document page ------------------------------------------------------------------------

def test_document_page_is_paragraphs_without_blank_lines_or_file_path(client):
    text = _page(client, "/doc/ortalyq/2021/koktem.html")
    body = re.search(r'<div class="doc-body">(.*?)</div>', text, re.S).group(1)
    paragraphs = re.findall(r'<p class="seg" lang="(\w+)" dir="auto">(.*?)</p>', body, re.S)
    assert [lang for lang, _ in paragraphs] == ["kk", "ru", "en"]
    assert all(p == p.strip() and "\n" not in p for _, p in paragraphs)
    assert "<div class=\"seg" not in body and "seg-lang" not in body
    meta = re.search(r'<dl class="doc-meta">.*?</dl>', text, re.S).group(0)
    assert "ortalyq/2021" not in meta and "koktem.html" not in meta


# --- Control characters and bidi ------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/feed.atom?q=кітапхана", "/feed.atom", "/feed.atom?q=бел"])
def test_feed_stays_well_formed_xml_with_control_characters(client, path):
    data = client.get(path).get_data(as_text=True)
    root = ET.fromstring(data.encode())  # raises on a character XML forbids
    ids = [e.findtext("a:id", namespaces=ATOM) for e in root.findall("a:entry", ATOM)]
    assert any(i.endswith("/doc/oblys/undated-controls.txt") for i in ids)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", data)


def test_csv_has_no_control_characters_and_no_formulas(client):
    data = client.get("/export.csv?q=&size=100").get_data(as_text=True).lstrip("\ufeff")
    assert not re.search("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u202a-\u202e]", data)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(data))}
    assert len(rows) == 7
    assert rows["oblys/formula.txt"]["title"].startswith("'=HYPERLINK")
    assert rows["oblys/formula.txt"]["source"].startswith("'+cmd")
    assert rows["oblys/undated-controls.txt"]["title"].startswith("Хабар")
    for row in rows.values():
        assert all(v.lstrip()[:1] not in "=+-@" for v in row.values() if v), row


def test_rtl_override_is_isolated_and_terminated_on_every_page(client):
    for path in ("/search?q=кітап", "/search?q=&sort=newest", "/"):
        text = _page(client, path)
        elements = re.findall(rf"<(\w+)([^>]*)>([^<]*{RLO}.*?)</\1>", text, re.S)
        assert elements, path  # the document with U+202E is shown on this page
        for tag, attrs, _inner in elements:
            assert 'dir="auto"' in attrs or tag == "bdi", (path, tag, attrs)
        for snippet in re.findall(r'<p class="snippet"[^>]*>(.*?)</p>', text, re.S):
            if RLO in snippet:
                assert snippet.rindex(PDF) > snippet.rindex(RLO), snippet
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        assert RLO not in title
    doc = _page(client, "/doc/oblys/undated-controls.txt?q=кітап")
    assert re.search(rf'<h1 id="doc-title" lang="kk" dir="auto">Хабар[^<]*{RLO}абв</h1>', doc)
    assert RLO not in re.search(r"<title>(.*?)</title>", doc, re.S).group(1)


# --- The Atom feed's times ------------------------------------------------------------------------

def _entries(client, path: str) -> tuple[str, dict[str, tuple[str, str | None]]]:
    root = ET.fromstring(client.get(path).data)
    out = {}
    for e in root.findall("a:entry", ATOM):
        doc_id = e.findtext("a:id", namespaces=ATOM).split("/doc/", 1)[1]
        out[doc_id] = (e.findtext("a:updated", namespaces=ATOM),
                       e.findtext("a:published", namespaces=ATOM))
    return root.findtext("a:updated", namespaces=ATOM), out


def test_undated_entries_are_updated_when_indexed_not_when_fetched(client, engine):
    indexed = {h.id: h.indexed for h in engine.search(SearchRequest(q="", size=20)).hits}
    feed_updated, entries = _entries(client, "/feed.atom")
    assert len(entries) == 7  # the bare feed: the newest documents of the archive
    undated = entries["oblys/undated-plain.txt"]
    assert undated == (indexed["oblys/undated-plain.txt"], None)
    assert entries["audan/2023/club.md"] == ("2023-03-02T00:00:00Z", "2023-03-02T00:00:00Z")
    assert feed_updated == max(updated for updated, _ in entries.values())
    time.sleep(1.1)
    assert _entries(client, "/feed.atom") == (feed_updated, entries)  # the same on every fetch


def test_openapi_names_every_field_of_the_answer(client):
    spec = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    body = client.get("/api/search?q=r3nfg[fyf&explain=1").get_json()
    assert set(body) <= set(spec["SearchResponse"]["properties"])
    assert body["hits"] and set(body["hits"][0]) <= set(spec["Hit"]["properties"])
