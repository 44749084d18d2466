"""Power cuts during reindexing: SIGKILL ``muragat index`` at random moments.

Run 1 indexes an archive; run 2 (the same archive plus many more documents) is
killed with SIGKILL — the whole process group, workers included, as a power cut
would — at a random moment between its start and its expected end. After every
kill: the index opens, every run-1 document is searchable, no stale lock blocks
the next run, which completes and then has every document. Every third trial kills
the recovery run too before letting one finish.

Trials continue until ``TRIALS`` kills have hit a running indexer (a run can finish
before its random moment). Bounded in CI (3 kills, a few hundred documents);
``MURAGAT_RELIABILITY_FULL=1`` lands at least 20 kills in a 7,000-document run. ``MURAGAT_RELIABILITY_SEED`` replays the
same kill moments.

Also here: searches running in threads during a reindex keep answering, and a
served app (``create_app``) sees the new documents after the commit without a
restart (within ``APP_SEES_COMMIT_S``).
"""

from __future__ import annotations

import random
import shutil
import threading
import time

import pytest
import reliability_docgen as docgen
import reliability_support as rs

RUN1_DOCS = 2000 if rs.FULL else 150
RUN2_DOCS = 5000 if rs.FULL else 300
TRIALS = 20 if rs.FULL else 3
pytestmark = pytest.mark.slow  # bounded in CI; MURAGAT_RELIABILITY_FULL=1 for the full run
APP_SEES_COMMIT_S = 15.0  # the app refreshes at most every REFRESH_INTERVAL_S; generous bound
BATCH_WORDS = 25  # marker words per any-word query when checking many documents at once


def _index(archive, index, timeout_s: float = 900, kill_after_s: float | None = None):
    return rs.run_muragat(["index", str(archive), "--index", str(index), "--jobs", "2"],
                          timeout_s=timeout_s, kill_after_s=kill_after_s)


def _unfindable(engine, records: list[dict]) -> list[str]:
    """Ids of ``records`` that their marker word does not find.

    Checked in batches (any-word queries of ``BATCH_WORDS`` markers); a record a batch
    misses is searched alone before it counts as lost.
    """
    from muragat.search.models import SearchRequest

    lost = []
    for k in range(0, len(records), BATCH_WORDS):
        batch = records[k : k + BATCH_WORDS]
        response = engine.search(SearchRequest(
            q=" ".join(r["marker"] for r in batch), any_words=True, size=100,
            snippets=False, facets=False))
        found = {h.id for h in response.hits}
        for r in batch:
            if r["id"] not in found and r["id"] not in rs.search_ids(engine, r["marker"]):
                lost.append(r["id"])
    return lost


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory):
    """Run-1 index (pristine copy kept) and the archive grown for run 2."""
    from muragat.search.engine import SearchEngine

    base = tmp_path_factory.mktemp("crash")
    archive = base / "archive"
    run1 = docgen.compose_records(RUN1_DOCS, rs.SEED, start=0)
    run2 = docgen.compose_records(RUN2_DOCS, rs.SEED, start=RUN1_DOCS)
    docgen.write_jsonl_batches(archive / "run1", run1)
    pristine = base / "index-run1"
    first = _index(archive, pristine)
    assert first.returncode == 0, first.output[-3000:]
    assert not _unfindable(SearchEngine(pristine), run1), "run 1 itself lost documents"
    docgen.write_jsonl_batches(archive / "run2", run2)

    # One uninterrupted run 2: its duration spans the kill moments.
    reference = base / "index-reference"
    shutil.copytree(pristine, reference)
    full = _index(archive, reference)
    assert full.returncode == 0, full.output[-3000:]
    print(f"\nrun 1: {RUN1_DOCS} docs in {first.elapsed_s:.1f} s; "
          f"run 2: +{RUN2_DOCS} docs in {full.elapsed_s:.1f} s")
    return {"base": base, "archive": archive, "pristine": pristine, "run1": run1,
            "run2": run2, "run2_s": full.elapsed_s, "run1_s": first.elapsed_s,
            "reference": reference}


def test_reference_run_has_every_document(crash_setup):
    from muragat.search.engine import SearchEngine

    engine = SearchEngine(crash_setup["reference"])
    assert not _unfindable(engine, crash_setup["run1"] + crash_setup["run2"])


