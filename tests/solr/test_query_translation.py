"""The query model as Solr queries: match semantics of the embedded executor, no re-analysis."""

from __future__ import annotations

from muragat.store.query import And, Clause, Filter, Not, Or, Phrase, Word, WordPlan
from muragat.store.solr.query import NOTHING, Planner, escape, translate


def _planner(stop=()):
    def plan(w: Word) -> WordPlan:
        clauses = (Clause("exact", "exact", (w.text,), 0.5),
                   Clause("lemma", "body_kk", (w.text + "x", w.text + "y"), 1.0, "kk"),
                   Clause("stem", "exact", (w.text[:2],), 0.5, "kk", prefix=True))
        return WordPlan(w, clauses, w.text in stop)

    return Planner(plan=plan, terms=lambda c: c.terms if not c.prefix else (c.terms[0] + "1",),
                   phrase=lambda p: [("exact", list(p.words))], stopword_weight=0.3,
                   alt_weight=0.3)


def test_escape_keeps_letters_and_escapes_syntax():
    assert escape("кітап") == "кітап"
    assert escape("1985-1991") == "1985\\-1991"
    assert escape("c++:x") == "c\\+\\+\\:x"


def test_word_is_best_alternative_per_clause_and_stem_only_in_any_words():
    sq = translate(Word("ab"), _planner(), any_words=False)
    params = " | ".join(sq.params.values())
    assert "body_kk:abx^1 body_kk:aby^0.3" in params
    assert "exact:a" not in params.replace("exact:ab", "")  # no stem clause
    sq_any = translate(Word("ab"), _planner(), any_words=True)
    assert any(v == "exact:ab1^0.5" for v in sq_any.params.values())


def test_and_requires_content_words_and_keeps_stopwords_optional():
    sq = translate(And((Word("ab"), Word("the"), Filter("year", (2019, None)),
                        Not(Word("cd")))), _planner(stop=("the",)), any_words=False)
    q = sq.q
    assert q.startswith("(+(") and "+filter(year:[2019 TO *])" in q and " -(" in q
    assert q.count("+(") == 1  # only "ab" is required


def test_any_words_makes_words_optional_but_keeps_filters():
    sq = translate(And((Word("ab"), Word("cd"), Filter("lang", "kk"))), _planner(), True)
    assert sq.q.startswith("(+((") and '+filter(langs:("kk"))' in sq.q


def test_phrase_needs_its_words_and_positions_and_loosens_in_any_words():
    sq = translate(Phrase(("ab", "cd")), _planner(), any_words=False)
    assert "exact:\"ab cd\"" in sq.params.values() and sq.phrases
    loose = translate(Phrase(("ab", "cd")), _planner(), any_words=True)
    assert not loose.phrases


def test_or_not_and_words_without_terms():
    none = Planner(plan=lambda w: WordPlan(w, ()), terms=lambda c: c.terms,
                   phrase=lambda p: [], stopword_weight=0.3, alt_weight=0.3)
    assert translate(Word("zz"), none, False).q == NOTHING
    assert translate(Or((Word("ab"), Word("cd"))), _planner(), False).q.startswith("((")
    assert translate(Not(Word("ab")), _planner(), False).q.startswith("filter(*:* -(")
