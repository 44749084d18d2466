"""Per-document column values of ONE segment, read into arrays.

Whoosh's ``MultiReader.column_reader`` skips the segments that lack a column (a
segment none of whose documents has a year, say), so its values no longer line up
with document numbers. Muragat therefore reads columns per segment (leaf reader):
a segment without the column gives ``None`` and the caller fills in "missing".
"""

from __future__ import annotations

from typing import Any

import numpy as np


def has_column(leaf: Any, field: str) -> bool:
    """Whether the segment read by ``leaf`` stores a column for ``field``."""
    try:
        return bool(leaf.has_column(field))
    except KeyError:  # not a field of the schema
        return False


def numeric_column(leaf: Any, field: str) -> np.ndarray | None:
    """The raw (sortable) integers of ``field``'s numeric column in one segment, as uint64
    (int64 for a signed column),
    one per document of the segment, Whoosh's column default where a document has none;
    ``None`` when the segment has no such column."""
    if not has_column(leaf, field):
        return None
    n = leaf.doc_count_all()
    raw = leaf.column_reader(field, translate=False)
    typecode = getattr(raw, "_typecode", None)
    dbfile = getattr(raw, "_dbfile", None)
    signed = isinstance(typecode, str) and typecode.islower()
    dtype = np.int64 if signed else np.uint64
    if typecode in ("B", "H", "I", "Q", "b", "h", "i", "q") and dbfile is not None:
        # Fast path: a W3 numeric column is one big-endian number per document, the
        # trailing documents without a value left out (they read as the default).
        size = raw._fixedlen
        count = min(raw._count, n)
        kind = "i" if signed else "u"
        data = np.frombuffer(dbfile.get(raw._basepos, count * size), dtype=f">{kind}{size}")
        out = np.full(n, raw._default, dtype=dtype)
        out[:count] = data
        return out
    return np.fromiter((int(v) for v in raw), dtype=dtype, count=n)


def numeric_default(leaf: Any, field: str) -> int | None:
    """The value a numeric column stores for documents that have none (``None``: no column)."""
    try:
        column = leaf.schema[field].column_type
    except KeyError:
        return None
    return None if column is None else int(column.default_value())


def text_column(leaf: Any, field: str) -> list[str] | None:
    """The values of ``field``'s text column in one segment ("" where a document has none);
    ``None`` when the segment has no such column."""
    if not has_column(leaf, field):
        return None
    n = leaf.doc_count_all()
    values = [v if isinstance(v, str) else (v or b"").decode("utf-8", "replace")
              for v in leaf.column_reader(field)]
    if len(values) < n:
        values.extend([""] * (n - len(values)))
    return values[:n]
