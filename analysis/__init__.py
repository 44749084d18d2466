"""Muragat's language analysis: text in, index terms out.

The same functions run at index time and at query time, so a word is analyzed
identically on both sides. Nothing here knows about Whoosh, Flask or files.

The pipeline, each step a plain function you can call and test alone::

    text --normalize_text--> clean text
         --segment--------> segments (headings, paragraphs, menu lines)
         --detect---------> a language per segment (kk, ru, en, or another code)
         --tokenize-------> words with character offsets
         --lang.terms-----> index terms per word (lemmas; best guess first)

``analyze_document`` runs the whole chain for one document and returns the
per-language terms with positions and offsets, ready for any index backend
(Whoosh today; OpenSearch/Elasticsearch can take the same pre-analyzed terms).

Languages live in ``analysis.lang.<code>`` (spaCy style), each behind one
interface: ``normalize(word)``, ``terms(word)``, ``stopwords``.
"""

from muragat.analysis.detect import detect
from muragat.analysis.lang import INDEX_LANGS, field_lang, word_terms
from muragat.analysis.normalize import normalize_text, normalize_word
from muragat.analysis.pipeline import (
    DocumentAnalysis,
    Term,
    analyze_document,
    exact_terms,
    query_word_analyses,
)
from muragat.analysis.segment import Segment, segment
from muragat.analysis.tokenize import Token, tokenize

__all__ = [
    "INDEX_LANGS",
    "DocumentAnalysis",
    "Segment",
    "Term",
    "Token",
    "analyze_document",
    "detect",
    "exact_terms",
    "field_lang",
    "normalize_text",
    "normalize_word",
    "query_word_analyses",
    "segment",
    "tokenize",
    "word_terms",
]
