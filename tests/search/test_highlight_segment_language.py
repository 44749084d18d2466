"""A word is highlighted by its lemma in its own segment's language, as the index holds it.

The index keeps a word's lemmas in the field of its segment's language only, so a snippet
compares a word's lemmas in that language alone when the query has lemmas in it (one
lemmatization per word instead of one per language of the query). These tests compare the
highlighter with the index's own analysis of mixed-language text, word by word.
"""

from __future__ import annotations

import pytest
from muragat.analysis import OTHER, analyze_document, field_lang, normalize_word
from muragat.search import query_builder
from muragat.search.query_builder import HEAD, HighlightForms, highlight_forms, plan_word
from muragat.search.query_parser import parse, positive_words
from muragat.search.snippets import MatchMemo, find_matches

FIELDS = frozenset({"exact", "fold", "names", "body_kk", "title_kk", "body_ru", "title_ru",
                    "body_en", "title_en", "body_other"})

MIXED = (
    "Облыстық кітапханада жаңа оқу залы ашылды. Кітапхананың қорында мыңдаған кітап бар, "
    "оқырмандар залда кешке дейін отырады.\n\n"
    "В областной библиотеке открылся новый читальный зал. Библиотекари провели встречу "
    "с читателями и показали новые книги.\n\n"
    "The regional library opened a new reading room. Librarians met readers and showed "
    "them the new books in the hall.\n"
)
QUERIES = ["кітапхана залы", "библиотека зал читатель", "library reading rooms",
           "кітап книга books", "новый жаңа new", "оқырман читатели readers"]


def _forms(q: str):
    return highlight_forms([plan_word(w, FIELDS) for w in positive_words(parse(q).node)])


def _index_words(text: str):
    """``(start, end, surface, index language, lemma terms)`` of each word as indexed."""
    doc = analyze_document(text)
    out = []
    for run in doc.runs:
        for _pos, start, end, analysis in doc._words(run):
            out.append((start, end, text[start:end], field_lang(run.lang), set(analysis[1])))
    return doc, out


@pytest.mark.parametrize("q", QUERIES)
def test_lemma_highlights_agree_with_the_index(q):
    """Every word whose lemma in its segment's language is one of the query's lemmas in
    that language is marked; a marked word is one the index matches (exact form, lemma in
    its segment's language, folded form or name key)."""
    doc, words = _index_words(MIXED)
    segments = [(s.start, s.end, s.lang) for s in doc.segments]
    forms = _forms(q)
    marked = {(s, e) for s, e, _ in find_matches(MIXED, segments, MatchMemo(forms))}
    for start, end, surface, lang, lemmas in words:
        query_lemmas = forms.lemmas.get(lang, frozenset())
        by_lemma = bool(lemmas & query_lemmas)
        if by_lemma and normalize_word(surface)[:HEAD] in forms.heads:
            assert (start, end) in marked, (q, surface, lang)
        if (start, end) in marked and lang != OTHER and lang in forms.lemmas:
            exact = normalize_word(surface) in forms.exact
            other = forms.matches(surface, OTHER)  # folded forms and names need no language
            assert by_lemma or exact or other, (q, surface, lang)


def test_only_the_segment_language_is_lemmatized(monkeypatch):
    """With lemmas in the segment's language, a word is lemmatized in it alone; in an
    undetected segment, in every language of the query."""
    forms = _forms("кітапханалар библиотеки libraries")
    assert {"kk", "ru", "en"} <= set(forms.lemmas)
    calls: list[str] = []
    real = query_builder.word_terms

    def recording(word: str, lang: str):
        calls.append(lang)
        return real(word, lang)

    monkeypatch.setattr(query_builder, "word_terms", recording)
    assert forms.matches("кітапханада", "kk")
    assert set(calls) == {"kk"}
    calls.clear()
    forms.matches("библиотекарь", "ru")
    assert set(calls) == {"ru"}
    calls.clear()
    forms.matches("библиотекарь", OTHER)
    assert set(calls) >= {"kk", "ru", "en"}


def test_a_segment_language_without_query_lemmas_compares_all():
    """A word in a segment of a language the query has no lemmas in is compared in every
    language of the query (a Russian word inside a Kazakh paragraph still matches)."""
    forms = HighlightForms(exact=frozenset(), lemmas={"ru": frozenset({"библиотека"})},
                           prefixes=(), folded=frozenset(), heads=frozenset({"би"}))
    assert forms.matches("библиотеками", "kk")
    assert forms.matches("библиотеками", OTHER)
    assert forms.matches("библиотеками", "ru")
    assert not forms.matches("библиотекарь", "ru")
