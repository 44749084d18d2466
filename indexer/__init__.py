"""The indexer: archive files -> readers -> ``Document`` -> analysis -> index writer.

Entry points: ``index_paths`` (folders and files, incremental, parallel) and
``index_documents`` (ready ``Document`` objects, e.g. from tests or evaluation
corpora). Both return an ``IndexReport``.
"""

from indexer.document import Document
from indexer.pipeline import index_documents, index_paths
from indexer.report import FileFailure, IndexReport

__all__ = ["Document", "FileFailure", "IndexReport", "index_documents", "index_paths"]