def test_sigkill_at_random_moments_never_loses_the_previous_run(crash_setup):
    from muragat.search.engine import SearchEngine

    rng = random.Random(rs.SEED)
    run2_s = crash_setup["run2_s"]
    trials, failures = [], []
    landed = 0  # kills that hit a running indexer (a run may finish before its moment)
    trial = 0
    while landed < TRIALS and trial < 2 * TRIALS:
        index = crash_setup["base"] / f"index-trial-{trial}"
        shutil.copytree(crash_setup["pristine"], index)
        kills = 2 if trial % 3 == 2 else 1
        moments = []
        for _ in range(kills):
            at = rng.uniform(0.05, run2_s)
            run = _index(crash_setup["archive"], index, kill_after_s=at)
            landed += run.returncode is None
            moments.append((round(at, 2), "killed" if run.returncode is None else
                            f"finished first (exit {run.returncode})"))
            try:
                engine = SearchEngine(index)  # the index opens ...
                lost = _unfindable(engine, crash_setup["run1"])  # ... and run 1 is whole
            except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
                failures.append(f"trial {trial} kill at {at:.2f}s: index does not open: {exc!r}")
                break
            if lost:
                failures.append(f"trial {trial} kill at {at:.2f}s: {len(lost)} run-1 docs lost, "
                                f"e.g. {lost[:5]}")
        # The next run is not blocked by a stale lock and finishes the job.
        done = _index(crash_setup["archive"], index, timeout_s=max(120.0, run2_s * 4))
        if done.timed_out or done.returncode != 0:
            failures.append(f"trial {trial}: recovery run {'hung' if done.timed_out else 'failed'} "
                            f"(exit {done.returncode}): {done.output[-800:]}")
        else:
            lost = _unfindable(SearchEngine(index), crash_setup["run1"] + crash_setup["run2"])
            if lost:
                failures.append(f"trial {trial}: after recovery {len(lost)} docs missing, "
                                f"e.g. {lost[:5]}")
        trials.append((trial, moments, round(done.elapsed_s, 1)))
        shutil.rmtree(index, ignore_errors=True)
        trial += 1
    print(f"\ncrash trials (seed {rs.SEED}, run 2 takes {run2_s:.1f} s, {landed} kills "
          f"landed): {trials}")
    assert not failures, "\n".join(failures)
    assert landed >= TRIALS, f"only {landed} of {TRIALS} kills hit a running indexer"


def test_sigkill_during_the_very_first_run_leaves_nothing_that_blocks(crash_setup):
    """No previous index at all: after the kill, the next run still builds a whole one."""
    from muragat.search.engine import SearchEngine

    rng = random.Random(rs.SEED + 1)
    archive = crash_setup["archive"] / "run1"
    for trial in range(3 if rs.FULL else 1):
        index = crash_setup["base"] / f"index-first-{trial}"
        _index(archive, index, kill_after_s=rng.uniform(0.3, 0.9 * crash_setup["run1_s"]))
        done = _index(archive, index, timeout_s=300)
        assert done.returncode == 0 and not done.timed_out, done.output[-2000:]
        assert not _unfindable(SearchEngine(index), crash_setup["run1"])
        shutil.rmtree(index, ignore_errors=True)


@pytest.fixture(scope="module")
def reindex_under_load(crash_setup):
    """Reindex (run 2) while threads search the engine and a served app; record everything."""
    from muragat.search.engine import SearchEngine
    from muragat.search.models import SearchRequest
    from muragat.web.app import create_app

    index = crash_setup["base"] / "index-live"
    shutil.copytree(crash_setup["pristine"], index)
    engine = SearchEngine(index)
    app = create_app({"INDEX_DIR": str(index), "RATE_LIMIT_PER_S": 0,
                      "REFRESH_INTERVAL_S": 0.5, "TESTING": True})
    new_word = crash_setup["run2"][-1]["marker"]
    new_id = crash_setup["run2"][-1]["id"]
    before = app.test_client().get("/api/search", query_string={"q": new_word}).get_json()

    stop = threading.Event()
    stats = {"searches": 0, "errors": [], "misses": []}
    lock = threading.Lock()
    rng = random.Random(rs.SEED)
    words = [(r["marker"], r["id"]) for r in rng.sample(crash_setup["run1"], 40)]

    def searcher(k: int) -> None:
        i = k
        while not stop.is_set():
            word, doc_id = words[i % len(words)]
            i += 1
            try:
                if k == 0 and i % 10 == 0:
                    engine.refresh()  # reopen while the writer may be committing
                response = engine.search(SearchRequest(q=word, snippets=True, facets=True))
                with lock:
                    stats["searches"] += 1
                    if response.error:
                        stats["errors"].append(f"{word}: {response.error}")
                    elif doc_id not in {h.id for h in response.hits}:
                        stats["misses"].append(word)
            except Exception as exc:  # noqa: BLE001 - recorded, asserted below
                with lock:
                    stats["errors"].append(f"{word}: {exc!r}")

    threads = [threading.Thread(target=searcher, args=(k,), daemon=True) for k in range(3)]
    for t in threads:
        t.start()
    run = _index(crash_setup["archive"], index)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(timeout=30)

    client = app.test_client()
    seen_after = None
    deadline = time.monotonic() + APP_SEES_COMMIT_S
    start = time.monotonic()
    while time.monotonic() < deadline:
        data = client.get("/api/search", query_string={"q": new_word}).get_json()
        if data and new_id in {h["id"] for h in data.get("hits", [])}:
            seen_after = time.monotonic() - start
            break
        time.sleep(0.25)
    engine.refresh()
    return {"run": run, "stats": stats, "before": before, "seen_after": seen_after,
            "engine": engine, "new_word": new_word, "new_id": new_id}


def test_searches_during_reindex_keep_working(reindex_under_load):
    r = reindex_under_load
    assert r["run"].returncode == 0, r["run"].output[-3000:]
    stats = r["stats"]
    print(f"\n{stats['searches']} searches during the reindex")
    assert stats["searches"] > 0
    assert not stats["errors"], stats["errors"][:10]
    assert not stats["misses"], f"run-1 documents missing during reindex: {stats['misses'][:10]}"


def test_engine_sees_new_documents_after_refresh(reindex_under_load):
    r = reindex_under_load
    assert r["new_id"] in rs.search_ids(r["engine"], r["new_word"])


def test_served_app_sees_new_documents_without_restart(reindex_under_load):
    r = reindex_under_load
    assert r["before"] is not None and r["before"]["total"] == 0
    assert r["seen_after"] is not None, (
        f"the app did not show a committed document within {APP_SEES_COMMIT_S} s")
