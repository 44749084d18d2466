"""The index schema: which fields a document has and how each is analyzed."""

from __future__ import annotations

import hashlib

from muragat.analysis import INDEX_LANGS
from muragat.store.analyzers import PreAnalyzed
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

# Bumped when the schema or the analysis changes in a way that needs a rebuild.
# 4: the ``idkey`` column (the last tie-breaker of every sort).
SCHEMA_VERSION = 4

# Per-language analyzed fields: body_<lang> and title_<lang>.
LANG_FIELDS: dict[str, tuple[str, str]] = {
    lang: (f"body_{lang}", f"title_{lang}") for lang in INDEX_LANGS
}


def build_schema() -> Schema:
    """Return a fresh Whoosh schema for Muragat's index."""
    fields = dict(
        id=ID(stored=True, unique=True),
        file=ID(stored=True),  # the archive file the document came from (incremental runs)
        title=STORED(),
        body=STORED(),  # the normalized full text (snippets, document page)
        segments=STORED(),  # [[start, end, lang], ...] into body
        exact=TEXT(analyzer=PreAnalyzed(None), phrase=True),  # surface forms of title + body
        # Accent/letter-folded forms of title + body (``DocumentAnalysis.fold``), no positions.
        fold=TEXT(analyzer=PreAnalyzed(None), phrase=False),
        lang=ID(stored=True),  # primary language
        langs=KEYWORD(stored=True, scorable=False),  # all languages, space-separated
        year=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        date=ID(stored=True, sortable=True),  # ISO yyyy-mm-dd (or yyyy-mm, yyyy) or empty
        source=ID(stored=True, sortable=True),
        url=STORED(),
        hash=STORED(),  # content hash (incremental runs; stored only: a unique term per doc costs)
        # ``id_key(id)``, a column only: equal scores and dates are ordered by it, the same
        # way whatever the segments' layout (incremental runs, parallel workers, rebuilds).
        idkey=COLUMN(NumericColumn("Q")),
    )
    for lang, (body_field, title_field) in LANG_FIELDS.items():
        fields[body_field] = TEXT(analyzer=PreAnalyzed(lang), phrase=True)
        fields[title_field] = TEXT(analyzer=PreAnalyzed(lang), phrase=True, field_boost=3.0)
    return Schema(**fields)


def id_key(doc_id: str) -> int:
    """A 64-bit number derived from a document id alone (the ``idkey`` column)."""
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1  # 0 is the column's "no value"
