"""Names across scripts (issue 17): a name written in one script in a document, searched in another.

The set (``data/names.tsv``, written for Muragat) holds people, places and institutions of
Kazakhstan and its neighbours; each row is one document (Russian, Kazakh or English, in
Cyrillic or Latin letters) and one query naming it in another script or romanization
(Pushkin for Пушкина, Абай Құнанбайұлы for Abai Kunanbaiuly, Jezqazg'an for Жезқазған). All
documents are indexed together (each is a distractor for the others) and every query is
searched as a reader types it (all words required); a name is found when its document is
among the first three results.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from muragat.indexer.document import Document

NAMES_FILE = Path(__file__).with_name("data") / "names.tsv"
TOP = 3
TARGET = 0.90  # share of names found in the top 3


@dataclass(frozen=True)
class NameCase:
    """One row: a document naming someone or something, and a query in another script."""

    id: str
    kind: str  # person, place, institution
    lang: str
    text: str
    query: str


@dataclass
class NamesResult:
    """How many names were found in the top 3, and the reciprocal ranks (cut at 10)."""

    total: int
    found: int
    mrr10: float
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of the names found in the top 3."""
        return self.found / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"set": "names", "names": self.total, "found_top3": self.found,
                "rate_top3": round(self.rate, 4), "mrr10": round(self.mrr10, 4),
                "target_rate": TARGET, "passed": self.rate >= TARGET, "misses": self.misses}


def read_cases(path: Path = NAMES_FILE) -> list[NameCase]:
    """The rows of the names file (comment lines start with #)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [NameCase(r["id"], r["kind"], r["lang"], r["text"], r["query"])
            for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def evaluate_names(cases: list[NameCase] | None = None, work_dir: Path | None = None) -> NamesResult:
    """Index the documents of ``cases`` and search each query; count top-3 finds."""
    from muragat.indexer import index_documents
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest

    cases = read_cases() if cases is None else cases
    docs = [Document(id=c.id, text=c.text, lang=c.lang) for c in cases]
    found, rr_total, misses = 0, 0.0, []
    with tempfile.TemporaryDirectory(prefix="muragat-names-", dir=work_dir) as tmp:
        index_documents(docs, Path(tmp) / "index", rebuild=True)
        engine = SearchEngine(Path(tmp) / "index")
        try:
            for case in cases:
                resp = engine.search(SearchRequest(q=case.query, size=10, snippets=False,
                                                   facets=False, correct=False))
                ranked = [h.id for h in resp.hits]
                rank = ranked.index(case.id) + 1 if case.id in ranked else None
                if rank is not None and rank <= TOP:
                    found += 1
                else:
                    misses.append({"id": case.id, "query": case.query, "rank": rank,
                                   "top": ranked[:TOP]})
                rr_total += 1.0 / rank if rank else 0.0
        finally:
            engine.close()
    return NamesResult(len(cases), found, rr_total / max(len(cases), 1), misses)
