"""Web security: injected markup stays text, paths cannot escape, limits refuse politely.

- XSS payloads planted in document text, titles, sources (facet values), urls, ids,
  dates and in queries are inert: the server escapes them (checked in the HTML), and
  a real headless Chromium that loads the pages runs no injected script, opens no
  dialog, builds no injected element and follows no ``javascript:`` link.
- Path traversal on document ids and static paths fails closed (4xx, no file
  content), both through the Flask test client and as raw requests to waitress.
- Oversized parameters are refused with a 4xx and a message, never a 500.
- Every application response carries the security headers (CSP without inline
  script, frame-ancestors, nosniff) — including 400, 404, 429 and 500 answers.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import reliability_docgen as docgen

MARK = "qzxssmarker"
PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(1)">',
    '"><svg onload="window.__xss=1;alert(1)">',
    "'><iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    '<a href="javascript:window.__xss=1;alert(1)">click</a>',
    "<details open ontoggle=window.__xss=1>x</details>",
    "</mark><script>window.__xss=1</script><mark>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
]
JS_URL = "javascript:window.__xss=1;alert(1)"
# Elements only an unescaped payload could create.
INJECTED_SELECTOR = ("img[src='x'], svg[onload], iframe[srcdoc], details[ontoggle], "
                     "a[href^='javascript'], script:not([src])")
SENSITIVE = ["root:x:0:0", "[build-system]", "def create_app", "[core]", "SECRET-INTERNAL"]


def _xss_records() -> list[dict]:
    base = docgen.SENTENCES["en"][0]
    payload_text = " ".join(PAYLOADS)
    records = [
        {"id": "xss-text", "title": "Plain title", "text": f"{base} {MARK} {payload_text} {base}"},
        {"id": "xss-title", "title": PAYLOADS[0] + PAYLOADS[1], "text": f"{base} {MARK}"},
        {"id": "xss-source", "title": "Source", "text": f"{base} {MARK}", "source": PAYLOADS[2]},
        {"id": "xss-url", "title": "Link", "text": f"{base} {MARK}", "url": JS_URL},
        {"id": '"><svg onload=window.__xss=1>', "title": "Id", "text": f"{base} {MARK}"},
    ]
    for r in records:
        r.setdefault("year", 2021)
        r.setdefault("source", "xss-library")
    return records + docgen.compose_records(60, 11)


@pytest.fixture(scope="module")
def xss_index(tmp_path_factory):
    from muragat.indexer import index_documents

    index = tmp_path_factory.mktemp("websec") / "index"
    index_documents(docgen.to_documents(_xss_records()), index)
    return index


@pytest.fixture(scope="module")
def app(xss_index):
    from muragat.web.app import create_app

    return create_app({"INDEX_DIR": str(xss_index), "RATE_LIMIT_PER_S": 0, "TESTING": True})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(xss_index):
    """The app under waitress on loopback (the server ``muragat serve`` runs)."""
    from muragat.web.serve import build_server

    server = build_server(xss_index, "127.0.0.1", _free_port(), threads=4,
                          config={"RATE_LIMIT_PER_S": 0})
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    yield base
    server.close()


# --- escaping, seen by the server -------------------------------------------------

def _result_pages(client) -> dict[str, str]:
    pages = {}
    for q in (MARK, f"{MARK} {PAYLOADS[0]}", PAYLOADS[1], PAYLOADS[2], f'"{PAYLOADS[6]}'):
        pages[f"/search?q={q}"] = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    pages["/search source facet"] = client.get(
        "/search", query_string={"q": MARK, "source": PAYLOADS[2]}).get_data(as_text=True)
    for r in _xss_records()[:5]:
        url = "/doc/" + quote(r["id"], safe="")
        pages[url] = client.get(url, query_string={"q": MARK}).get_data(as_text=True)
    return pages


def test_payloads_are_escaped_in_every_page(client):
    pages = _result_pages(client)
    assert MARK in pages[f"/search?q={MARK}"], "the results page does not show the planted documents"
    leaks = {}
    for url, html in pages.items():
        for raw in ("<script>window.__xss", "<img src=x onerror", "<svg onload", "<iframe srcdoc",
                    "<details open ontoggle", "</textarea><script>", "</title><script>"):
            if raw in html:
                leaks.setdefault(url, []).append(raw)
        if re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I):
            leaks.setdefault(url, []).append("javascript: link")
    assert not leaks, f"unescaped payloads: {leaks}"


def test_json_and_feeds_carry_payloads_as_data(client):
    from xml.etree import ElementTree

    data = client.get("/api/search", query_string={"q": MARK, "size": 50}).get_json()
    titles = {h["id"]: h["title"] for h in data["hits"]}
    assert titles.get("xss-title") == PAYLOADS[0] + PAYLOADS[1], "title altered or lost"
    feed = client.get("/feed.atom", query_string={"q": MARK})
    assert feed.status_code == 200
    ElementTree.fromstring(feed.get_data())  # payloads did not break the XML


# --- the real browser --------------------------------------------------------------

BROWSER_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("headless Chromium and chromedriver are not installed "
                    "(Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for flag in BROWSER_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_window_size(1280, 1600)
    yield driver
    driver.quit()


def _assert_inert(driver, where: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    time.sleep(0.3)  # let onload/onerror handlers fire if any were injected
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f"{where}: a dialog opened ({text!r})")
    except NoAlertPresentException:
        pass
    assert driver.execute_script("return window.__xss === undefined"), f"{where}: script ran"
    injected = driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.outerHTML)",
        INJECTED_SELECTOR)
    assert not injected, f"{where}: injected elements in the DOM: {injected[:3]}"


@pytest.mark.browser
def test_payloads_are_inert_in_a_real_browser(browser, live_server, tmp_path):
    from selenium.webdriver.common.by import By

    visited = []
    browser.get(f"{live_server}/search?q={quote(MARK)}")
    _assert_inert(browser, "results page")
    visited.append(browser.current_url)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__xss" in body or "window.__xss" in body, \
        "payload text should be shown as text on the results page"
    browser.save_screenshot(str(tmp_path / "xss-results.png"))
    doc_links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href]")
                 if "/doc/" in (a.get_attribute("href") or "")]
    assert len(doc_links) >= 5, f"expected links to the planted documents, got {doc_links}"
    for href in dict.fromkeys(doc_links):
        browser.get(href)
        _assert_inert(browser, href)
        visited.append(href)
        if "xss-title" in href:
            browser.save_screenshot(str(tmp_path / "xss-document.png"))
    for q in PAYLOADS + [f"{MARK} {PAYLOADS[0]}"]:
        browser.get(f"{live_server}/search?q={quote(q)}")
        _assert_inert(browser, f"search for {q!r}")
        box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
        assert box.get_attribute("value") == q.strip(), "the query box must keep the query as text"
        visited.append(browser.current_url)
    browser.get(f"{live_server}/search?q={quote(MARK)}&source={quote(PAYLOADS[2])}")
    _assert_inert(browser, "source facet filter")
    try:
        logs = browser.get_log("browser")
    except Exception:  # noqa: BLE001 - the log is an extra; not every driver keeps it
        logs = []
    csp = [entry["message"] for entry in logs if "Content Security Policy" in entry["message"]]
    assert not csp, f"CSP violations (a page tried to run inline code): {csp[:3]}"
    print(f"\nbrowser visited {len(visited)} pages; screenshot {tmp_path / 'xss-results.png'}")


# --- path traversal ----------------------------------------------------------------

TRAVERSALS = [
    "/doc/../../etc/passwd", "/doc/..%2f..%2f..%2fetc%2fpasswd", "/doc/%2e%2e/%2e%2e/etc/passwd",
    "/doc//etc/passwd", "/doc/..%5c..%5cpyproject.toml",
    "/api/documents/../../../etc/passwd", "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2e%2e%2f%2e%2e%2fpyproject.toml", "/api/documents//etc/passwd",
    "/api/documents/%00", "/api/documents/..%00/etc/passwd",
    "/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fapp.py",
    "/static/....//....//etc/passwd", "/static/%252e%252e%252fapp.py", "/static//etc/passwd",
    "/static/..%5capp.py", "/static/muragat.css%00.py", "/static/%00",
    "/templates/base.html", "/web/app.py", "/.git/config", "/../pyproject.toml",
    "/explain?id=../../etc/passwd", "/api/explain?id=/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_fails_closed_in_the_app(client, path):
    response = client.get(path, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert not [s for s in SENSITIVE if s in body], f"{path} leaked file content"


def _raw_get(base: str, raw_path: str, extra_headers: str = "") -> tuple[int, bytes]:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(f"GET {raw_path} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}"
                  "Connection: close\r\n\r\n".encode("latin-1"))
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass  # the server answered and closed while our oversized request was unread
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


@pytest.mark.parametrize("path", [p for p in TRAVERSALS if "?" not in p])
def test_path_traversal_fails_closed_over_http(live_server, path):
    """Raw request lines, not normalized by any client library, straight to waitress."""
    status, data = _raw_get(live_server, path)
    text = data.decode("utf-8", "replace")
    assert 400 <= status < 500 or status in (301, 302, 307, 308), (path, status)
    assert not [s for s in SENSITIVE if s in text], f"{path} leaked file content"


def test_static_files_are_still_served(client):
    """Fail closed, but not closed for everything: a real asset is served."""
    response = client.get("/static/muragat.css")
    assert response.status_code == 200 and response.mimetype == "text/css"


# --- oversized parameters ----------------------------------------------------------

OVERSIZED = {
    "query of 100,000 characters": {"q": "kitap " * 20_000},
    "query of 10,000 characters": {"q": "x" * 10_000},
    "page 10**30": {"q": MARK, "page": str(10**30)},
    "page beyond the limit": {"q": MARK, "page": "1000000"},
    "size 10**9": {"q": MARK, "size": str(10**9)},
    "negative size": {"q": MARK, "size": "-5"},
    "1,000 language filters": {"q": MARK, "lang": ["en"] * 1000},
    "a 100,000-character source": {"q": MARK, "source": "s" * 100_000},
    "year 10**30": {"q": MARK, "year_from": str(10**30)},
}


@pytest.mark.parametrize("path", ["/api/search", "/search"])
@pytest.mark.parametrize("case", list(OVERSIZED))
def test_oversized_parameters_are_refused_politely(client, path, case):
    response = client.get(path, query_string=OVERSIZED[case])
    assert 400 <= response.status_code < 500, (case, response.status_code)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    if path.startswith("/api/"):
        assert response.is_json and response.get_json().get("error"), body[:300]
    else:
        assert "<html" in body.lower(), "an HTML error page for the HTML site"


def test_oversized_request_line_and_headers_over_http(live_server):
    status, _ = _raw_get(live_server, "/api/search?q=" + "a" * 200_000)
    assert 400 <= status < 500, status
    status, _ = _raw_get(live_server, "/", extra_headers=f"Cookie: {'c' * 100_000}\r\n")
    assert 400 <= status < 500, status
    status, _ = _raw_get(live_server, "/healthz")  # and the server still answers
    assert status == 200


# --- headers, errors ---------------------------------------------------------------

def _assert_security_headers(response, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, f"{where}: no Content-Security-Policy"
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    script = directives.get("script-src") or directives.get("default-src", "")
    assert script and "'unsafe-inline'" not in script and "*" not in script.split(), \
        f"{where}: scripts not restricted: {csp}"
    assert "frame-ancestors" in directives, f"{where}: no frame-ancestors: {csp}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where


def test_security_headers_on_every_response(client):
    urls = ["/", f"/search?q={MARK}", f"/api/search?q={MARK}", "/api/documents/xss-text",
            "/doc/xss-text", "/api/documents/no-such-doc", "/doc/no-such-doc", "/no/such/page",
            "/healthz", "/robots.txt", "/opensearch.xml", "/api/openapi.json",
            f"/feed.atom?q={MARK}", f"/export.csv?q={MARK}", "/static/muragat.css",
            "/api/search?page=abc", "/search?size=-1", f"/api/suggest?q={MARK[:4]}"]
    statuses = {}
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, (url, response.status_code)
        _assert_security_headers(response, url)
    assert client.post("/api/search").status_code == 405
    _assert_security_headers(client.post("/api/search"), "POST /api/search")
    assert 200 in statuses.values() and 404 in statuses.values() and 400 in statuses.values()


def test_rate_limited_answer_is_polite_and_has_headers(xss_index):
    from muragat.web.app import create_app

    app = create_app({"INDEX_DIR": str(xss_index), "RATE_LIMIT_PER_S": 0.01,
                      "RATE_LIMIT_BURST": 2, "TESTING": True})
    client = app.test_client()
    statuses = [client.get("/api/search", query_string={"q": MARK}).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and statuses[-1] == 429, statuses
    response = client.get("/api/search", query_string={"q": MARK})
    assert response.status_code == 429 and response.headers.get("Retry-After")
    assert response.is_json and response.get_json().get("error")
    _assert_security_headers(response, "429")


class _BrokenEngine:
    """An engine whose every answer is an internal error with a secret in its message."""

    def refresh(self) -> None:
        return None

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RuntimeError("SECRET-INTERNAL detail /var/lib/secret.db")
        return fail


@pytest.mark.parametrize("url", ["/", "/search?q=library", "/api/search?q=library",
                                 "/doc/x", "/api/documents/x", "/feed.atom?q=x"])
def test_internal_errors_never_show_a_traceback(url):
    from muragat.web.app import create_app

    client = create_app({"RATE_LIMIT_PER_S": 0, "TESTING": False}, engine=_BrokenEngine()).test_client()
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 500, (url, response.status_code)
    assert "Traceback" not in body and "SECRET-INTERNAL" not in body and "secret.db" not in body
    _assert_security_headers(response, f"500 on {url}")


def test_hostile_language_and_date_metadata_is_indexed_and_escaped(tmp_path):
    """Metadata fields of archive records (lang, date) are data too: indexed, then escaped."""
    from muragat.indexer import index_documents
    from muragat.web.app import create_app

    base = docgen.SENTENCES["en"][0]
    records = [
        {"id": "xss-lang", "title": "Lang", "text": f"{base} {MARK}", "lang": PAYLOADS[7],
         "year": 2020, "source": "s"},
        {"id": "xss-date", "title": "Date", "text": f"{base} {MARK}", "date": PAYLOADS[3],
         "year": 2020, "source": "s"},
    ]
    index_documents(docgen.to_documents(records), tmp_path / "index")
    client = create_app({"INDEX_DIR": str(tmp_path / "index"), "RATE_LIMIT_PER_S": 0}).test_client()
    page = client.get("/search", query_string={"q": MARK})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for doc_id in ("xss-lang", "xss-date"):
        doc = client.get(f"/doc/{doc_id}")
        assert doc.status_code == 200, doc_id
        html += doc.get_data(as_text=True)
    assert "<details open ontoggle" not in html and "<iframe srcdoc" not in html


def test_traversal_ids_cannot_read_files_even_when_they_exist(client, tmp_path):
    """A document id that names a real file is only ever looked up in the index."""
    secret = Path(tmp_path / "secret.txt")
    secret.write_text("SECRET-INTERNAL file content")
    for url in ("/api/documents/" + str(secret), "/doc/" + str(secret),
                "/api/documents/" + quote(str(secret), safe="")):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 404, (url, response.status_code)
        assert "SECRET-INTERNAL" not in response.get_data(as_text=True)
