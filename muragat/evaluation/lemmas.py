"""Lemma evaluation against CoNLL-U gold: how often a word's index terms hit its gold lemma.

For every token (multiword ranges and empty nodes skipped, punctuation excluded) the word's
terms come from ``analysis.lang.word_terms(form, lang)``, whatever lemmatizer stands behind it.

* ``first``: the first term equals the gold lemma; ``any``: the gold lemma is among the terms.
  Both for all tokens and for content words (UPOS NOUN PROPN VERB ADJ ADV).
* ``terms_per_word``: the mean number of terms per token.
* Conflation (word types): two forms are conflated when they share a term, and should be
  exactly when they share a gold lemma. Precision = conflated pairs that share a gold lemma /
  conflated pairs; recall = gold pairs that are conflated / gold pairs.

Comparison is case-insensitive with ё = е.

With ``folds=K`` each slice is also scored per fold of sentence blocks
(``evaluation.folds.sentence_fold``) and reported as the mean and lowest over the folds.
No lemmatizer parameter is chosen on this gold, so there is nothing to re-tune per fold: the
spread over the folds shows how much a figure depends on which sentences it is measured on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_UPOS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
PUNCT_UPOS = frozenset({"PUNCT", "SYM"})

TermsFn = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class GoldToken:
    """One word of the gold standard."""

    form: str
    lemma: str
    upos: str


@dataclass
class Score:
    """Counts for one slice of tokens (all, or content words)."""

    tokens: int = 0
    first: int = 0
    any: int = 0
    terms: int = 0

    def add(self, hit_first: bool, hit_any: bool, n_terms: int) -> None:
        """Count one token."""
        self.tokens += 1
        self.first += hit_first
        self.any += hit_any
        self.terms += n_terms

    def rates(self) -> dict[str, float | int]:
        """The slice as rates (first, any, terms per word) with its token count."""
        n = self.tokens or 1
        return {"tokens": self.tokens, "first": self.first / n, "any": self.any / n,
                "terms_per_word": self.terms / n}


@dataclass
class LemmaReport:
    """The result of one evaluation run."""

    lang: str
    files: list[str]
    all: Score = field(default_factory=Score)
    content: Score = field(default_factory=Score)
    per_file: dict[str, Score] = field(default_factory=dict)
    per_fold: list[Score] = field(default_factory=list)
    conflation: dict[str, float | int] | None = None
    errors: list[tuple[str, str, list[str], str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        """A JSON-ready summary (errors left out)."""
        out = {"lang": self.lang, "files": self.files, "all": self.all.rates(),
               "content": self.content.rates()}
        if len(self.per_file) > 1:
            out["per_file"] = {name: s.rates() for name, s in self.per_file.items()}
        if self.per_fold:
            out["folds"] = fold_summary(self.per_fold)
        if self.conflation is not None:
            out["conflation"] = self.conflation
        return out


def fold_case(text: str) -> str:
    """Comparison key: lowercase, ё = е."""
    return text.lower().replace("ё", "е")


def is_punctuation(token: GoldToken) -> bool:
    """Punctuation is excluded: UPOS PUNCT/SYM, or a form with no letter or digit."""
    return token.upos in PUNCT_UPOS or not any(ch.isalnum() for ch in token.form)


def read_conllu(path: str | Path) -> Iterator[GoldToken]:
    """Yield the syntactic words of a CoNLL-U file (multiword ranges and empty nodes skipped)."""
    for _sentence, token in read_conllu_sentences(path):
        yield token


def read_conllu_sentences(path: str | Path) -> Iterator[tuple[int, GoldToken]]:
    """Yield ``(sentence index from 0, word)`` for the syntactic words of a CoNLL-U file."""
    sentence, in_sentence = 0, False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                if in_sentence:
                    sentence, in_sentence = sentence + 1, False
                continue
            if line.startswith("#"):
                continue
            in_sentence = True
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[0].isdigit():
                continue  # "3-4" multiword range or "5.1" empty node
            yield sentence, GoldToken(form=cols[1], lemma=cols[2], upos=cols[3])


def fold_summary(per_fold: list[Score]) -> dict[str, float | int]:
    """Mean and lowest first/any over the folds, and the mean terms per word."""
    rates = [s.rates() for s in per_fold if s.tokens]
    out: dict[str, float | int] = {"folds": len(per_fold)}
    for key in ("first", "any", "terms_per_word"):
        values = [float(r[key]) for r in rates]
        out[f"{key}_mean"] = sum(values) / len(values) if values else 0.0
        if key != "terms_per_word":
            out[f"{key}_min"] = min(values) if values else 0.0
    return out


def conflation_scores(type_lemmas: dict[str, set[str]],
                      type_terms: dict[str, set[str]]) -> dict[str, float | int]:
    """Pairwise precision/recall of "shares a term" against "shares a gold lemma" over types."""
    def pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
        by_key: dict[str, list[str]] = defaultdict(list)
        for word, keys in groups.items():
            for key in keys:
                by_key[key].append(word)
        out: set[tuple[str, str]] = set()
        for members in by_key.values():
            members = sorted(set(members))
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    out.add((a, b))
        return out

    gold = pairs(type_lemmas)
    predicted = pairs(type_terms)
    both = len(gold & predicted)
    return {"types": len(type_lemmas), "gold_pairs": len(gold), "predicted_pairs": len(predicted),
            "precision": both / len(predicted) if predicted else 1.0,
            "recall": both / len(gold) if gold else 1.0}


def evaluate_lemmas(paths: Iterable[str | Path], lang: str, terms_fn: TermsFn | None = None,
                    conflation: bool | None = None, keep_errors: bool = False,
                    folds: int = 0) -> LemmaReport:
    """Score ``terms_fn`` (default: ``analysis.lang.word_terms`` for ``lang``) on gold files.

    ``conflation`` defaults to on for Kazakh. With ``keep_errors`` the report lists
    ``(form, gold, terms, upos)`` for every token whose first term misses. With ``folds``
    (2 or more) every token is also counted in its sentence block's fold (``per_fold``).
    """
    from muragat.evaluation.folds import check_folds, sentence_fold

    if folds:
        check_folds(folds)
    if terms_fn is None:
        from muragat.analysis.lang import word_terms

        def terms_fn(form: str) -> tuple[str, ...]:
            return word_terms(form, lang)

    paths = [str(p) for p in paths]
    report = LemmaReport(lang=lang, files=paths, per_fold=[Score() for _ in range(folds)])
    type_lemmas: dict[str, set[str]] = defaultdict(set)
    type_terms: dict[str, set[str]] = {}
    for path in paths:
        file_score = report.per_file.setdefault(Path(path).name, Score())
        for sentence, tok in read_conllu_sentences(path):
            if is_punctuation(tok):
                continue
            gold = fold_case(tok.lemma)
            terms = [fold_case(t) for t in terms_fn(tok.form)]
            hit_first = bool(terms) and terms[0] == gold
            hit_any = gold in terms
            report.all.add(hit_first, hit_any, len(terms))
            file_score.add(hit_first, hit_any, len(terms))
            if folds:
                report.per_fold[sentence_fold(sentence, folds)].add(hit_first, hit_any, len(terms))
            if tok.upos in CONTENT_UPOS:
                report.content.add(hit_first, hit_any, len(terms))
            if keep_errors and not hit_first:
                report.errors.append((tok.form, gold, terms, tok.upos))
            key = fold_case(tok.form)
            type_lemmas[key].add(gold)
            type_terms.setdefault(key, set(terms))
    if conflation if conflation is not None else lang == "kk":
        report.conflation = conflation_scores(type_lemmas, type_terms)
    return report


def format_report(report: LemmaReport) -> str:
    """The report as a small text table."""
    lines = [f"lemmas [{report.lang}] {', '.join(Path(p).name for p in report.files)}",
             f"{'slice':<10}{'tokens':>8}{'first':>8}{'any':>8}{'terms/word':>12}"]
    for name, score in (("all", report.all), ("content", report.content)):
        r = score.rates()
        lines.append(f"{name:<10}{r['tokens']:>8}{r['first']:>8.3f}{r['any']:>8.3f}"
                     f"{r['terms_per_word']:>12.2f}")
    if len(report.per_file) > 1:
        for name, score in report.per_file.items():
            r = score.rates()
            lines.append(f"  {name}: {r['tokens']} tokens, first {r['first']:.3f}, "
                         f"any {r['any']:.3f}, terms/word {r['terms_per_word']:.2f}")
    if report.per_fold:
        f = fold_summary(report.per_fold)
        lines.append(f"{f['folds']} folds of sentence blocks (all tokens): first mean "
                     f"{f['first_mean']:.3f} (lowest {f['first_min']:.3f}), any mean "
                     f"{f['any_mean']:.3f} (lowest {f['any_min']:.3f}), terms/word mean "
                     f"{f['terms_per_word_mean']:.2f}; single split: first "
                     f"{report.all.rates()['first']:.3f}, any {report.all.rates()['any']:.3f}")
        for k, score in enumerate(report.per_fold):
            r = score.rates()
            lines.append(f"  fold {k}: {r['tokens']} tokens, first {r['first']:.3f}, "
                         f"any {r['any']:.3f}, terms/word {r['terms_per_word']:.2f}")
    if report.conflation is not None:
        c = report.conflation
        lines.append(f"conflation over {c['types']} word types: precision {c['precision']:.3f}, "
                     f"recall {c['recall']:.3f} ({c['predicted_pairs']} predicted pairs, "
                     f"{c['gold_pairs']} gold pairs)")
    return "\n".join(lines)
