"""A bounded load test against ``muragat serve`` on loopback (the ``bench.load`` harness).

The real server (waitress, 8 threads, rate limit off) in a child process over a
generated index; 8 and 32 concurrent clients, each for ``DURATION_S`` seconds (longer
and also 16 clients with ``MURAGAT_RELIABILITY_FULL=1``). Asserted: zero errors (every
answer a 200), latency percentiles and requests/s reported, and memory stable: after
warm-up the server's resident memory grows by at most ``RSS_GROWTH_MB`` + 20 %.
Speed targets are the benchmark's business (``python -m bench.load``), not this test's.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
import reliability_docgen as docgen
import reliability_support as rs

DURATION_S = 30.0 if rs.FULL else 6.0
CLIENTS = (8, 16, 32) if rs.FULL else (8, 32)
RSS_GROWTH_MB = 48.0


def _bench_load():
    name = "muragat_bench_load"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, rs.REPO / "bench" / "load.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from muragat.indexer import index_documents

    index = tmp_path_factory.mktemp("load") / "index"
    index_documents(docgen.to_documents(docgen.compose_records(300, rs.SEED)), index)
    srv = _bench_load().Server(index, threads=8)
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.mark.slow
@pytest.mark.parametrize("clients", CLIENTS)
def test_bounded_load_has_no_errors_and_stable_memory(server, clients):
    load = _bench_load()
    paths = load.request_mix(server.port)
    assert any("/api/documents/" in p for p in paths), "no document requests in the mix"
    load.run_load(server, paths, clients, 2.0, label="warm-up")
    result = load.run_load(server, paths, clients, DURATION_S)
    print(f"\n{clients} clients, {result.duration_s} s: {result.requests} requests, "
          f"{result.rps} req/s, p50 {result.p50_ms} ms, p95 {result.p95_ms} ms, "
          f"p99 {result.p99_ms} ms, max {result.max_ms} ms, errors {result.errors}, "
          f"RSS warm {result.rss_warm_mb} MB -> end {result.rss_end_mb} MB "
          f"(peak {result.rss_peak_mb} MB)")
    assert result.requests > clients, "the load test did not run"
    assert result.errors == 0, result.error_samples
    growth = result.rss_end_mb - result.rss_warm_mb
    assert growth <= RSS_GROWTH_MB + 0.2 * result.rss_warm_mb, (
        f"server memory grew {growth:.1f} MB during the run "
        f"({result.rss_warm_mb} -> {result.rss_end_mb} MB)")
    assert server.proc.poll() is None, f"the server died:\n{server.log()[-2000:]}"
