"""Search: query text -> the same language analysis -> weighted clauses scored over a store
snapshot (``muragat.store``) -> ``SearchResponse``.

The Python API the web app and the CLI use::

    engine = SearchEngine(index_dir)
    response = engine.search(SearchRequest(q="кітапханалар 2021", langs=("kk",)))

No Flask in here.
"""

from muragat.search.models import DocumentView, Hit, SearchRequest, SearchResponse

__all__ = ["DocumentView", "Hit", "SearchRequest", "SearchResponse"]
