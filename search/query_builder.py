"""Query words -> weighted index clauses, using the very analysis of index time.

A word becomes a ``WordPlan``: the clauses that can match it, each a field and
the terms (alternatives) to look up there:

* ``exact``   the normalized surface form in ``exact`` (exact forms rank above lemmas);
* ``lemma``   the word's terms under each plausible language, in ``body_<lang>``;
* ``title``   the same terms in ``title_<lang>`` (the title boost);
* ``fold``    the Kazakh letter-folded form in ``fold`` (китапхана -> кітапхана), if indexed;
* ``stem``    for Kazakh, a short stem prefix of the lemma at a low weight (back-off
              for forms the lemmatizer does not know).

A quoted word has only the ``exact`` clause; ``prefix*`` expands (bounded) in
``exact``; ``title:word`` keeps only the title clauses. Function words
(``search.stopwords``) are marked so ranking can weigh them down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from muragat.analysis import normalize_word, query_word_analyses, word_terms
from muragat.analysis.lang import get_language
from muragat.search.latin_fold import ascii_fold_keys
from muragat.search.stopwords import is_kk_function_lemma, is_stopword
from muragat.store.query import Clause, Word, WordPlan
from muragat.store.schema import EXACT_FIELD, FOLD_FIELD, body_field, title_field

# Clause weights (tuned on the shared dev sets with ``muragat eval retrieval``).
WEIGHTS = {
    "exact": 0.5,
    "lemma": 1.0,
    "title": 0.6,
    "fold": 0.5,
    "stem": 0.5,
    "prefix": 1.0,
}
STOPWORD_WEIGHT = 0.3
HEAD = 2  # highlighting lemmatizes only text words starting like a query form (2 letters)
KK_STEM_LETTERS = 5  # Kazakh stem back-off: this many first letters of the lemma
STEM_FIELD = EXACT_FIELD  # ... looked up among the surface forms


# ``Clause`` and ``WordPlan`` are the engine-neutral query model of store/ (re-exported here).


@lru_cache(maxsize=1)
def kk_fold() -> Callable[[str], str] | None:
    """``analysis.lang.kk.fold`` when the Kazakh module provides it."""
    try:
        from muragat.analysis.lang import kk
    except ImportError:
        return None
    return getattr(kk, "fold", None)


_SURNAME_MIN_BASE = 3
_AFTER_ULY = frozenset(("", "ның", "на", "ны", "нан", "нда", "мен", "ндағы"))  # case endings


def surname_variants(term: str) -> tuple[str, ...]:
    """The other official spelling of a Kazakh surname: Russian-style -ов/-ев and the
    patronymic -ұлы name the same person (Байтұрсынов = Байтұрсынұлы, Жұмабаев = Жұмабайұлы,
    Құнанбайұлы = Құнанбаев); a case ending left after -ұлы is dropped (Байтұрсынұлының)."""
    out: list[str] = []
    at = term.find("ұлы")
    if at >= _SURNAME_MIN_BASE and term[at + 3:] in _AFTER_ULY:
        base = term[:at]
        out += [base + "ұлы", base + "ов", base + "ев"]
        if base.endswith("й"):
            out.append(base[:-1] + "ев")
    elif term.endswith(("ов", "ев")) and len(term) - 2 >= _SURNAME_MIN_BASE + 1:
        base = term[:-2]
        out.append(base + "ұлы")
        if term.endswith("ев") and base[-1] in "аәеоөұүыіу":
            out.append(base + "йұлы")
    return tuple(v for v in dict.fromkeys(out) if v != term)


@lru_cache(maxsize=20_000)
def plan_word(word: Word, fields: frozenset[str]) -> WordPlan:
    """The clauses of one query word, for an index with ``fields`` (cached)."""
    form = normalize_word(word.text)
    stop = is_stopword(word.text)
    clauses: list[Clause] = []
    if not form:
        return WordPlan(word, (), stop)
    if word.prefix:
        kind_fields = (
            [("title", title_field(lang)) for lang in ("kk", "ru", "en", "other")]
            if word.field == "title" else [("prefix", EXACT_FIELD)]
        )
        for kind, fld in kind_fields:
            if fld in fields:
                clauses.append(Clause(kind, fld, (form,), WEIGHTS["prefix"], prefix=True))
        return WordPlan(word, tuple(clauses), False)
    if word.quoted and word.field != "title":
        return WordPlan(word, (Clause("exact", EXACT_FIELD, (form,), WEIGHTS["exact"]),), stop)
    analyses = dict(query_word_analyses(word.text))
    if not any(ch.isalpha() for ch in word.text):
        # A number (1465, 1985-1991) has no language of its own, but the documents index it
        # among the words of their text's language: look it up there as well.
        analyses = {lang: word_terms(word.text, lang) for lang in ("kk", "ru", "en")} | analyses
    stop = stop or is_kk_function_lemma(analyses.get("kk", ()))
    if "ru" not in analyses and any(ch.isascii() and ch.isalpha() for ch in word.text):
        # Latin names and terms inside Russian text are indexed in body_ru (Lindisfarne, IBM).
        analyses["ru"] = word_terms(word.text, "ru")
    if word.field != "title":
        clauses.append(Clause("exact", EXACT_FIELD, (form,), WEIGHTS["exact"]))
    for lang, terms in analyses.items():
        if not terms:
            continue
        body, title = body_field(lang), title_field(lang)
        if word.field != "title" and body in fields:
            clauses.append(Clause("lemma", body, tuple(terms), WEIGHTS["lemma"], lang))
        if title in fields:
            clauses.append(Clause("title", title, tuple(terms), WEIGHTS["title"], lang))
    if "kk" in analyses:
        # Plain-ASCII Kazakh (kitaphana): analyze its Russian-letter reading as Kazakh.
        translit = tuple(dict.fromkeys(
            t for key in ascii_fold_keys(form) for t in word_terms(key, "kk")
            if t not in analyses["kk"]))
        translit += tuple(v for t in analyses["kk"] for v in surname_variants(t)
                          if v not in analyses["kk"] and v not in translit)
        for kind, fld in (("lemma", body_field("kk")), ("title", title_field("kk"))):
            if translit and fld in fields and (kind == "title" or word.field != "title"):
                clauses.append(Clause(kind, fld, translit, WEIGHTS[kind] * 0.8, "kk"))
    if "kk" in analyses and word.field != "title":
        fold = kk_fold()
        # Only for words typed without the Kazakh letters (folding does not change them):
        # a word with its Kazakh letters is matched by ``exact`` and ``lemma`` already.
        if fold is not None and FOLD_FIELD in fields and fold(form) == form:
            kk_form = get_language("kk").normalize(word.text)
            folded = tuple(dict.fromkeys(
                f for f in (fold(form), fold(kk_form), *ascii_fold_keys(form)) if f))
            if folded:
                clauses.append(Clause("fold", FOLD_FIELD, folded, WEIGHTS["fold"], "kk"))
        stems = tuple(dict.fromkeys(
            t[:KK_STEM_LETTERS] for t in analyses["kk"] if len(t) > KK_STEM_LETTERS
        ))
        if stems and STEM_FIELD in fields and not stop:
            clauses.append(Clause("stem", STEM_FIELD, stems, WEIGHTS["stem"], "kk", prefix=True))
    return WordPlan(word, tuple(clauses), stop)


def highlight_forms(plans: list[WordPlan]) -> HighlightForms:
    """What a snippet highlights for these word plans."""
    exact: set[str] = set()
    lemmas: dict[str, set[str]] = {}
    prefixes: list[str] = []
    folded: set[str] = set()
    for plan in plans:
        for c in plan.clauses:
            if c.kind == "stem":
                continue  # too loose to show as a match
            if c.prefix:
                prefixes.extend(c.terms)
            elif c.kind == "exact":
                exact.update(c.terms)
            elif c.kind == "fold":
                folded.update(c.terms)
            elif c.lang is not None:
                lemmas.setdefault(c.lang, set()).update(c.terms)
    heads = {t[:HEAD] for t in exact} | {t[:HEAD] for v in lemmas.values() for t in v}
    fold = kk_fold()
    folded_lemmas: frozenset[str] = frozenset()
    if fold is not None and "kk" in lemmas:
        # Kazakh typed with Russian letters (китапхана, китапхананың for кітапхана) starts
        # differently from the query's forms, and its lemma may keep the Russian letters:
        # its folded start gets the lemma check, which also compares folded lemmas.
        heads |= {fold(t)[:HEAD] for t in (*exact, *lemmas["kk"])}
        folded_lemmas = frozenset(fold(t) for t in lemmas["kk"])
    return HighlightForms(frozenset(exact), {k: frozenset(v) for k, v in lemmas.items()},
                          tuple(prefixes), frozenset(folded), frozenset(heads),
                          frozenset(t[:HEAD] for t in folded), folded_lemmas)


@dataclass(frozen=True)
class HighlightForms:
    """Forms to mark in text: exact forms, lemmas per language, prefixes, folded forms."""

    exact: frozenset[str]
    lemmas: dict[str, frozenset[str]]
    prefixes: tuple[str, ...]
    folded: frozenset[str]
    heads: frozenset[str] = frozenset()  # first letters of the exact forms and lemmas
    folded_heads: frozenset[str] = frozenset()
    folded_lemmas: frozenset[str] = frozenset()  # Kazakh lemmas of the query, letter-folded

    def __bool__(self) -> bool:
        return bool(self.exact or self.lemmas or self.prefixes or self.folded)

    def matches(self, token: str, lang: str = "other") -> bool:
        """Whether a text token is one of the query's forms (``lang``: its segment's language,
        tried first)."""
        form = normalize_word(token)
        if form in self.exact:
            return True
        if self.prefixes and any(form.startswith(p) for p in self.prefixes):
            return True
        # Inflection is (almost always) at the end of a word: only a token that starts like
        # one of the query's forms is worth lemmatizing.
        if form[:HEAD] in self.heads:
            for code in (lang, *self.lemmas):
                lemmas = self.lemmas.get(code)
                if lemmas and not lemmas.isdisjoint(word_terms(token, code)):
                    return True
            if self.folded_lemmas:
                fold = kk_fold()
                if fold is not None and any(fold(t) in self.folded_lemmas
                                            for t in word_terms(token, "kk")):
                    return True
        if self.folded:
            fold = kk_fold()
            if fold is not None:
                key = fold(form)
                if key[:HEAD] in self.folded_heads and key in self.folded:
                    return True
        return False
