"""Web archives: .warc/.warc.gz/.arc written at test time from pages written for these tests."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from indexer_test_helpers import make_pdf, stored_docs, write
from muragat.indexer import index_paths

PAGE_A1 = """<html lang="kk"><head><title>Көрме | Кітапхана</title></head><body>
<nav>Басты бет · Жаңалықтар</nav><article><h1>Сирек кітаптар көрмесі</h1>
<p>Кітапхана 2021 жылғы 8 сәуірде сирек кітаптар көрмесін ашты.</p></article>
<footer>© 2024 Кітапхана</footer></body></html>"""
PAGE_A2 = PAGE_A1.replace("сирек кітаптар көрмесін ашты", "сирек кітаптар көрмесін жаңартты")
PAGE_B = """<html><head><meta charset="windows-1251"><title>Встреча</title></head><body><main>
<h1>Встреча с читателями</h1><p>Библиотека провела встречу 12 марта 2020 г.</p></main></body></html>"""


def _http(body: bytes, ctype: str, status: str = "200 OK"):
    from warcio.statusandheaders import StatusAndHeaders

    return StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")


def make_warc(path: Path, gzip: bool = True) -> None:
    from warcio.warcwriter import WARCWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=gzip)

        def response(uri: str, body: bytes, ctype: str, date: str, status: str = "200 OK"):
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=_http(body, ctype, status),
                                       warc_headers_dict={"WARC-Date": date})
            w.write_record(rec)
            return rec

        a = "https://lib.example.kz/news/exhibition.html"
        b = "https://lib.example.kz/ru/meeting.html"
        response(a, PAGE_A1.encode(), "text/html; charset=utf-8", "2021-04-09T08:00:00Z")
        rec_b = response(b, PAGE_B.encode("cp1251"), "text/html", "2021-04-09T08:01:00Z")
        req = w.create_warc_record(b, "request", payload=io.BytesIO(b"GET /ru/meeting.html HTTP/1.1\r\n\r\n"),
                                   warc_headers_dict={"WARC-Date": "2021-04-09T08:01:00Z"})
        w.write_record(req)
        response("https://lib.example.kz/missing.html", b"<html><body>Not found</body></html>",
                 "text/html", "2021-04-09T08:02:00Z", "404 Not Found")
        response("https://lib.example.kz/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png",
                 "2021-04-09T08:03:00Z")
        response("https://lib.example.kz/report.pdf",
                 make_pdf(["Annual report of the reading room", "Visitors 2021"]), "application/pdf",
                 "2021-04-09T08:04:00Z")
        # A later capture of A with changed content: the latest wins.
        response(a, PAGE_A2.encode(), "text/html; charset=utf-8", "2022-01-10T09:00:00Z")
        # A revisit of B (unchanged page) later still: B's content, captured at the revisit.
        digest = rec_b.rec_headers.get_header("WARC-Payload-Digest")
        rev = w.create_revisit_record(b, digest=digest, refers_to_uri=b,
                                      refers_to_date="2021-04-09T08:01:00Z",
                                      http_headers=_http(b"", "text/html"),
                                      warc_headers_dict={"WARC-Date": "2023-05-01T12:00:00Z"})
        w.write_record(rev)


def test_warc_pages_latest_captures_revisits_and_pdf(archive, index_dir):
    make_warc(archive / "site/crawl.warc.gz")
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    docs = stored_docs(index_dir)
    a = docs["site/crawl.warc.gz:https://lib.example.kz/news/exhibition.html"]
    b = docs["site/crawl.warc.gz:https://lib.example.kz/ru/meeting.html"]
    pdf = docs["site/crawl.warc.gz:https://lib.example.kz/report.pdf"]
    assert len(docs) == 3  # no 404, no image, no request record
    assert "жаңартты" in a["body"] and "ашты" not in a["body"]
    assert "Басты бет" not in a["body"] and "©" not in a["body"]
    assert a["title"] == "Сирек кітаптар көрмесі"
    assert a["url"] == "https://lib.example.kz/news/exhibition.html"
    assert a["captured"] == "2022-01-10T09:00:00" and a["date"] == "2021-04-08"
    assert b["captured"] == "2023-05-01T12:00:00" and b["date"] == "2020-03-12"
    assert "Библиотека провела встречу" in b["body"]  # cp1251 declared by the page
    assert pdf["body"].startswith("Annual report of the reading room")
    assert a["source"] == "site"
    # Unchanged archive: not read again.
    again = index_paths([archive], index_dir, jobs=1)
    assert not again.changed and again.unchanged == 3


def test_plain_warc_and_parallel_run(archive, index_dir):
    make_warc(archive / "site/crawl.warc", gzip=False)
    report = index_paths([archive], index_dir, jobs=2)
    assert not report.failed and report.added == 3


@pytest.mark.parametrize("name", ["old/crawl.arc", "old/crawl.arc.gz"])
def test_arc_file(archive, index_dir, name):
    body = PAGE_A1.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    version = b"1 0 Muragat\nURL IP-address Archive-date Content-type Archive-length\n"
    head = f"filedesc://crawl.arc 0.0.0.0 20210409080000 text/plain {len(version)}\n".encode()
    rec = (f"https://lib.example.kz/news/exhibition.html 127.0.0.1 20210409080000 text/html "
           f"{len(http)}\n").encode()
    data = head + version + b"\n" + rec + http + b"\n"
    if name.endswith(".gz"):  # one gzip member per record, as crawlers write them
        data = gzip.compress(head + version + b"\n") + gzip.compress(rec + http + b"\n")
    write(archive, name, data)
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    (doc,) = stored_docs(index_dir).values()
    assert doc["url"] == "https://lib.example.kz/news/exhibition.html"
    assert doc["captured"] == "2021-04-09T08:00:00" and "көрмесін ашты" in doc["body"]


def test_broken_web_archive_is_a_named_failure(archive, index_dir):
    write(archive, "site/broken.warc.gz", b"\x1f\x8b\x08\x00garbage that is not gzip")
    report = index_paths([archive], index_dir, jobs=1)
    assert [f.path for f in report.failed] == ["site/broken.warc.gz"]
