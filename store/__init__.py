"""The index backend: a thin layer between Muragat and Whoosh.

Only this package (and the Whoosh-specific parts of ``search``) import Whoosh.
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
from muragat.store.schema import LANG_FIELDS, SCHEMA_VERSION, build_schema, id_key

__all__ = [
    "IndexLock",
    "IndexDamagedError",
    "IndexLockedError",
    "LANG_FIELDS",
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
