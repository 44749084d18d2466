"""The index schema: which fields a document has and how each is analyzed."""

from __future__ import annotations

import hashlib
from typing import Any

from muragat.analysis import INDEX_LANGS
from muragat.store.analyzers import PreAnalyzed
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

# Bumped when the schema or the analysis changes in a way that needs a rebuild.
# 4: the ``idkey`` column (the last tie-breaker of every sort); 5: the ``datekey`` column;
# 6: both together (indexes of either branch's 4/5 lack one of them); 7: the ``names`` field
# (name keys across scripts, issue 17); 8: English numbers grouped by commas also index
# without them (1,250,000 -> 1250000); 9: a listed Kazakh noun + -лы/-ды/-ты also indexes
# the noun (кітапты -> кітапты, кітап); 10: English regular forms take the modern verb where
# simplemma's dictionary gave an obsolete spelling (playing -> play, not playe), and a form it
# keeps also indexes its verb (trading -> trading, trade); lemminflect's lemma first where
# simplemma's is none of its (unpaid -> unpaid, unpay); 11: Kazakh word-list entries that are
# possessive or conditional forms by the list's own evidence are read as forms (көзі -> көз);
# 12: language ID reads Kazakh typed with Russian letters by a learned column and Tatar by its
# vowel shift, so a segment without Kazakh letters may change language (and lemma field).
SCHEMA_VERSION = 12

# Field names: every package takes them from here (search/, indexer/, web/ never spell them).
ID_FIELD = "id"
EXACT_FIELD = "exact"  # normalized surface forms of title + body, with positions
FOLD_FIELD = "fold"  # letter-folded forms of title + body, no positions
NAMES_FIELD = "names"  # name keys of title + body (``analysis.translit``), no positions
BODY_PREFIX = "body_"
TITLE_PREFIX = "title_"


def body_field(lang: str) -> str:
    """The lemma field of ``lang``'s body text (``body_kk``)."""
    return BODY_PREFIX + lang


def title_field(lang: str) -> str:
    """The lemma field of ``lang``'s title text (``title_kk``)."""
    return TITLE_PREFIX + lang


def field_kind(name: str) -> tuple[str, str | None]:
    """``("body", "kk")`` for ``body_kk``, ``("exact", None)`` for ``exact``."""
    kind, sep, lang = name.partition("_")
    return (kind, lang) if sep else (name, None)


# Per-language analyzed fields: body_<lang> and title_<lang>.
LANG_FIELDS: dict[str, tuple[str, str]] = {
    lang: (body_field(lang), title_field(lang)) for lang in INDEX_LANGS
}


def date_key(date: Any, year: int | None) -> int:
    """A sortable integer of a document's date: ``2021-04-08`` -> 20210408, ``2021-04`` ->
    20210400, a year alone -> year * 10000, nothing -> 0 (the ``datekey`` column)."""
    if isinstance(date, str) and date[:4].isdigit():
        parts = date.split("-")
        try:
            y = int(parts[0])
            m = int(parts[1]) if len(parts) > 1 else 0
            d = int(parts[2][:2]) if len(parts) > 2 else 0
            if 0 < y < 10000 and 0 <= m <= 12 and 0 <= d <= 31:
                return y * 10000 + m * 100 + d
        except ValueError:
            pass
    return year * 10000 if isinstance(year, int) and 0 < year < 10000 else 0


def build_schema() -> Schema:
    """Return a fresh Whoosh schema for Muragat's index."""
    fields = dict(
        id=ID(stored=True, unique=True),
        file=ID(stored=True),  # the archive file the document came from (incremental runs)
        title=STORED(),
        body=STORED(),  # the normalized full text (snippets, document page)
        segments=STORED(),  # [[start, end, lang], ...] into body
        **{EXACT_FIELD: TEXT(analyzer=PreAnalyzed(None), phrase=True),
           # Accent/letter-folded forms of title + body (``DocumentAnalysis.fold``).
           FOLD_FIELD: TEXT(analyzer=PreAnalyzed(None), phrase=False),
           # Spelling-independent keys of names and unknown words (``DocumentAnalysis.names``).
           NAMES_FIELD: TEXT(analyzer=PreAnalyzed(None), phrase=False)},
        lang=ID(stored=True),  # primary language
        langs=KEYWORD(stored=True, scorable=False),  # all languages, space-separated
        year=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        date=ID(stored=True, sortable=True),  # ISO yyyy-mm-dd (or yyyy-mm, yyyy) or empty
        # ``date_key`` of date and year: read as one array per segment for sorting by date.
        datekey=NUMERIC(int, bits=32, sortable=True, signed=False),
        source=ID(stored=True, sortable=True),
        url=STORED(),
        pages=STORED(),  # paged files: start offset of each page in body (a hit says "page 12")
        captured=STORED(),  # web archives: when the page was captured (ISO date-time)
        hash=STORED(),  # content hash (incremental runs; stored only: a unique term per doc costs)
        indexed=STORED(),  # when this version of the document was indexed (ISO 8601, UTC)
        # ``id_key(id)``, a column only: equal scores and dates are ordered by it, the same
        # way whatever the segments' layout (incremental runs, parallel workers, rebuilds).
        idkey=COLUMN(NumericColumn("Q")),
    )
    for lang, (body, title) in LANG_FIELDS.items():
        fields[body] = TEXT(analyzer=PreAnalyzed(lang), phrase=True)
        fields[title] = TEXT(analyzer=PreAnalyzed(lang), phrase=True, field_boost=3.0)
    return Schema(**fields)


def id_key(doc_id: str) -> int:
    """A 64-bit number derived from a document id alone (the ``idkey`` column)."""
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1  # 0 is the column's "no value"
