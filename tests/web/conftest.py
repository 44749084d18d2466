"""Fixtures of the web tests: a fake engine with hostile data, and real indexes (see test files).

The fake implements ``SearchEngine``'s methods over a few documents whose titles,
sources and text carry markup and script, to prove the site escapes them.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest

from search.models import DocumentView, Hit, SearchRequest, SearchResponse
from web.app import create_app

XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
XSS_SOURCE = '"><svg onload=window.__xss=3>'
XSS_LANG = "<b>kk</b>"


def _doc(doc_id, title, body, lang, year, source, url=None):
    return DocumentView(
        id=doc_id, title=title, body=body, lang=lang, langs=[lang], year=year,
        date=f"{year}-03-05" if year else None, source=source, url=url,
        segments=[(0, len(body), lang)],
        html_segments=[(lang, html.escape(body))],
    )


class FakeEngine:
    """``SearchEngine``'s interface over hostile in-memory documents; records the requests."""

    def __init__(self):
        self.docs = {
            "hostile/1": _doc("hostile/1", XSS_TITLE, "Кітапхана <script>window.__xss=4</script> жаңалықтары",
                              "kk", 2021, XSS_SOURCE, url="javascript:window.__xss=5"),
            "plain/2": _doc("plain/2", "Библиотека", "Новости библиотеки", "ru", 2019, "news",
                            url="https://example.org/news/2"),
        }
        self.requests: list[SearchRequest] = []
        self.refreshes = 0

    def _hit(self, doc: DocumentView) -> Hit:
        return Hit(id=doc.id, title=doc.title, lang=doc.lang, langs=doc.langs, year=doc.year,
                   date=doc.date, source=doc.source, url=doc.url, score=1.5,
                   snippet=html.escape(doc.body).replace("Кітапхана", "<mark>Кітапхана</mark>"))

    def search(self, req: SearchRequest) -> SearchResponse:
        self.requests.append(req)
        hits = [self._hit(d) for d in self.docs.values()] if req.q != "nothing" else []
        facets = {
            "lang": {"kk": 1, "ru": 1, XSS_LANG: 1},
            "year": {"2019": 1, "2021": 1},
            "source": {XSS_SOURCE: 1, "news": 1},
        }
        return SearchResponse(query=req.q, total=len(hits), page=req.page, size=req.size,
                              hits=hits, facets=facets if hits else {},
                              suggestion="<i>suggest</i>" if req.q == "nothing" else None,
                              error="bad <query>" if req.q == "(" else None, took_ms=1.25)

    def document(self, doc_id: str, q: str = "") -> DocumentView | None:
        doc = self.docs.get(doc_id)
        return replace(doc) if doc else None

    def similar(self, doc_id: str, limit: int = 5) -> list[Hit]:
        return [self._hit(d) for i, d in self.docs.items() if i != doc_id][:limit]

    def complete(self, prefix: str, limit: int = 10) -> list[str]:
        head, _, last = prefix.rpartition(" ")
        words = [w for w in ("кітап", "кітапхана", "<script>") if last and w.startswith(last)]
        return [(head + " " if head else "") + w for w in words][:limit]

    def explain(self, doc_id: str, q: str) -> dict:
        return {"id": doc_id, "query": q, "matched": True, "score": 1.5,
                "parts": [{"kind": "lemma", "field": "body_kk", "term": "<script>кітап",
                           "score": 1.5}],
                "fields": {"body_kk": ["<script>кітап"], "<b>odd</b>": ["x"]}}

    def refresh(self) -> bool:
        self.refreshes += 1
        return False

    def stats(self) -> dict:
        return {"documents": 12345, "last_commit": None}


@pytest.fixture
def fake_engine() -> FakeEngine:
    """A fresh fake engine."""
    return FakeEngine()


@pytest.fixture
def fake_app(fake_engine):
    """The app over the fake engine, rate limit off."""
    return create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0}, engine=fake_engine)


@pytest.fixture
def fake_client(fake_app):
    """A test client of ``fake_app``."""
    return fake_app.test_client()
