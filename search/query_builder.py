"""Query words -> weighted index clauses, using the very analysis of index time.

A word becomes a ``WordPlan``: the clauses that can match it, each a field and
the terms (alternatives) to look up there:

* ``exact``   the normalized surface form in ``exact`` (exact forms rank above lemmas);
* ``lemma``   the word's terms under each language whose fields may hold it
              (``analysis.query_word_terms``), in ``body_<lang>``, and at a lower weight
              the language's spelling variants of them (``Language.query_variants``);
* ``title``   the same terms in ``title_<lang>`` (the title boost);
* ``fold``    the language's letter-folded keys in ``fold`` (Kazakh китапхана ->
              кітапхана; ``Language.query_fold_keys``), if indexed;
* ``stem``    short stem prefixes of the lemmas at a low weight (``Language.stem_prefixes``:
              a back-off for forms the lemmatizer does not know);
* ``names``   the word's spelling-independent name keys in ``names`` (``analysis.translit``:
              Пушкин finds Pushkin, Қабанбай finds Kabanbai), at a weight below exact forms.

A quoted word has only the ``exact`` clause; ``prefix*`` expands (bounded) in
``exact``; ``title:word`` keeps only the title clauses. Function words
(``analysis.is_stopword``, ``analysis.is_function_word``) are marked so ranking can
weigh them down. Nothing here names a language: each is asked what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from muragat.analysis import (
    INDEX_LANGS,
    OTHER,
    get_language,
    is_function_word,
    is_stopword,
    name_key,
    normalize_word,
    query_name_keys,
    query_word_terms,
    starting_letters,
    word_terms,
)
from muragat.store.query import Clause, Word, WordPlan
from muragat.store.schema import EXACT_FIELD, FOLD_FIELD, NAMES_FIELD, body_field, title_field

# Clause weights (tuned on the shared dev sets with ``muragat eval retrieval``).
WEIGHTS = {
    "exact": 0.5,
    "lemma": 1.0,
    "title": 0.6,
    "fold": 0.5,
    "stem": 0.5,
    "prefix": 1.0,
    "names": 0.3,
}
VARIANT_WEIGHT = 0.8  # a spelling variant's share of its clause's weight
STOPWORD_WEIGHT = 0.3
HEAD = 2  # highlighting lemmatizes only text words starting like a query form (2 letters)
STEM_FIELD = EXACT_FIELD  # stem prefixes are looked up among the surface forms


# ``Clause`` and ``WordPlan`` are the engine-neutral query model of store/ (re-exported here).


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
            [("title", title_field(lang)) for lang in INDEX_LANGS]
            if word.field == "title" else [("prefix", EXACT_FIELD)]
        )
        for kind, fld in kind_fields:
            if fld in fields:
                clauses.append(Clause(kind, fld, (form,), WEIGHTS["prefix"], prefix=True))
        return WordPlan(word, tuple(clauses), False)
    if word.quoted and word.field != "title":
        return WordPlan(word, (Clause("exact", EXACT_FIELD, (form,), WEIGHTS["exact"]),), stop)
    analyses = query_word_terms(word.text)
    stop = stop or is_function_word(analyses)
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
    for lang, terms in analyses.items():
        language = get_language(lang)
        variants = language.query_variants(form, terms)
        for kind, fld in (("lemma", body_field(lang)), ("title", title_field(lang))):
            if variants and fld in fields and (kind == "title" or word.field != "title"):
                clauses.append(Clause(kind, fld, variants, WEIGHTS[kind] * VARIANT_WEIGHT, lang))
        if word.field == "title":
            continue
        if FOLD_FIELD in fields and (folded := language.query_fold_keys(word.text)):
            clauses.append(Clause("fold", FOLD_FIELD, folded, WEIGHTS["fold"], lang))
        stems = language.stem_prefixes(terms)
        if stems and STEM_FIELD in fields and not stop:
            clauses.append(Clause("stem", STEM_FIELD, stems, WEIGHTS["stem"], lang, prefix=True))
    if word.field != "title" and NAMES_FIELD in fields and not stop:
        keys = query_name_keys(word.text, analyses)
        if keys:
            clauses.append(Clause("names", NAMES_FIELD, keys, WEIGHTS["names"]))
    return WordPlan(word, tuple(clauses), stop)


def highlight_forms(plans: list[WordPlan]) -> HighlightForms:
    """What a snippet highlights for these word plans."""
    exact: set[str] = set()
    lemmas: dict[str, set[str]] = {}
    prefixes: list[str] = []
    folded: set[str] = set()
    fold_langs: dict[str, None] = {}
    names: set[str] = set()
    for plan in plans:
        for c in plan.clauses:
            if c.kind == "stem":
                continue  # too loose to show as a match
            if c.kind == "names":
                names.update(c.terms)
                continue
            if c.prefix:
                prefixes.extend(c.terms)
            elif c.kind == "exact":
                exact.update(c.terms)
            elif c.kind == "fold":
                folded.update(c.terms)
                fold_langs[str(c.lang)] = None
            elif c.lang is not None:
                lemmas.setdefault(c.lang, set()).update(c.terms)
    heads = {t[:HEAD] for t in exact} | {t[:HEAD] for v in lemmas.values() for t in v}
    folded_lemmas: dict[str, frozenset[str]] = {}
    for lang, terms in lemmas.items():
        fold_keys = get_language(lang).fold_keys
        keys = frozenset(k for t in terms for k in fold_keys(t))
        if keys:
            # Text typed without the language's own letters (Kazakh китапхана, китапхананың for
            # кітапхана) starts differently from the query's forms, and its lemma may keep the
            # substitute letters: its folded start gets the lemma check, which also compares
            # folded lemmas.
            heads |= {k[:HEAD] for t in (*exact, *terms) for k in fold_keys(t)}
            folded_lemmas[lang] = keys
    return HighlightForms(frozenset(exact), {k: frozenset(v) for k, v in lemmas.items()},
                          tuple(prefixes), frozenset(folded), frozenset(heads),
                          frozenset(t[:HEAD] for t in folded), folded_lemmas, tuple(fold_langs),
                          frozenset(names), starting_letters(names))


@dataclass(frozen=True)
class HighlightForms:
    """Forms to mark in text: exact forms, lemmas per language, prefixes, folded forms."""

    exact: frozenset[str]
    lemmas: dict[str, frozenset[str]]
    prefixes: tuple[str, ...]
    folded: frozenset[str]
    heads: frozenset[str] = frozenset()  # first letters of the exact forms and lemmas
    folded_heads: frozenset[str] = frozenset()
    # Per language with fold keys: the query's lemmas in it, folded.
    folded_lemmas: dict[str, frozenset[str]] = field(default_factory=dict)
    fold_langs: tuple[str, ...] = ()  # the languages whose fold keys ``folded`` holds
    names: frozenset[str] = frozenset()  # name keys (a name written in another script)
    name_heads: frozenset[str] = frozenset()  # first letters of words that may have those keys

    def __bool__(self) -> bool:
        return bool(self.exact or self.lemmas or self.prefixes or self.folded or self.names)

    def matches(self, token: str, lang: str = OTHER) -> bool:
        """Whether a text token is one of the query's forms. ``lang``: the index language of
        its segment. The index holds a word's lemmas in its segment's language only, so when
        the query has lemmas in that language, only they are compared (one lemmatization
        per word, not one per language of the query); a word of an undetected segment
        (``OTHER``) or of a language the query has no lemmas in is compared in every
        language of the query."""
        form = normalize_word(token)
        if form in self.exact:
            return True
        if self.prefixes and any(form.startswith(p) for p in self.prefixes):
            return True
        # Inflection is (almost always) at the end of a word: only a token that starts like
        # one of the query's forms is worth lemmatizing.
        if form[:HEAD] in self.heads:
            own = lang != OTHER and lang in self.lemmas
            for code in (lang,) if own else self.lemmas:
                lemmas = self.lemmas.get(code)
                if lemmas and not lemmas.isdisjoint(word_terms(token, code)):
                    return True
            for code, keys in self.folded_lemmas.items():
                if own and code != lang:
                    continue
                fold_keys = get_language(code).fold_keys
                if any(k in keys for t in word_terms(token, code) for k in fold_keys(t)):
                    return True
        for code in self.fold_langs:
            for key in get_language(code).fold_keys(form):
                if key[:HEAD] in self.folded_heads and key in self.folded:
                    return True
        return bool(self.names) and name_key(form) in self.names
