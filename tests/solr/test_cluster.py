"""Muragat on a real 2-node SolrCloud, collections of 2 shards x 2 replicas: the same answers
as the embedded index for every query form, incremental runs and deletions, a node stopped
while searching and its restart, and a node killed with SIGKILL while indexing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from muragat.indexer import index_documents, index_paths
from muragat.indexer.solr_session import SolrTarget, manifest_file
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.store.solr import devcluster
from muragat.store.solr.admin import collections, replica_states, wait_active
from muragat.store.solr.client import SolrClient
from muragat.store.solr.location import SolrLocation

# Every query form of tests/search (query language, modes, filters, sorting, paging, browsing,
# corrections), as SearchRequest arguments.
REQUESTS = [
    dict(q="кітапханалар"), dict(q="библиотеками"), dict(q="libraries"),
    dict(q="Pushkin reading"), dict(q="Pushkin library"), dict(q='"Pushkin library"'),
    dict(q='"библиотеками"'), dict(q='"кітапханалар"'), dict(q="мұражай OR конференция"),
    dict(q="библиотека -Казахстан"), dict(q="библиотека NOT казахстана"),
    dict(q="(conference OR конференция) year:2020..2021"), dict(q="кітапхан*"),
    dict(q="title:library"), dict(q="title:конференция"), dict(q='title:"научная конференция"'),
    dict(q="конференция lang:ru"), dict(q="library year:2021"), dict(q="library source:akorda"),
    dict(q="китапхана"), dict(q="kitaphana"), dict(q="kıtaphana"),
    dict(q="Pushkin museum"), dict(q="Pushkin museum", any_words=True),
    dict(q="history of the library"), dict(q="what is the history of the library", any_words=True),
    dict(q="библиотека", langs=("ru",)), dict(q="library", year_from=2019, year_to=2021),
    dict(q="кітапхана", sources=("ertis",)), dict(q="library", sort="newest"),
    dict(q="библиотека", sort="oldest"), dict(q="library", size=2, page=2),
    dict(q=""), dict(q="", sort="oldest", size=2), dict(q="", langs=("kk",)),
    dict(q="", year_from=2019, year_to=2020, size=2, page=2), dict(q="source:akorda", size=50),
    dict(q="Pushkin librery", langs=("en",)), dict(q="r3nfg[fyf"), dict(q="r3nfg[fyf", correct=False),
    dict(q="qqqzzzxx"), dict(q="(("), dict(q="library", size=10_000, page=0),
    dict(q="library", sort="sideways", langs=("zz",)), dict(q="1985-1991 OR 2021"),
]


def _comparable(resp):
    hits = sorted(((h.id, round(h.score, 3), h.title, h.snippet, h.year, h.lang, h.source)
                   for h in resp.hits), key=lambda x: (-x[1], x[0]))
    return (resp.total, resp.facets, resp.error, resp.error_code, resp.suggestion,
            resp.corrected_query, resp.notes, hits)


@pytest.fixture(scope="module")
def engines(solr_cluster, search_archive, tmp_path_factory):
    folder, info = solr_cluster
    tmp = tmp_path_factory.mktemp("solr-forms")
    docs = search_archive
    index_documents(docs, tmp / "whoosh", rebuild=True)
    location = SolrLocation(tuple(info.urls), "forms")
    index_documents(docs, tmp / "state", rebuild=True, solr=SolrTarget(location, 2, 2))
    whoosh, solr = SearchEngine(tmp / "whoosh"), SearchEngine(str(location))
    yield whoosh, solr, location
    whoosh.close()
    solr.close()


def test_collection_is_two_shards_by_two_replicas_on_two_nodes(engines, solr_client):
    states = replica_states(solr_client, "forms")
    assert len(states) == 4 and {s[0] for s in states} == {"shard1", "shard2"}
    assert len({s[1] for s in states}) == 2  # both nodes hold replicas
    for shard in ("shard1", "shard2"):
        assert len({s[1] for s in states if s[0] == shard}) == 2  # one replica per node


@pytest.mark.parametrize("kw", REQUESTS, ids=[f"{i}:{r['q']}" for i, r in enumerate(REQUESTS)])
def test_every_query_form_gives_the_embedded_answers(engines, kw):
    whoosh, solr, _ = engines
    a, b = whoosh.search(SearchRequest(**kw)), solr.search(SearchRequest(**kw))
    assert _comparable(b) == _comparable(a)


def test_documents_similar_completion_and_explain(engines):
    whoosh, solr, _ = engines
    for doc_id in ("kk-lib-2021", "ru-lib-2020", "mixed-2022"):
        da, db = whoosh.document(doc_id, "кітапхана library"), solr.document(doc_id, "кітапхана library")
        assert db is not None and (db.title, db.body, db.html_segments, db.year, db.langs) == \
            (da.title, da.body, da.html_segments, da.year, da.langs)
        sa, sb = whoosh.similar(doc_id, 3), solr.similar(doc_id, 3)
        assert [(h.id, h.score, h.snippet) for h in sb] == [(h.id, h.score, h.snippet) for h in sa]
        ea, eb = whoosh.explain(doc_id, "кітапхана library"), solr.explain(doc_id, "кітапхана library")
        assert (eb["matched"], eb["score"], eb["fields"]) == (ea["matched"], ea["score"], ea["fields"])
    assert solr.document("no-such-id") is None
    for prefix in ("кітап", "библ", "lib"):
        assert solr.complete(prefix) == whoosh.complete(prefix)
    assert solr.stats()["documents"] == whoosh.stats()["documents"]


def test_cli_search_and_a_missing_solr_are_clear(engines, tmp_path):
    _, _, location = engines
    muragat = [sys.executable, "-m", "muragat"]
    out = subprocess.run([*muragat, "search", "библиотека", "--backend", "solr", "--solr",
                          ",".join(location.urls), "--collection", "forms", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] > 0
    bad = subprocess.run([*muragat, "search", "x", "--backend", "solr"], capture_output=True,
                         text=True, timeout=60, env={**os.environ, "MURAGAT_SOLR_URL": ""})
    assert bad.returncode == 2 and "--solr" in bad.stderr and "Traceback" not in bad.stderr


KK = "Облыстық кітапхана жаңа оқу залын ашты. Оқырмандар кітаптар мен газеттерді оқыды."
RU = "Областная библиотека открыла новый читальный зал. Читатели пришли на встречу."
EN = "The regional library opened a new reading room. Readers came to the meeting."


def _ids(client: SolrClient, collection: str) -> set[str]:
    data = client.request(f"/{collection}/select", {"q": "*:*", "fl": "id", "rows": 1000})
    return {d["id"] for d in data["response"]["docs"]}


def test_incremental_runs_deletions_recovery_and_rebuild(solr_cluster, solr_client, tmp_path):
    _, info = solr_cluster
    archive, state = tmp_path / "archive" / "ertis", tmp_path / "state"
    archive.mkdir(parents=True)
    (archive / "kk.txt").write_text(KK, encoding="utf-8")
    (archive / "ru.txt").write_text(RU, encoding="utf-8")
    (archive / "en.txt").write_text(EN, encoding="utf-8")
    (archive / "records.jsonl").write_text("\n".join(json.dumps(
        {"id": f"rec-{i}", "title": f"Жазба {i}", "text": f"{KK} Нөмір {i}."},
        ensure_ascii=False) for i in range(3)) + "\n", encoding="utf-8")
    target = SolrTarget(SolrLocation(tuple(info.urls), "incremental"), 2, 2)
    root = tmp_path / "archive"

    first = index_paths([root], state, solr=target, jobs=2)
    assert (first.added, first.failed) == (6, []) and manifest_file(state, "incremental").is_file()
    ids = _ids(solr_client, "incremental")
    assert len(ids) == 6 and {"rec-0", "rec-1", "rec-2"} <= ids

    again = index_paths([root], state, solr=target)
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 6)
    assert not again.committed

    (archive / "ru.txt").write_text(RU + " Новая выставка редких рукописей.", encoding="utf-8")
    (archive / "en.txt").unlink()
    (archive / "records.jsonl").write_text(json.dumps(
        {"id": "rec-0", "title": "Жазба 0", "text": f"{KK} Нөмір 0."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (archive / "new.txt").write_text("Кітапханада жаңа көрме ашылды.", encoding="utf-8")
    third = index_paths([root], state, solr=target, jobs=1)
    assert (third.added, third.updated, third.deleted) == (1, 1, 3)
    ids = _ids(solr_client, "incremental")
    assert len(ids) == 4 and "rec-1" not in ids and not any(i.endswith("en.txt") for i in ids)
    engine = SearchEngine(str(target.location))
    assert engine.search(SearchRequest(q="рукописей")).total == 1
    assert engine.search(SearchRequest(q="reading room")).total == 0

    manifest_file(state, "incremental").unlink()  # another machine: rebuilt from the collection
    fourth = index_paths([root], state, solr=target)
    assert fourth.added == 0 and fourth.unchanged == 4
    assert any("rebuilt it from the collection" in n for n in fourth.notes)

    (archive / "kk.txt").unlink()
    rebuilt = index_paths([root], state, solr=target, rebuild=True)
    assert rebuilt.added == 3 and len(_ids(solr_client, "incremental")) == 3
    assert engine.search(SearchRequest(q="", size=50)).total == 3


def test_search_goes_on_while_a_node_stops_and_rejoins(solr_cluster, solr_client, engines):
    folder, _ = solr_cluster
    _, solr, _ = engines
    queries = [r for r in REQUESTS[:20]]
    expected = {i: _comparable(solr.search(SearchRequest(**kw))) for i, kw in enumerate(queries)}
    problems: list[str] = []
    rounds = [0]
    done = threading.Event()

    def search_loop() -> None:
        deadline = time.monotonic() + 240
        while not done.is_set() and time.monotonic() < deadline:
            for i, kw in enumerate(queries):
                got = _comparable(solr.search(SearchRequest(**kw)))
                if got != expected[i]:
                    problems.append(f"{kw}: {got[:4]} != {expected[i][:4]}")
                rounds[0] += 1  # searches answered

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        time.sleep(2)
        before = rounds[0]
        assert devcluster.stop(folder, node=2) == ["node2"]
        assert devcluster.running_nodes(folder) == [1]
        down = rounds[0]
        time.sleep(5)  # searches answered by node 1's replicas alone
        during = rounds[0] - down
        devcluster.start(folder)  # node 2 rejoins with its cores
        wait_active(solr_client, "forms", timeout=180)
        time.sleep(2)
    finally:
        done.set()
        thread.join(timeout=120)
    assert not problems, problems[:3]
    assert before > 0 and during > 0  # searches went on while node 2 was down
    assert devcluster.running_nodes(folder) == [1, 2]
    assert all(s[2] == "active" and s[3] for s in replica_states(solr_client, "forms"))


def _fault_archive(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    sentences = [KK, RU, EN]
    with open(folder / "records.jsonl", "w", encoding="utf-8") as f:
        for i in range(n):
            text = " ".join(sentences[(i + k) % 3] for k in range(3)) + f" {i} жыл {2000 + i % 25}."
            f.write(json.dumps({"id": f"doc-{i}", "title": f"Хабар {i}", "text": text},
                               ensure_ascii=False) + "\n")


def test_sigkill_of_a_node_while_indexing_then_a_rerun_completes(solr_cluster, solr_client,
                                                                  tmp_path):
    folder, info = solr_cluster
    n = 4000
    _fault_archive(tmp_path / "archive" / "fault", n)
    state = tmp_path / "state"
    cmd = [sys.executable, "-m", "muragat", "index", str(tmp_path / "archive"), "--index",
           str(state), "--backend", "solr", "--solr", ",".join(info.urls), "--collection",
           "fault", "--shards", "2", "--replicas", "2", "--jobs", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and "fault" not in collections(solr_client):
        time.sleep(0.5)
    wait_active(solr_client, "fault", timeout=120)  # created: documents are being sent
    time.sleep(5)
    assert proc.poll() is None, "the run finished before the node could be killed"
    devcluster.stop(folder, node=2, kill=True)
    try:
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
    # It either completed through the other replicas or stopped with a clear error.
    assert "Traceback" not in err, err[-2000:]
    assert proc.returncode in (0, 1), (proc.returncode, err[-1000:])
    if proc.returncode == 1:
        assert "run the same command again" in err
    print(f"\nSIGKILL of node 2 while indexing: first run exit {proc.returncode}: "
          f"{(out + err).strip().splitlines()[-1:]}")
    devcluster.start(folder)
    wait_active(solr_client, "fault", timeout=180)  # node 2's replicas recover
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    # Every document whole: its stored hash is the manifest's, its analysed fields are there.
    manifest = json.loads(manifest_file(state, "fault").read_text(encoding="utf-8"))
    expected = {k: v for e in manifest["files"].values() for k, v in e["docs"].items()}
    assert len(expected) == n
    data = solr_client.request("/fault/select", {"q": "*:*", "rows": n + 10,
                                                 "fl": "id,hash,len_exact,title"})
    docs = data["response"]["docs"]
    assert data["response"]["numFound"] == n
    assert {d["id"]: d["hash"] for d in docs} == expected
    assert all(d.get("len_exact", 0) > 0 and d.get("title") for d in docs)
    missing = solr_client.request("/fault/select", {"q": "*:* -exact:[* TO *]", "rows": 0})
    assert missing["response"]["numFound"] == 0


def test_serve_answers_from_the_collection(engines):
    import socket
    import urllib.parse
    import urllib.request

    _, solr, location = engines
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "muragat", "serve", "--backend", "solr",
                             "--solr", ",".join(location.urls), "--collection", "forms",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.load(r)
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.5)
        assert health is not None
        url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": "библиотека"})
        with urllib.request.urlopen(url, timeout=30) as r:
            data = json.load(r)
        expected = solr.search(SearchRequest(q="библиотека"))
        assert data["total"] == expected.total > 0
        assert [h["id"] for h in data["hits"]] == [h.id for h in expected.hits]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_site_shows_source_names_from_the_state_folder(solr_cluster, tmp_path):
    """``muragat-sources.json`` is written into the state folder of a Solr run; the site over
    the collection reads the display names from there (``SOURCES_DIR``)."""
    from muragat.web.app import create_app

    _, info = solr_cluster
    folder = tmp_path / "archive" / "oblys-lib"
    folder.mkdir(parents=True)
    (folder / "muragat-source.yaml").write_text(
        "id: oblys\nname:\n  kk: Облыстық ғылыми кітапхана\n  ru: Областная научная библиотека\n"
        "  en: Regional Research Library\nhomepage: https://oblys-lib.example.kz/\n",
        encoding="utf-8")
    (folder / "exhibition.txt").write_text(
        "Кітапхана 2021 жылғы 8 сәуірде сирек кітаптар көрмесін ашты.", encoding="utf-8")
    location = SolrLocation(tuple(info.urls), "sources")
    state = tmp_path / "state"
    report = index_paths([tmp_path / "archive"], state, jobs=1, progress=False,
                         solr=SolrTarget(location, 2, 2))
    assert not report.failed and (state / "muragat-sources.json").is_file()
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "INDEX_DIR": str(location),
                      "SOURCES_DIR": str(state)})
    page = app.test_client().get("/search?q=кітапхана&ui=ru").get_data(as_text=True)
    assert page.count("Областная научная библиотека") >= 2  # the hit and the source facet
    without = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "INDEX_DIR": str(location)})
    page = without.test_client().get("/search?q=кітапхана&ui=ru").get_data(as_text=True)
    assert "Областная научная библиотека" not in page and 'value="oblys"' in page
