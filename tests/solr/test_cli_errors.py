"""``--backend solr`` without a reachable cluster: clear messages, exit codes, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/solr"  # nothing listens there any more


def test_index_and_search_without_a_cluster(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text("Кітапхана жаңа оқу залын ашты.", encoding="utf-8")
    url = _dead_url()
    index = subprocess.run([sys.executable, "-m", "muragat", "index", str(archive), "--index",
                            str(tmp_path / "state"), "--backend", "solr", "--solr", url,
                            "--quiet"], capture_output=True, text=True, timeout=120)
    assert index.returncode == 1 and "Solr failed" in index.stderr
    assert "Traceback" not in index.stderr
    search = subprocess.run([sys.executable, "-m", "muragat", "search", "кітапхана", "--backend",
                             "solr", "--solr", url, "--json"], capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in search.stderr
    assert '"error_code": "internal"' in search.stdout and "did not answer" in search.stdout


def test_bad_solr_options_are_usage_errors(tmp_path):
    out = subprocess.run([sys.executable, "-m", "muragat", "index", str(tmp_path), "--backend",
                          "solr", "--solr", "127.0.0.1:8983"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and "expected a URL" in out.stderr
