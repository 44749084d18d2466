"""``muragat serve``: the command runs the app under waitress over an index, in one or more processes."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import time

import pytest

from muragat.cli import main


def test_missing_index_is_a_usage_error(tmp_path, capsys):
    assert main(["serve", "--index", str(tmp_path / "nothing")]) == 2
    assert "no index at" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [["--threads", "0"], ["--workers", "0"], ["--port", "70000"],
                                  ["--rate-limit", "-1"], ["--cache-size", "-1"],
                                  ["--suggest-rate-limit", "-1"], ["--suggest-burst", "0"],
                                  ["--connection-limit", "0"], ["--client-connections", "-1"]])
def test_bad_flags_are_usage_errors(real_index_dir, flag):
    assert main(["serve", "--index", str(real_index_dir), *flag]) == 2


def _get(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, json.loads(body)


def _start(cmd, cwd) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            pytest.fail("muragat serve exited early: " + "".join(seen))
        seen.append(line)
        match = re.search(r"Muragat on http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return proc, int(match.group(1))
    proc.kill()
    pytest.fail("muragat serve did not start: " + "".join(seen))


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_and_stops_on_sigterm(real_index_dir, repo_root, workers):
    proc, port = _start([sys.executable, "-m", "muragat", "serve", "--index", str(real_index_dir),
                         "--port", "0", "--threads", "2", "--workers", str(workers)], repo_root)
    try:
        status, health = _get(port, "/healthz")
        assert status == 200 and health["documents"] == 10
        for _ in range(4):  # several requests: with 2 workers both may answer
            status, body = _get(port, "/api/search?q=%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0%D0%BC%D0%B8")
            assert status == 200 and body["total"] >= 2
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code in (0, -signal.SIGTERM)


@pytest.mark.slow
def test_readme_demo_indexes_the_corpus_and_serves_it(repo_root, tmp_path):
    """README: ``muragat index corpus --index muragat-index && muragat serve --index muragat-index``."""
    if not any((repo_root / "corpus").iterdir()):
        pytest.skip("corpus/ is empty")
    index_dir = tmp_path / "muragat-index"
    done = subprocess.run([sys.executable, "-m", "muragat", "index", "corpus", "--index", str(index_dir)],
                          cwd=repo_root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    proc, port = _start([sys.executable, "-m", "muragat", "serve", "--index", str(index_dir),
                         "--port", "0"], repo_root)
    try:
        status, health = _get(port, "/healthz")
        assert status == 200 and health["documents"] > 50
        status, body = _get(port, "/api/search?q=%D0%BA%D1%96%D1%82%D0%B0%D0%BF%D1%85%D0%B0%D0%BD%D0%B0")
        assert status == 200 and body["total"] > 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/search?q=%D0%BA%D0%BD%D0%B8%D0%B3%D0%B0", headers={"Accept-Language": "ru"})
        page = conn.getresponse()
        html = page.read().decode()
        assert page.status == 200 and '<html lang="ru">' in html and "<mark>" in html
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.mark.parametrize(("flags", "expected"), [
    (["--trusted-host", "lib.example", "--base-url", "https://search.example.org/archive"],
     "https://search.example.org/archive/search"),  # the base URL wins over a trusted Host
    (["--trusted-host", "lib.example"], "http://lib.example/search"),
    ([], None),  # nothing configured: the listening address
])
def test_serve_takes_the_base_url_and_trusted_hosts(real_index_dir, repo_root, flags, expected):
    proc, port = _start([sys.executable, "-m", "muragat", "serve", "--index", str(real_index_dir),
                         "--port", "0", "--threads", "2", *flags], repo_root)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/opensearch.xml", headers={"Host": "lib.example"})
        text = conn.getresponse().read().decode()
        expected = expected or f"http://127.0.0.1:{port}/search"
        assert f'template="{expected}?q={{searchTerms}}"' in text
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
