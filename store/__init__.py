"""The index backend: the only package that knows Whoosh.

search/ reads the index through a ``Snapshot`` (``open_snapshot``); indexer/ writes it
through the writers below. Only this package imports Whoosh.
The analysis never does: documents arrive here already analyzed
(``analysis.DocumentAnalysis``), and the analyzers below only pass those
pre-analyzed terms through, so another backend (OpenSearch/Elasticsearch) can be
fed the very same terms.
"""

from muragat.store.analyzers import TermStream
from muragat.store.index import (
    IndexLock,
    IndexLockedError,
    cancel_writer,
    commit_with_segments,
    create_index,
    drop_segments,
    finish_segment,
    index_exists,
    index_writer,
    open_index,
    open_searcher,
    schema_matches,
    segment_writer,
)
from muragat.store.integrity import IndexDamagedError
from muragat.store.schema import (
    EXACT_FIELD,
    FOLD_FIELD,
    ID_FIELD,
    LANG_FIELDS,
    NAMES_FIELD,
    SCHEMA_VERSION,
    body_field,
    build_schema,
    field_kind,
    id_key,
    title_field,
)
from muragat.store.snapshot import FieldLengths, Meta, Snapshot, open_snapshot
from muragat.store.writer import IndexWriter, SegmentWriter

__all__ = [
    "EXACT_FIELD",
    "FOLD_FIELD",
    "ID_FIELD",
    "Meta",
    "FieldLengths",
    "Snapshot",
    "body_field",
    "field_kind",
    "open_snapshot",
    "title_field",
    "IndexLock",
    "IndexWriter",
    "SegmentWriter",
    "IndexDamagedError",
    "IndexLockedError",
    "LANG_FIELDS",
    "NAMES_FIELD",
    "SCHEMA_VERSION",
    "TermStream",
    "build_schema",
    "cancel_writer",
    "commit_with_segments",
    "create_index",
    "drop_segments",
    "finish_segment",
    "id_key",
    "index_exists",
    "index_writer",
    "open_index",
    "open_searcher",
    "schema_matches",
    "segment_writer",
]
