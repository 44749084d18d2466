"""Snippets: matched forms marked, HTML escaped, no word or tag cut."""

from __future__ import annotations

import html
import re

from muragat.analysis import tokenize
from muragat.search.models import SearchRequest
from muragat.search.query_builder import HighlightForms
from muragat.search.snippets import ELLIPSIS, MatchMemo, highlight_segments, snippet

MARK_RE = re.compile(r"<mark>(.*?)</mark>")


def hit_snippet(engine, q, doc_id, **kw):
    resp = engine.search(SearchRequest(q=q, size=20, **kw))
    return next(h.snippet for h in resp.hits if h.id == doc_id)


def test_every_matched_form_is_marked(engine):
    snip = hit_snippet(engine, "кітапхана", "kk-lib-2021")
    marked = {m.lower() for m in MARK_RE.findall(snip)}
    assert {"кітапхананың", "кітапханаға"} <= marked


def test_russian_forms_marked(engine):
    marked = {m.lower() for m in MARK_RE.findall(hit_snippet(engine, "библиотека", "ru-lib-2020"))}
    assert {"библиотеки", "библиотеками"} <= marked


def test_html_is_escaped(engine):
    snip = hit_snippet(engine, "alert markup", "en-escape")
    assert "<script>" not in snip
    assert "&lt;script&gt;" in snip
    assert "&amp;amp;" in snip  # the text's literal "&amp;" shown as text
    without_marks = MARK_RE.sub(r"\1", snip)
    assert "<" not in without_marks and ">" not in without_marks


def test_snippet_never_cuts_a_word():
    text = ("Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
            "pi rho sigma tau upsilon phi chi psi omega. ") * 6 + "The word library appears once."
    forms = HighlightForms(frozenset({"library"}), {}, (), frozenset())
    snip = snippet(text, [[0, len(text), "en"]], MatchMemo(forms), width=80)
    assert "<mark>library</mark>" in snip
    words = {t.text for t in tokenize(text)}
    plain = html.unescape(MARK_RE.sub(r"\1", snip))
    for part in plain.split(ELLIPSIS):
        for tok in tokenize(part):
            assert tok.text in words, tok.text


def test_snippet_without_match_is_the_start():
    forms = HighlightForms(frozenset({"zzz"}), {}, (), frozenset())
    snip = snippet("Short <b>text</b> here.", [], MatchMemo(forms))
    assert snip == "Short &lt;b&gt;text&lt;/b&gt; here."


def test_document_view_highlights_segments(engine):
    view = engine.document("mixed-2022", "библиотека library")
    assert view is not None
    joined = " ".join(h for _, h in view.html_segments)
    assert "<mark>библиотеке</mark>" in joined and "<mark>library</mark>" in joined
    assert html.unescape(MARK_RE.sub(r"\1", "".join(h for _, h in view.html_segments))) == view.body
    assert {lang for lang, _ in view.html_segments} >= {"kk", "ru", "en"}


def test_highlight_segments_cover_text_without_query():
    text = "One <two> & three"
    parts = highlight_segments(text, [[0, len(text), "en"]], None)
    assert parts == [("en", "One &lt;two&gt; &amp; three")]
