"""OAI-PMH harvesting against a small OAI-PMH server started on loopback by the tests."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest
from indexer_test_helpers import stored_docs, write
from muragat.indexer import index_paths
from muragat.indexer.harvest import harvest, load_state
from muragat.indexer.oai import Client

PAGE = 2  # records per ListRecords answer


class Repo:
    """The records a test repository holds, and how it misbehaves."""

    def __init__(self) -> None:
        self.records: dict[str, dict] = {}
        self.fail_503 = 0  # answer 503 + Retry-After this many times
        self.requests: list[dict[str, str]] = []
        self.response_date = "2024-03-01T10:00:00Z"

    def put(self, ident: str, datestamp: str, deleted: bool = False, **dc: list[str] | str) -> None:
        self.records[ident] = {"datestamp": datestamp, "deleted": deleted, "dc": dc}


def _record_xml(ident: str, rec: dict) -> str:
    status = ' status="deleted"' if rec["deleted"] else ""
    head = f"<header{status}><identifier>{ident}</identifier><datestamp>{rec['datestamp']}</datestamp>" \
           "<setSpec>news</setSpec></header>"
    if rec["deleted"]:
        return f"<record>{head}</record>"
    fields = "".join(f"<dc:{k}>{escape(v)}</dc:{k}>" for k, vs in rec["dc"].items()
                     for v in ([vs] if isinstance(vs, str) else vs))
    return (f'<record>{head}<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/">{fields}</oai_dc:dc></metadata></record>')


def make_handler(repo: Repo):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            repo.requests.append(q)
            if repo.fail_503:
                repo.fail_503 -= 1
                self.send_response(503)
                self.send_header("Retry-After", "1")
                self.end_headers()
                return
            body = self.answer(q)
            xml = ('<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                   f"<responseDate>{repo.response_date}</responseDate><request>x</request>{body}</OAI-PMH>")
            data = xml.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def answer(self, q: dict[str, str]) -> str:
            verb = q.get("verb")
            if verb == "Identify":
                return ("<Identify><repositoryName>Облыстық кітапхана репозиторийі</repositoryName>"
                        "<baseURL>x</baseURL><protocolVersion>2.0</protocolVersion>"
                        "<earliestDatestamp>2015-01-01</earliestDatestamp><deletedRecord>persistent"
                        "</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify>")
            if verb != "ListRecords":
                return '<error code="badVerb">no such verb</error>'
            if "resumptionToken" in q:
                start, from_ = q["resumptionToken"].split("|")
                start_n = int(start)
            else:
                if q.get("metadataPrefix") != "oai_dc":
                    return '<error code="cannotDisseminateFormat">oai_dc only</error>'
                start_n, from_ = 0, q.get("from", "")
            items = sorted((i, r) for i, r in repo.records.items() if r["datestamp"] >= from_)
            if not items:
                return '<error code="noRecordsMatch">nothing</error>'
            page = items[start_n:start_n + PAGE]
            more = start_n + PAGE < len(items)
            token = f"<resumptionToken>{start_n + PAGE}|{from_}</resumptionToken>" if more else \
                "<resumptionToken/>"
            return "<ListRecords>" + "".join(_record_xml(i, r) for i, r in page) + token + "</ListRecords>"

    return Handler


@pytest.fixture
def oai():
    repo = Repo()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(repo))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    repo.url = f"http://127.0.0.1:{server.server_address[1]}/oai"
    try:
        yield repo
    finally:
        server.shutdown()
        server.server_close()


def fill(repo: Repo) -> None:
    repo.put("oai:lib:1", "2023-01-10", title="Сирек кітаптар көрмесі",
             creator=["Әлиева А.", "Петров П."], subject=["кітапхана", "көрме"],
             description="Кітапхана 2021 жылғы 8 сәуірде сирек кітаптар көрмесін ашты.",
             date="2021-04-08", language="kaz", identifier=["https://repo.example.kz/items/1", "ISBN 1"])
    repo.put("oai:lib:2", "2023-02-11", title="Встреча с читателями",
             description="Библиотека провела встречу с читателями.", date="2020",
             language="rus", identifier="https://repo.example.kz/items/2")
    repo.put("oai:lib:3", "2023-03-12", title="Manuscript catalogue",
             description="The catalogue of the manuscript collection.", language="en")
    repo.put("oai:lib:4", "2023-03-13", title="Gone", deleted=True)
    repo.put("oai:lib:5", "2023-03-14", title="Газеттер мұрағаты", description="Ескі газеттер.",
             language="kk")


def test_full_harvest_resumption_mapping_and_sources(oai, tmp_path):
    fill(oai)
    index = tmp_path / "index"
    report = harvest(oai.url, index)
    assert not report.failed and report.records == 5 and report.added == 4
    # 5 records at 2 per page: three ListRecords requests, two with a resumption token.
    lists = [q for q in oai.requests if q.get("verb") == "ListRecords"]
    assert len(lists) == 3 and sum("resumptionToken" in q for q in lists) == 2
    docs = stored_docs(index)
    one = docs["oai:lib:1"]
    assert one["title"] == "Сирек кітаптар көрмесі"
    assert "сирек кітаптар көрмесін ашты" in one["body"] and "Әлиева А." in one["body"]
    assert one["date"] == "2021-04-08" and one["year"] == 2021
    assert one["url"] == "https://repo.example.kz/items/1"
    assert one["source"] == "Облыстық кітапхана репозиторийі" and one["lang"] == "kk"
    assert docs["oai:lib:2"]["year"] == 2020 and docs["oai:lib:2"]["lang"] == "ru"
    assert "oai:lib:4" not in docs
    state = load_state(index)
    (entry,) = state.values()
    assert entry["from"] == "2024-03-01"


def test_incremental_harvest_updates_and_deletes(oai, tmp_path):
    fill(oai)
    index = tmp_path / "index"
    harvest(oai.url, index)
    oai.requests.clear()
    oai.put("oai:lib:2", "2024-03-05", title="Встреча с читателями (обновлено)",
            description="Библиотека провела вторую встречу.", language="rus")
    oai.put("oai:lib:3", "2024-03-05", deleted=True)
    oai.put("oai:lib:6", "2024-03-06", title="New record", description="A new report.", language="eng")
    oai.response_date = "2024-03-10T10:00:00Z"
    report = harvest(oai.url, index)
    lists = [q for q in oai.requests if q.get("verb") == "ListRecords"]
    assert lists[0].get("from") == "2024-03-01"
    assert report.records == 3 and report.added == 1 and report.updated == 1 and report.deleted == 1
    docs = stored_docs(index)
    assert "oai:lib:3" not in docs and "вторую встречу" in docs["oai:lib:2"]["body"]
    assert set(docs) == {"oai:lib:1", "oai:lib:2", "oai:lib:5", "oai:lib:6"}
    # Nothing changed since: an empty list (noRecordsMatch) is no error.
    again = harvest(oai.url, index)
    assert not again.failed and again.records == 0 and not again.changed


def test_harvested_records_and_archive_files_live_side_by_side(oai, tmp_path):
    fill(oai)
    archive = tmp_path / "archive"
    write(archive, "lib/news.txt", "Кітапхана жаңалықтары 2022 жылғы 3 мамырда жарияланды.")
    index = tmp_path / "index"
    index_paths([archive], index, jobs=1)
    harvest(oai.url, index)
    (archive / "lib/news.txt").unlink()
    write(archive, "lib/other.txt", "Library news of 5 May 2022.")
    index_paths([archive], index, jobs=1)  # deletes news.txt, must keep the records
    docs = stored_docs(index)
    assert "lib/news.txt" not in docs and "lib/other.txt" in docs and "oai:lib:1" in docs
    oai.put("oai:lib:1", "2024-04-01", deleted=True)
    harvest(oai.url, index)  # deletes a record, must keep the files
    docs = stored_docs(index)
    assert "oai:lib:1" not in docs and "lib/other.txt" in docs and "oai:lib:5" in docs


def test_retry_after_on_503(oai, tmp_path):
    fill(oai)
    oai.fail_503 = 2
    waits: list[float] = []
    client = Client(oai.url, sleep=waits.append)
    report = harvest(oai.url, tmp_path / "index", client=client)
    assert not report.failed and report.added == 4
    assert waits == [1.0, 1.0]


def test_repository_errors_and_exit_codes(oai, tmp_path):
    fill(oai)
    index = tmp_path / "index"
    cmd = [sys.executable, "-P", "-m", "muragat", "harvest"]
    ok = subprocess.run([*cmd, oai.url, "--index", str(index), "--source", "repo", "--quiet"],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "added 4" in ok.stdout
    assert {d["source"] for d in stored_docs(index).values()} == {"repo"}
    bad_prefix = subprocess.run([*cmd, oai.url, "--index", str(index), "--metadata-prefix", "marc21",
                                 "--quiet"], capture_output=True, text=True, timeout=300)
    assert bad_prefix.returncode == 1 and "cannotDisseminateFormat" in bad_prefix.stdout
    usage = subprocess.run([*cmd, "ftp://example/oai", "--index", str(index)],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "http" in usage.stderr and "Traceback" not in usage.stderr
    bad_date = subprocess.run([*cmd, oai.url, "--index", str(index), "--from", "yesterday"],
                              capture_output=True, text=True, timeout=60)
    assert bad_date.returncode == 2
    # A repository that does not answer: retried, then a failure (exit 1), no traceback.
    oai.fail_503 = 100
    down = harvest(oai.url, tmp_path / "index2", client=Client(oai.url, retries=2, sleep=lambda s: None))
    assert down.failed and "503" in down.failed[0].reason


def test_a_repository_that_never_answers_times_out_and_fails_by_name(tmp_path):
    """A server that accepts the connection and says nothing: each try ends at the timeout,
    the harvest fails with the reason (exit 1 for the command), nothing hangs."""
    import socket
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are queued and never answered
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/oai"
    try:
        start = time.monotonic()
        report = harvest(url, tmp_path / "index",
                         client=Client(url, timeout=0.5, retries=1, sleep=lambda s: None))
        elapsed = time.monotonic() - start
    finally:
        silent.close()
    assert report.failed and "timed out" in report.failed[0].reason
    assert "after 2 tries" in report.failed[0].reason
    assert elapsed < 10


def test_a_set_is_asked_for_and_remembered_apart(oai, tmp_path):
    fill(oai)
    index = tmp_path / "index"
    report = harvest(oai.url, index, set_spec="news")
    assert not report.failed and report.added == 4
    lists = [q for q in oai.requests if q.get("verb") == "ListRecords" and "resumptionToken" not in q]
    assert lists and all(q.get("set") == "news" for q in lists)
    assert list(load_state(index)) == [f"oai-pmh:{oai.url}#news"]
