"""The index schema: which fields a document has and how each is analyzed."""

from __future__ import annotations

from muragat.analysis import INDEX_LANGS
from muragat.store.analyzers import PreAnalyzed
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

# Bumped when the schema or the analysis changes in a way that needs a rebuild.
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
        pages=STORED(),  # paged files: start offset of each page in body (a hit says "page 12")
        captured=STORED(),  # web archives: when the page was captured (ISO date-time)
        hash=STORED(),  # content hash (incremental runs; stored only: a unique term per doc costs)
    )
    for lang, (body_field, title_field) in LANG_FIELDS.items():
        fields[body_field] = TEXT(analyzer=PreAnalyzed(lang), phrase=True)
        fields[title_field] = TEXT(analyzer=PreAnalyzed(lang), phrase=True, field_boost=3.0)
    return Schema(**fields)
