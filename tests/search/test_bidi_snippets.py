"""Directional controls from a document (U+202E RIGHT-TO-LEFT OVERRIDE, ...) never reach a
snippet or a document part unterminated: each passage closes what it opens."""

from __future__ import annotations

import pytest
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.search.snippets import bidi_closers, render

RLO, LRE, PDF, RLI, FSI, PDI = "\u202e", "\u202a", "\u202c", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(("text", "closers"), [
    ("plain text", ""),
    (f"a {RLO}b", PDF),
    (f"a {RLO}b{PDF} c", ""),
    (f"{RLI}x {RLO}y", PDF + PDI),
    (f"{RLI}x {RLO}y{PDI}", ""),  # PDI closes its isolate and the override inside it
    (f"{LRE}{FSI}x{PDF}", PDI + PDF),  # a PDF inside an isolate cannot close the outer LRE
    (f"{PDF}{PDI} stray closers", ""),
])
def test_closers(text, closers):
    assert bidi_closers(text) == closers


def _balanced(html: str) -> bool:
    return bidi_closers(html) == ""


def test_render_closes_what_the_passage_opens():
    text = f"Кітапхана {RLO}жаңалықтары және басқа мәтін"
    assert render(text, 0, 25, []).endswith(PDF)
    assert _balanced(render(text, 0, 25, []))
    assert render("no controls", 0, 11, []) == "no controls"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, make_index):
    path = tmp_path_factory.mktemp("bidi-index")
    make_index([Document(
        id="rlo", title=f"Тақырып {RLO}абв",
        text=f"Кітапхана жаңалықтары. {RLO}Кітап оқу күні өтті, оқырмандар келді.\n\n"
             f"Екінші абзац {RLI}кітап туралы.",
        date="2022-01-01", year=2022, lang="kk")], path)
    eng = SearchEngine(path)
    yield eng
    eng.close()


def test_snippets_and_document_parts_are_terminated(engine):
    for q in ("кітап", "оқырмандар", ""):
        (hit,) = engine.search(SearchRequest(q=q)).hits
        assert RLO in hit.snippet or RLI in hit.snippet
        assert _balanced(hit.snippet), (q, hit.snippet)
    doc = engine.document("rlo", "кітап")
    assert doc.html_segments and all(_balanced(html) for _, html in doc.html_segments)
