"""The SolrCloud backend (docs/SCALE.md): the same index as the embedded Whoosh one, in a
collection of a SolrCloud cluster.

* ``client``     a small HTTP client that fails over between the cluster's live nodes;
* ``admin``      configset upload, collection creation, waiting for replicas;
* ``documents``  Muragat's analysed documents as Solr documents with pre-analyzed fields;
* ``writer``     batched adds, deletions and commits;
* ``query``      the engine-neutral query model (``muragat.store.query``) as Solr queries;
* ``backend``    what search/ asks of a Solr index: matches, facets, candidate statistics,
                 stored fields, vocabulary;
* ``devcluster`` the development cluster of ``muragat solr start`` (deploy/solr-launcher).

A location string ``solr:<base url>/<collection>`` (``location``) names a Solr index wherever
a Muragat index directory can be named.
"""

from muragat.store.solr.location import SolrLocation, is_solr_location, parse_location

__all__ = ["SolrLocation", "is_solr_location", "parse_location"]
