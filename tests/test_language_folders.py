"""A language is a folder (issue 15): search/ names no language, letter sets are defined once,
and a new folder under analysis/lang is indexed and searched without touching search/."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from muragat.analysis.alphabets import KAZAKH_LATIN, KAZAKH_LETTERS, both_cases, is_cyrillic
from muragat.analysis.lang import ANALYZED_LANGS

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("analysis", "store", "indexer", "search", "web", "muragat")


def _strings(path: Path) -> list[tuple[int, str]]:
    """``(line, value)`` of every string constant of a module but its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (REPO / folder).rglob("*.py"))


def test_the_scanner_sees_codes_and_letters_but_not_docstrings(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('"""кітап kk"""\nLANG = "kk"\nLETTERS = "[әғқң]"\n', encoding="utf-8")
    assert _strings(probe) == [(2, "kk"), (3, "[әғқң]")]


# search/ may name the fallback field ("other") but no language and no letter of one.
def test_search_names_no_language_code_or_letter():
    kazakh_latin = both_cases(KAZAKH_LATIN)
    found = []
    for path in _sources("search"):
        for line, value in _strings(path):
            if value in ANALYZED_LANGS or any(is_cyrillic(ch) or ch in kazakh_latin for ch in value):
                found.append(f"{path.relative_to(REPO)}:{line}: {value!r}")
    assert not found, "language knowledge in search/ (ask analysis.lang instead):\n" + "\n".join(found)


def _letter_set(value: str) -> bool:
    """A string that spells out letters of the Kazakh alphabet: letters only (regex class
    brackets and ranges aside), none twice, at least three of Kazakh's own."""
    letters = value.strip("[]^").replace("-", "").replace("\\", "")
    kazakh = both_cases(KAZAKH_LETTERS)
    return (len(letters) >= 4 and letters.isalpha() and len(set(letters)) == len(letters)
            and sum(ch in kazakh for ch in letters) >= 3)


# The Kazakh folder spells out its own inflection tables (suffixes, vowels for harmony).
LETTER_SETS_AT_HOME = (REPO / "analysis" / "alphabets.py", REPO / "analysis" / "lang" / "kk")


def test_the_letter_sets_are_spelled_out_in_analysis_alphabets_only():
    assert _letter_set("әғқңөұүһі") and _letter_set("[әғқңӘҒҚҢ]") and not _letter_set("кітапхана")
    found = []
    for path in _sources(*PACKAGES):
        if path == LETTER_SETS_AT_HOME[0] or LETTER_SETS_AT_HOME[1] in path.parents:
            continue
        for line, value in _strings(path):
            if _letter_set(value) or ("\u0400" in value and ("\u04ff" in value or "\u052f" in value)):
                found.append(f"{path.relative_to(REPO)}:{line}: {value!r}")
    assert not found, "letter sets outside analysis/alphabets.py:\n" + "\n".join(found)


# A made-up language "zz": Latin letters with its own ŧ (text typed without it writes t),
# plural -ŧi, the function word ŧe.
FAKE_LANGUAGE = '''
"""A made-up language for the test: Latin letters and ŧ, plural -ŧi."""
from muragat.analysis.normalize import normalize_word

code = "zz"
scripts = ("latin",)
own_letters = frozenset("ŧŦ")
stopwords = frozenset({"ŧe"})


def letters_agree(chunk):
    return "ŧ" in chunk.lower()


letters_allow = letters_agree


def normalize(word):
    return normalize_word(word)


def terms(word):
    return [word[:-2]] if word.endswith("ŧi") and len(word) > 3 else [word]


def fold_keys(word):
    return (word.replace("ŧ", "t"),) if "ŧ" in word else ()


def query_fold_keys(word):
    form = normalize_word(word)
    return (form,) if form and "ŧ" not in form else ()
'''

PROBE = '''
import json, sys
from pathlib import Path
from muragat.analysis import analyze_document, INDEX_LANGS, is_stopword
from muragat.indexer import index_documents
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.search.query_builder import plan_word
from muragat.search.query_parser import Word
from muragat.store.schema import build_schema
import muragat.search

text = "Ŧe vaŧoŧi ŧuru laŧa moro kesi. Ŧe kaŧari vaŧoŧi nure ŧoma sela, moro kesi ŧuru."
doc = analyze_document(text, "zz")
out = {"search_dir": str(Path(muragat.search.__file__).parent),
       "langs": list(INDEX_LANGS), "fields": sorted(build_schema().names()),
       "segments": [s.lang for s in doc.segments],
       "zz_terms": sorted({t.text for t in doc.terms["zz"]}),
       "fold": sorted({t.text for t in doc.fold}),
       "stop": is_stopword("Ŧe")}
index = Path(sys.argv[1])
index_documents([Document(id="zz-doc", title="Vaŧoŧi", text=text, lang="zz"),
                 Document(id="en-doc", title="Library news",
                          text="The library opened a reading room for young readers.",
                          lang="en")], index, rebuild=True)
engine = SearchEngine(index)
for q in ("vaŧo", "vatoti", "library"):
    resp = engine.search(SearchRequest(q=q, snippets=False, correct=False))
    out[q] = [h.id for h in resp.hits]
out["plan"] = sorted({(c.kind, c.field) for c in plan_word(Word("vaŧo"), frozenset(out["fields"])).clauses})
out["plan_plain"] = sorted({(c.kind, c.field) for c in plan_word(Word("vatoti"), frozenset(out["fields"])).clauses})
print(json.dumps(out))
'''


@pytest.mark.slow
def test_a_fourth_language_folder_is_indexed_and_searched(tmp_path):
    # The installed layout in a temporary directory: the repository's folders, unchanged,
    # plus one new folder analysis/lang/zz.
    site = tmp_path / "site"
    for folder, target in {"muragat": "muragat", "analysis": "muragat/analysis",
                           "store": "muragat/store", "indexer": "muragat/indexer",
                           "search": "muragat/search"}.items():
        shutil.copytree(REPO / folder, site / target, ignore=shutil.ignore_patterns("__pycache__"))
    (site / "muragat/analysis/lang/zz").mkdir()
    (site / "muragat/analysis/lang/zz/__init__.py").write_text(textwrap.dedent(FAKE_LANGUAGE),
                                                                encoding="utf-8")
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-P", str(probe), str(tmp_path / "index")],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin",
                               "HOME": str(Path.home())})
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # search/ is the repository's, byte for byte.
    assert out["search_dir"] == str(site / "muragat/search")
    for path in (REPO / "search").glob("*.py"):
        assert (site / "muragat/search" / path.name).read_bytes() == path.read_bytes()
    # Index side: a language with its own fields, segment language, terms and fold keys.
    assert out["langs"][-2:] == ["zz", "other"]
    assert {"body_zz", "title_zz"} <= set(out["fields"])
    assert out["segments"] == ["zz"]
    assert "vaŧo" in out["zz_terms"] and "vaŧoŧi" not in out["zz_terms"]
    assert "vatoti" in out["fold"]
    # Query side: its stop word, its lemma clause, its fold keys.
    assert out["stop"] is True
    assert ["lemma", "body_zz"] in out["plan"] and ["title", "title_zz"] in out["plan"]
    assert ["fold", "fold"] in out["plan_plain"]
    assert out["vaŧo"] == ["zz-doc"]  # only the zz lemma of vaŧoŧi matches the singular
    assert out["vatoti"] == ["zz-doc"]  # typed without ŧ: the fold key
    assert out["library"] == ["en-doc"]
