"""Language-identification evaluation: accuracy per language x kind on a labelled TSV.

The file has a header with at least ``lang``, ``kind``, ``ambiguous_across_langs``
and ``text`` (tab-separated, no quoting). For kk, ru and en an item is right when
the detector returns its label; for any other language it is right when the
detector does NOT say kk, ru or en (the index languages), since calling Kyrgyz
"Kazakh" is the error that matters to Muragat.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

INDEX_LANGS = ("kk", "ru", "en")
OTHER_LANGS = ("uk", "be", "ky", "tt", "mn")

# The targets of issues 2 and 18: (languages, kinds, minimum accuracy); the first that
# names a cell is its target.
TARGETS: list[tuple[tuple[str, ...], tuple[str, ...], float]] = [
    (INDEX_LANGS, ("sentence", "question", "paragraph"), 0.99),
    (("kk",), ("word", "word_pair"), 0.96),
    (INDEX_LANGS, ("word", "word_pair"), 0.95),
    (OTHER_LANGS, ("sentence", "paragraph"), 0.95),
]


@dataclass(frozen=True)
class Item:
    """One labelled text."""

    lang: str
    kind: str
    ambiguous: bool
    text: str
    source: str = ""


@dataclass
class Cell:
    """Results for one language x kind."""

    lang: str
    kind: str
    n: int = 0
    correct: int = 0
    n_unambiguous: int = 0
    correct_unambiguous: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def accuracy_unambiguous(self) -> float:
        return self.correct_unambiguous / self.n_unambiguous if self.n_unambiguous else 0.0


def read_items(path: Path) -> list[Item]:
    """Read the labelled items of a language-ID TSV file."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Item(r["lang"], r["kind"], r.get("ambiguous_across_langs", "0") == "1", r["text"],
                 r.get("source") or "")
            for r in reader
        ]


def is_correct(label: str, predicted: str) -> bool:
    """Right answer for ``label``: the label itself for kk/ru/en, anything but kk/ru/en otherwise."""
    if label in INDEX_LANGS:
        return predicted == label
    return predicted not in INDEX_LANGS


def evaluate(items: Iterable[Item], detector: Callable[[str], str]) -> dict:
    """Run ``detector`` over ``items``; return cells, errors and timing."""
    cells: dict[tuple[str, str], Cell] = {}
    errors: list[tuple[Item, str]] = []
    n_items = 0
    start = time.perf_counter()
    for item in items:
        n_items += 1
        predicted = detector(item.text)
        ok = is_correct(item.lang, predicted)
        cell = cells.setdefault((item.lang, item.kind), Cell(item.lang, item.kind))
        cell.n += 1
        cell.correct += ok
        if not item.ambiguous:
            cell.n_unambiguous += 1
            cell.correct_unambiguous += ok
        if not ok:
            errors.append((item, predicted))
    seconds = time.perf_counter() - start
    return {"cells": cells, "errors": errors, "seconds": seconds, "items": n_items}


def target_for(lang: str, kind: str) -> float | None:
    """The target accuracy of a language x kind cell, or None when it has none."""
    for langs, kinds, minimum in TARGETS:
        if lang in langs and kind in kinds:
            return minimum
    return None


def misses(cells: dict[tuple[str, str], Cell]) -> list[Cell]:
    """Cells below their target (over all items, ambiguous ones included)."""
    return [
        c for c in cells.values() if (t := target_for(c.lang, c.kind)) is not None and c.accuracy < t
    ]


def langdetect_detector() -> Callable[[str], str] | None:
    """langdetect (seeded, so deterministic) as a baseline detector; None if not installed."""
    try:
        from langdetect import DetectorFactory, LangDetectException
        from langdetect import detect as ld_detect
    except ImportError:
        return None
    DetectorFactory.seed = 0

    def run(text: str) -> str:
        try:
            return ld_detect(text).split("-")[0]
        except LangDetectException:
            return "other"

    return run


def py3langid_detector() -> Callable[[str], str] | None:
    """py3langid alone over all its languages, as a baseline."""
    from muragat.analysis.langid import model

    return lambda text: model.identifier(None).classify(text)[0]


def lingua_detector() -> Callable[[str], str] | None:
    """lingua restricted to kk/ru/en (it can never say "other"); None unless installed."""
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_languages(
        Language.KAZAKH, Language.RUSSIAN, Language.ENGLISH
    ).build()

    def run(text: str) -> str:
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else "other"

    return run


# Baselines ``muragat eval langid --baselines`` can add, by name.
BASELINES: dict[str, Callable[[], Callable[[str], str] | None]] = {
    "langdetect": langdetect_detector,
    "py3langid": py3langid_detector,
    "lingua": lingua_detector,
}


_KIND_ORDER = ("word", "word_pair", "question", "sentence", "paragraph")


def rows(result: dict, baselines: dict[str, dict] | None = None) -> list[dict]:
    """Table rows (one per language x kind) for printing or JSON."""
    order = {lang: i for i, lang in enumerate(INDEX_LANGS + OTHER_LANGS)}
    out = []
    for key in sorted(
        result["cells"],
        key=lambda k: (order.get(k[0], 99), k[0], _KIND_ORDER.index(k[1]) if k[1] in _KIND_ORDER else 9),
    ):
        c = result["cells"][key]
        target = target_for(c.lang, c.kind)
        row = {
            "lang": c.lang,
            "kind": c.kind,
            "measure": "accuracy" if c.lang in INDEX_LANGS else "not kk/ru/en",
            "n": c.n,
            "score": round(c.accuracy, 4),
            "score_unambiguous": round(c.accuracy_unambiguous, 4),
            "target": target,
            "ok": None if target is None else c.accuracy >= target,
        }
        for name, baseline in (baselines or {}).items():
            b = baseline["cells"].get(key)
            row[name] = round(b.accuracy, 4) if b else None
        out.append(row)
    return out


def summary(result: dict) -> dict:
    """Overall figures of a run: items, time per item, cells below target."""
    return {
        "items": result["items"],
        "ms_per_item": round(1000 * result["seconds"] / max(result["items"], 1), 4),
        "below_target": [f"{c.lang}/{c.kind}" for c in misses(result["cells"])],
    }


def format_table(table: list[dict]) -> str:
    """Rows as an aligned plain-text table."""
    if not table:
        return "(no items)"
    cols = list(table[0])
    cells = [["" if r.get(c) is None else str(r.get(c)) for c in cols] for r in table]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)
