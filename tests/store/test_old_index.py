"""An index written by an older Muragat still opens for search, and the indexer rebuilds it.

Whoosh pickles the schema (and the analyzer classes it names) into every TOC. Muragat opens
indexes with its own schema, so an index whose TOC names a module that has since moved (as
``store.analyzers`` became ``muragat.store.analyzers``) keeps answering; ``muragat index``
says it was built by an older Muragat and rebuilds it.
"""

from __future__ import annotations

from pathlib import Path

from muragat.indexer import index_paths
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.store.integrity import latest_generation, toc_name

MODULE = b"muragat.store.analyzers"
MOVED = b"muragat.gone0.analyzers"  # same length: the pickle stays well-formed


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _age(index: Path) -> None:
    """Make the index look written by an older Muragat: its pickled schema names a module
    that no longer exists, and it has no checksum record."""
    toc = index / toc_name(latest_generation(index))
    data = toc.read_bytes()
    assert MODULE in data, "the TOC should pickle the analyzer's class"
    toc.write_bytes(data.replace(MODULE, MOVED))
    for record in index.glob("muragat-checksums-*.json"):
        record.unlink()


def test_an_index_naming_a_moved_class_opens_and_is_rebuilt(tmp_path):
    archive = tmp_path / "archive"
    write(archive, "lib/kk.txt", "Кітапхана жаңалықтары\n\nЖаңа оқу залы ашылды.")
    write(archive, "lib/en.txt", "Library news\n\nA new reading room opened.")
    index = tmp_path / "index"
    assert index_paths([archive], index, jobs=1, progress=False).added == 2
    _age(index)

    engine = SearchEngine(index)
    try:
        assert engine.serving, engine.problem
        resp = engine.search(SearchRequest(q="залдар"))  # a Kazakh lemma match
        assert resp.error is None, resp.error
        assert [h.title for h in resp.hits] == ["Кітапхана жаңалықтары"]
    finally:
        engine.close()

    report = index_paths([archive], index, jobs=1, progress=False)
    assert any("older Muragat" in n for n in report.notes), report.notes
    assert report.added == 2 and report.committed and not report.failed
    again = index_paths([archive], index, jobs=1, progress=False)
    assert not again.changed and not any("older" in n for n in again.notes)
