"""Kazakh typed with Russian letters (китапхана for кітапхана) is found by the Kazakh
word and highlighted in the snippet and on the document page."""

from __future__ import annotations

import re

import pytest
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.search.query_builder import highlight_forms, plan_word
from muragat.search.query_parser import parse, positive_words

FIELDS = frozenset({"exact", "fold", "body_kk", "title_kk", "body_ru", "title_ru", "body_en",
                    "title_en"})

RUSSIAN_LETTERS = Document(
    id="kk-russian-letters", title="Аудандык китапхана жаналыктары",
    text="Аудандык китапханада жана окырмандар клубы ашылды. Китапхананың коры толыкты, "
         "китапханалар арасындагы байланыс нығайды.",
    date="2020-02-02", year=2020, source="audan", lang="kk")
KAZAKH_LETTERS = Document(
    id="kk-kazakh-letters", title="Облыстық кітапхана",
    text="Облыстық кітапханада кітап көрмесі өтті. Мұражай да көрме ашты.",
    date="2021-03-03", year=2021, source="oblys", lang="kk")


def _forms(q: str):
    return highlight_forms([plan_word(w, FIELDS) for w in positive_words(parse(q).node)])


@pytest.mark.parametrize("token", ["китапхана", "китапханада", "Китапхананың", "китапханалар"])
def test_russian_letter_forms_match_the_kazakh_query(token):
    assert _forms("кітапханалар").matches(token)


@pytest.mark.parametrize("token", ["кітапхана", "кітапханада", "мұражай", "книга", "кітап"])
def test_folding_marks_nothing_new_in_kazakh_letters(token):
    forms = _forms("кітапханалар")
    assert forms.matches(token) == (token.startswith("кітапхана"))


@pytest.fixture(scope="module")
def engine(tmp_path_factory, make_index):
    path = tmp_path_factory.mktemp("folded-index")
    make_index([RUSSIAN_LETTERS, KAZAKH_LETTERS], path)
    eng = SearchEngine(path)
    yield eng
    eng.close()


def test_found_and_highlighted_in_the_snippet(engine):
    resp = engine.search(SearchRequest(q="кітапханалар"))
    hits = {h.id: h for h in resp.hits}
    assert {"kk-russian-letters", "kk-kazakh-letters"} <= set(hits)
    marked = re.findall(r"<mark>([^<]+)</mark>", hits["kk-russian-letters"].snippet)
    assert "китапханада" in marked and "Китапхананың" in marked
    assert "окырмандар" not in marked and "Аудандык" not in marked


def test_highlighted_on_the_document_page(engine):
    doc = engine.document("kk-russian-letters", "кітапханалар")
    html = "".join(part for _, part in doc.html_segments)
    assert set(re.findall(r"<mark>([^<]+)</mark>", html)) == {
        "китапханада", "Китапхананың", "китапханалар"}
