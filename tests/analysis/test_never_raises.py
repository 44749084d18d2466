"""Per-word analysis never raises: words from every Unicode plane and category, for every
language module of ``analysis/lang`` and for the language detector (issue 14)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import muragat.analysis.lang as lang_pkg
import pytest
import unicode_strategies as us
from hypothesis import HealthCheck, example, given, settings
from muragat.analysis import analyze_document, detect, exact_terms, normalize_text, tokenize
from muragat.analysis.lang import INDEX_LANGS, get_language, word_terms
from muragat.analysis.normalize import normalize_word, normalize_word_keeping_yo
from muragat.analysis.query import query_word_analyses, query_word_terms
from muragat.analysis.words import analyze_word

SETTINGS = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
# Every language package under analysis/lang, found on disk (a new one is tested too).
LANGS = sorted(m.name for m in pkgutil.iter_modules(lang_pkg.__path__) if m.ispkg)


def test_every_language_package_is_an_index_language():
    assert LANGS and set(LANGS) <= set(INDEX_LANGS)


def _is_terms(value) -> bool:
    return all(isinstance(t, str) for t in value)


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(word=us.word)
@example(word=us.TANGUT_WORD)
@example(word="")
@example(word="\ud800")
def test_language_module_never_raises(lang, word):
    module = get_language(lang)
    normalized = module.normalize(word)
    assert isinstance(normalized, str)
    if normalized:
        assert _is_terms(module.terms(normalized))
    assert _is_terms(module.fold_keys(normalized))
    assert _is_terms(module.query_fold_keys(word))
    if normalized:
        terms = tuple(module.terms(normalized))
        assert _is_terms(module.query_variants(normalized, terms))
        assert _is_terms(module.stem_prefixes(terms))
    for rule in (module.letters_allow, module.letters_agree, module.letters_prove,
                 module.proves_neighbour):
        assert isinstance(rule(word), bool)
    assert _is_terms(word_terms(word, lang))
    analysis = analyze_word(word, lang)
    assert isinstance(analysis.exact, str) and _is_terms(analysis.terms)


@SETTINGS
@given(word=us.word)
@example(word=us.TANGUT_WORD)
def test_generic_normalization_and_query_analysis_never_raise(word):
    assert isinstance(normalize_word(word), str)
    assert isinstance(normalize_word_keeping_yo(word), str)
    assert all(_is_terms(v) for v in query_word_analyses(word).values())
    assert all(_is_terms(v) for v in query_word_terms(word).values())


@SETTINGS
@given(text=us.text)
@example(text=f"Библиотека {us.TANGUT_WORD} кітапхана library")
def test_detection_and_document_analysis_never_raise(text):
    assert isinstance(detect(text), str)
    clean = normalize_text(text)
    assert normalize_text(clean) == clean
    doc = analyze_document(clean)
    assert doc.primary and all(isinstance(t.text, str) for t in doc.exact)
    assert [t.text for t in tokenize(clean)] == [t.text for t in tokenize(clean)]
    assert len(exact_terms(clean)) == len(list(tokenize(clean)))


def test_tangut_latin_word_indexes_itself_in_russian():
    # pymorphy3 cannot name the Tangut letter; the word then stands for itself.
    assert word_terms(us.TANGUT_WORD, "ru") == (us.TANGUT_WORD,)
    assert analyze_document(f"Текст со словом {us.TANGUT_WORD} внутри.", "ru").terms["ru"]


def test_lemmas_command_prints_terms_without_traceback():
    out = subprocess.run([sys.executable, "-P", "-m", "muragat", "lemmas", "--lang", "ru"],
                         input=f"{us.TANGUT_WORD}\nкниги\n", capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.splitlines() == [us.TANGUT_WORD, "книга"]
