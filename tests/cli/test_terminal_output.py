"""Terminal output is safe and loses nothing (issue 14): ``muragat search`` and ``muragat
index`` show control characters, C1 controls and bidi overrides from the archive as visible
escapes; their ``--json`` output stays exact JSON."""

from __future__ import annotations

import json
import re

import pytest
import unicode_strategies as us
from hypothesis import given, settings
from hypothesis import strategies as st
from muragat.indexer import index_documents
from muragat.indexer.document import Document

from muragat.cli import main
from muragat.terminal import json_text, printable

# Characters a terminal acts on: C0 and C1 controls, DEL, bidi controls, line separators.
ACTING_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                       "\u2066-\u2069\u2028\u2029\ud800-\udfff]")
TITLE_SEQUENCE = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLEAR_SCREEN = "\x1b[2J"
CSI_C1 = "\x9b31m"  # the C1 form of ESC [


def test_printable_escapes_what_acts_and_keeps_text():
    assert printable(f"a{TITLE_SEQUENCE}b") == "a\\x1b]0;pwned\\x07b"
    assert printable("x\u202ey\x9bz\ud800") == "x\\u202ey\\x9bz\\ud800"
    plain = "Кітапхана «Абай» — библиотека, library 2021 ǵ ñ 🙂 \\ backslash"
    assert printable(plain) == plain


@settings(max_examples=300, deadline=None, database=None)
@given(value=st.recursive(us.text | st.integers(),
                          lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(us.word, inner, max_size=3), max_leaves=8))
def test_json_text_is_exact_json_without_acting_characters(value):
    out = json_text(value)
    assert json.loads(out) == value
    assert not ACTING_RE.search(out)


@settings(max_examples=300, deadline=None, database=None)
@given(text=us.text)
def test_printable_never_lets_an_acting_character_through(text):
    assert not ACTING_RE.search(printable(text).replace("\n", ""))
    assert "\n" not in printable(text)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-cli-index")
    docs = [
        Document(id=f"doc{CLEAR_SCREEN}1", title="Exhibition \u202eof rare books",
                 text="The library opened an exhibition of rare books \u202egnitirw\u202c and maps.",
                 date="2021-04-08", year=2021, source=f"lib{CSI_C1}", lang="en"),
        Document(id="doc 2\u2028", title="Кітапхана көрмесі",
                 text="Кітапхана сирек кітаптар көрмесін ашты.", source="ertis", lang="kk"),
    ]
    index_documents(docs, path)
    return path


def test_search_shows_escapes_instead_of_acting(hostile_index, capsys):
    assert main(["search", "exhibition", "--index", str(hostile_index)]) == 0
    out = capsys.readouterr().out
    assert not ACTING_RE.search(out.replace("\n", ""))
    assert "doc\\x1b[2J1" in out and "lib\\x9b31m" in out and "\\u202e" in out


def test_search_json_keeps_the_exact_values(hostile_index, capsys):
    assert main(["search", "exhibition", "--index", str(hostile_index), "--json"]) == 0
    out = capsys.readouterr().out
    assert not ACTING_RE.search(out.replace("\n", ""))
    (hit,) = json.loads(out)["hits"]
    assert hit["id"] == f"doc{CLEAR_SCREEN}1" and hit["source"] == f"lib{CSI_C1}"
    assert hit["title"] == "Exhibition \u202eof rare books"


def test_index_prints_file_names_escaped(tmp_path, capsys):
    archive = tmp_path / "archive"
    (archive / "lib").mkdir(parents=True)
    name = f"report{TITLE_SEQUENCE}\u202etxt.txt"
    (archive / "lib" / name).write_bytes(b"\x00\x01\x02\x03" * 200)  # binary: FAILED with its name
    (archive / "lib" / "ok.txt").write_text("Кітапхана жаңа кітаптар алды.", encoding="utf-8")
    assert main(["index", str(archive), "--index", str(tmp_path / "index"), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert not ACTING_RE.search(out.replace("\n", ""))
    assert "FAILED lib/report\\x1b]0;pwned\\x07\\u202etxt.txt: binary data, not text" in out
    assert main(["index", str(archive), "--index", str(tmp_path / "index2"), "--quiet",
                 "--json"]) == 1
    out = capsys.readouterr().out
    assert not ACTING_RE.search(out.replace("\n", ""))
    report = json.loads(out)
    assert [f["path"] for f in report["failed"]] == [f"lib/{name}"]
    assert report["langs"] == {"kk": 1} and report["added"] == 1
