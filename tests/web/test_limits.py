"""Service limits and malformed arguments are refused politely (400), never with a 500."""

from __future__ import annotations

import pytest

from muragat.settings import LIMITS

TOO_LONG = "ә" * (LIMITS.max_query_chars + 1)

BAD_ARGS = [
    {"q": TOO_LONG},
    {"q": "x", "page": str(LIMITS.max_page + 1)},
    {"q": "x", "page": "0"},
    {"q": "x", "page": "-1"},
    {"q": "x", "page": "two"},
    {"q": "x", "size": str(LIMITS.max_page_size + 1)},
    {"q": "x", "size": "0"},
    {"q": "x", "size": "1e9"},
    {"q": "x", "year_from": "99999"},
    {"q": "x", "year_to": "20x1"},
    {"q": "x", "sort": "<script>"},
    {"q": "x", "lang": ["kk"] * 50},
    {"q": "x", "source": "s" * 1000},
]


@pytest.mark.parametrize("ui", ["kk", "ru", "en"])
@pytest.mark.parametrize("args", BAD_ARGS)
@pytest.mark.parametrize("path", ["/search", "/api/search", "/feed.atom", "/export.csv"])
def test_bad_arguments_give_400(fake_client, path, args, ui):
    response = fake_client.get(path, query_string=args, headers={"Accept-Language": ui})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "<script>" not in text
    if path.startswith("/api/"):
        assert response.get_json()["status"] == 400 and response.get_json()["error"]
    else:
        assert response.mimetype == "text/html"


def test_query_length_message_names_the_limit(fake_client):
    response = fake_client.get("/api/search", query_string={"q": TOO_LONG},
                               headers={"Accept-Language": "ru"})
    assert response.get_json()["error"] == (
        f"Запрос слишком длинный: не более {LIMITS.max_query_chars} символов.")


def test_limits_themselves_are_accepted(fake_client, fake_engine):
    args = {"q": "ә" * LIMITS.max_query_chars, "page": LIMITS.max_page, "size": LIMITS.max_page_size}
    assert fake_client.get("/api/search", query_string=args).status_code == 200
    req = fake_engine.requests[-1]
    assert (req.page, req.size) == (LIMITS.max_page, LIMITS.max_page_size)


@pytest.mark.parametrize("path", ["/doc/", "/api/documents/", "/explain?q=x&id=", "/api/explain?q=x&id="])
def test_overlong_document_id_is_400(fake_client, path):
    assert fake_client.get(path + "x" * 2000).status_code == 400


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..%2F..%2Fpyproject.toml", "/etc/passwd",
                                    "web/app.py", "%00"])
def test_document_ids_never_reach_the_filesystem(fake_client, fake_engine, doc_id):
    """Ids are only looked up in the index: a path gives 404, never a file's content."""
    seen = []
    original = fake_engine.document
    fake_engine.document = lambda i, q="": seen.append(i) or original(i, q)
    for path in (f"/doc/{doc_id}", f"/api/documents/{doc_id}"):
        response = fake_client.get(path)
        assert response.status_code in (404, 308)
        assert b"[project]" not in response.data and b"root:" not in response.data
        assert b"create_app" not in response.data


def test_static_route_does_not_escape_its_folder(fake_client):
    for path in ("/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e/app.py"):
        response = fake_client.get(path)
        assert response.status_code == 404
        assert b"create_app" not in response.data


def test_large_request_body_refused(fake_client):
    response = fake_client.post("/api/search", data="x" * 200_000)
    assert response.status_code in (405, 413)
