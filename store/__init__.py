"""The index backend: a thin layer between Muragat and Whoosh.

Only this package (and the Whoosh-specific parts of ``search``) import Whoosh.
The analysis never does: documents arrive here already analyzed
(``analysis.DocumentAnalysis``), and the analyzers below only pass those
pre-analyzed terms through, so another backend (OpenSearch/Elasticsearch) can be
fed the very same terms.
"""

from store.analyzers import TermStream
from store.schema import LANG_FIELDS, SCHEMA_VERSION, build_schema

__all__ = ["TermStream", "LANG_FIELDS", "SCHEMA_VERSION", "build_schema"]
