"""Where a Solr index is: base URLs of its nodes and the collection name."""

from __future__ import annotations

import os
from dataclasses import dataclass

PREFIX = "solr:"
DEFAULT_COLLECTION = "muragat"


@dataclass(frozen=True)
class SolrLocation:
    """One collection of a SolrCloud cluster, reached through any of ``urls``."""

    urls: tuple[str, ...]  # node base URLs, e.g. http://127.0.0.1:8983/solr
    collection: str

    def __str__(self) -> str:
        return f"{PREFIX}{','.join(self.urls)}/{self.collection}"


def is_solr_location(value: object) -> bool:
    """True for a ``solr:...`` location string."""
    return isinstance(value, str) and value.startswith(PREFIX)


def parse_location(value: str) -> SolrLocation:
    """``solr:http://h:8983/solr/NAME`` (several node URLs may be comma-separated before the
    collection: ``solr:http://a:8983/solr,http://b:8983/solr/NAME``)."""
    if not is_solr_location(value):
        raise ValueError(f"not a Solr location: {value!r} (expected solr:http://HOST:PORT/solr/COLLECTION)")
    rest = value[len(PREFIX):].rstrip("/")
    head, sep, collection = rest.rpartition("/")
    if not sep or not collection or not head.startswith(("http://", "https://")):
        raise ValueError(f"not a Solr location: {value!r} (expected solr:http://HOST:PORT/solr/COLLECTION)")
    urls = tuple(u.strip().rstrip("/") for u in head.split(",") if u.strip())
    return SolrLocation(urls, collection)


def make_location(solr: str | None, collection: str | None) -> SolrLocation:
    """The location from ``--solr URL[,URL...]`` and ``--collection``, else from
    ``$MURAGAT_SOLR_URL`` and ``$MURAGAT_SOLR_COLLECTION`` (collection default ``muragat``)."""
    urls = solr or os.environ.get("MURAGAT_SOLR_URL") or ""
    name = collection or os.environ.get("MURAGAT_SOLR_COLLECTION") or DEFAULT_COLLECTION
    parts = tuple(u.strip().rstrip("/") for u in urls.split(",") if u.strip())
    if not parts:
        raise ValueError("--backend solr needs --solr URL (or $MURAGAT_SOLR_URL), "
                         "e.g. http://127.0.0.1:8983/solr")
    for u in parts:
        if not u.startswith(("http://", "https://")):
            raise ValueError(f"--solr {u!r}: expected a URL such as http://127.0.0.1:8983/solr")
    if "/" in name or not name.strip():
        raise ValueError(f"--collection {name!r}: expected a collection name")
    return SolrLocation(parts, name)
