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

Languages live in ``analysis.lang.<code>`` (spaCy style), one folder each, behind one
interface (``analysis.lang.base.Language``): ``normalize(word)``, ``terms(word)``, and
optionally its letters, fold keys, stop words and query variants. Letter sets are defined
once, in ``analysis.alphabets``. Query words are analyzed by ``analysis.query``: the same
analysis, under every language a word's letters allow.

Modules: ``document`` (the data model), ``words`` (a word's analysis and its cache),
``segment_langs`` (a segment's language), ``pipeline`` (``analyze_document``), ``worker``
(loading the analyzers once per process), ``query`` (query words).
"""

from muragat.analysis.detect import detect
from muragat.analysis.document import DocumentAnalysis, Term
from muragat.analysis.lang import INDEX_LANGS, OTHER, field_lang, get_language, word_terms
from muragat.analysis.normalize import normalize_text, normalize_word
from muragat.analysis.pipeline import analyze_document, exact_terms
from muragat.analysis.query import (
    is_function_word,
    is_stopword,
    keyboard_conversions,
    query_language,
    query_name_keys,
    query_operators,
    query_word_analyses,
    query_word_terms,
    stopwords,
)
from muragat.analysis.segment import Segment, segment
from muragat.analysis.tokenize import Token, tokenize
from muragat.analysis.translit import name_key, starting_letters

__all__ = [
    "INDEX_LANGS",
    "OTHER",
    "DocumentAnalysis",
    "Segment",
    "Term",
    "Token",
    "analyze_document",
    "detect",
    "exact_terms",
    "field_lang",
    "get_language",
    "is_function_word",
    "is_stopword",
    "keyboard_conversions",
    "name_key",
    "normalize_text",
    "normalize_word",
    "query_language",
    "query_operators",
    "query_name_keys",
    "query_word_analyses",
    "query_word_terms",
    "segment",
    "starting_letters",
    "stopwords",
    "tokenize",
    "word_terms",
]
