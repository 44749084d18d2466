"""One real SolrCloud per test session: ZooKeeper and two Solr nodes, each its own JVM
(``muragat solr start``), collections of 2 shards x 2 replicas. Skipped with a reason where Java
or Maven is missing."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path

import pytest
from muragat.store.solr import devcluster
from muragat.store.solr.client import SolrClient

_SEARCH_CONFTEST = Path(__file__).resolve().parent.parent / "search" / "conftest.py"


def search_docs():
    """The trilingual test archive of tests/search (documents written for the tests)."""
    name = "muragat_tests_search_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _SEARCH_CONFTEST)
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return list(sys.modules[name].DOCS)


def _free_ports(n: int) -> int:
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n >= 65535:
            continue
        ok = True
        for i in range(1, n):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", base + i))
                except OSError:
                    ok = False
        if ok:
            return base
    raise OSError("no free ports")


@pytest.fixture(scope="session")
def solr_cluster(tmp_path_factory):
    """A running 2-node development cluster: ``(cluster_dir, ClusterInfo)``."""
    why = devcluster.java_missing()
    if why:
        pytest.skip(f"the SolrCloud tests need Java and Maven: {why}")
    folder = tmp_path_factory.mktemp("solr-cluster")
    info = devcluster.start(folder, nodes=2, port=_free_ports(2), heap="384m")
    yield folder, info
    devcluster.stop(folder)


@pytest.fixture(scope="session")
def search_archive():
    """The documents of tests/search's trilingual archive."""
    return search_docs()


@pytest.fixture(scope="session")
def solr_client(solr_cluster) -> SolrClient:
    return SolrClient(solr_cluster[1].urls)
