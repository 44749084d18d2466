"""The indexer: archive files -> readers -> ``Document`` -> analysis -> index writer.

Entry points: ``index_paths`` (folders and files, incremental, parallel) and
``index_documents`` (ready ``Document`` objects, e.g. from tests or evaluation
corpora). Both return an ``IndexReport``.
"""

from muragat.indexer.document import Document
from muragat.indexer.pipeline import index_documents, index_paths
from muragat.indexer.report import FileFailure, IndexReport

__all__ = ["Document", "FileFailure", "IndexReport", "index_documents", "index_paths"]
