"""Fixtures of the web tests: a fake engine with hostile data, and real indexes (see test files).

The fake implements ``SearchEngine``'s methods over a few documents whose titles,
sources and text carry markup and script, to prove the site escapes them.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pytest
from muragat.search.models import DocumentView, Hit, SearchRequest, SearchResponse
from muragat.web.app import create_app

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
        self.generation = 7  # the index generation served (the ETag changes with it)

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

    def index_version(self) -> tuple[int, str]:
        return self.generation, "2024-01-02T03:04:05Z"


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


# --- A real index of documents written for these tests -------------------------------------

HOSTILE_REAL_TITLE = 'Кітап <script>window.__xss="title"</script> <img src=x onerror="window.__xss=1">'


def web_documents():
    """Documents in kk, ru, en and mixed, 2015-2023, three sources, one hostile."""
    from muragat.indexer.document import Document

    def doc(doc_id, title, text, date, source, lang=None, url=None):
        return Document(id=doc_id, title=title, text=text, date=date, year=int(date[:4]),
                        source=source, lang=lang, url=url)

    return [
        doc("kk/koktem-kormesi", "Көктемгі кітап көрмесі",
            "Ұлттық кітапханада көктемгі кітап көрмесі ашылды. Көрмеде жас ақындардың кітаптары мен "
            "өлкетану туралы жаңа басылымдар қойылды. Оқырмандар кітаптарды қызығушылықпен қарады.",
            "2021-04-12", "Ortalyq", "kk", url="https://library.example/kk/koktem"),
        doc("kk/oqyrmandar-kezdesuy", "Оқырмандармен кездесу",
            "Кітапханашылар мектеп оқушыларымен кездесу өткізді. Балалар кітапхананың қорымен танысып, "
            "ертегілер кітабын оқыды. Кездесуде жазушы өз кітабы туралы әңгімеледі.",
            "2018-10-03", "Oblys", "kk"),
        doc("kk/sandyq-mura", "Цифрлық мұрағат жобасы",
            "Кітапхана қолжазбалар мен сирек кітаптарды цифрлау жобасын бастады. Мұрағаттағы "
            "газеттердің көшірмелері оқырмандарға ашық болады.",
            "2023-01-20", "Ortalyq", "kk"),
        doc("ru/vystavka-knig", "Выставка новых книг",
            "В читальном зале библиотеки открылась выставка новых книг. Читатели с интересом "
            "рассматривали книги по краеведению и истории города.",
            "2019-02-01", "Oblys", "ru"),
        doc("ru/konferentsiya", "Конференция библиотекарей",
            "Библиотекари области собрались на ежегодную конференцию. Обсуждали оцифровку архивов, "
            "работу с читателями и новые поступления книгами.",
            "2016-11-15", "Ortalyq", "ru"),
        doc("ru/detskiy-chas", "Час чтения для детей",
            "Для детей провели час громкого чтения. Библиотекарь читала сказки, дети рисовали героев книг.",
            "2022-06-01", "Audan", "ru"),
        doc("en/digitization", "Digitization of rare books",
            "The library began digitizing rare books and manuscripts. Readers will be able to browse "
            "the scanned newspapers of the archive online.",
            "2023-03-02", "Ortalyq", "en"),
        doc("en/reading-club", "Reading club meets again",
            "The reading club of the library met to discuss a novel. Members talked about the books "
            "they are reading this season.",
            "2017-09-09", "Audan", "en"),
        doc("mixed/announcement", "Хабарландыру / Объявление / Announcement",
            "Құрметті оқырмандар! Кітапхана жөндеу жұмыстарына байланысты жабық болады.\n\n"
            "Уважаемые читатели! Библиотека будет закрыта на ремонт, книги можно вернуть позже.\n\n"
            "Dear readers! The library will be closed for repairs; books can be returned later.",
            "2020-08-25", "Ortalyq"),
        doc("hostile/script", HOSTILE_REAL_TITLE,
            'Кітап туралы жазба <script>window.__xss="body"</script> және '
            '<img src=x onerror="window.__xss=2"> белгілері бар мәтін. Кітаптар оқылады.',
            "2015-05-05", '<b onmouseover="window.__xss=3">Source</b>', "kk"),
    ]


def build_web_index(index_dir) -> None:
    """Index ``web_documents()`` into ``index_dir`` with the real indexer."""
    from muragat.indexer import index_documents

    report = index_documents(web_documents(), index_dir, rebuild=True)
    assert report.committed and not report.failed


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory):
    """A real Muragat index of the documents above (built once per session)."""
    pytest.importorskip("muragat.search.engine", reason="muragat.search.engine (the real engine) is not available")
    index_dir = tmp_path_factory.mktemp("web-index")
    build_web_index(index_dir)
    return index_dir


@pytest.fixture(scope="session")
def real_engine(real_index_dir):
    """The real engine over ``real_index_dir``."""
    from muragat.search.engine import SearchEngine

    return SearchEngine(real_index_dir)


@pytest.fixture
def real_client(real_engine):
    """A test client of the app over the real index (rate limit off)."""
    return create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0}, engine=real_engine).test_client()


@pytest.fixture
def page_gone():
    """``page_gone(element)``: a browser wait condition, true once ``element``'s page was
    replaced (selenium's ``staleness_of``, which also counts Chromium's "Node with given id
    does not belong to the document", the error ChromeDriver may give for a node of the page
    just left instead of a stale-element error)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(element):
        def check(_driver) -> bool:
            try:
                element.is_enabled()
            except StaleElementReferenceException:
                return True
            except WebDriverException as exc:
                if "does not belong to the document" in str(exc):
                    return True
                raise
            return False

        return check

    return gone
