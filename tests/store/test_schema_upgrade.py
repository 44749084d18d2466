"""An index written before the current schema (here: before the ``names`` field of issue 17)
is recognized and rebuilt by the next ``muragat index`` run, never used half-upgraded."""

from __future__ import annotations

from muragat.indexer import index_paths
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest
from muragat.store import index as store_index
from muragat.store.schema import NAMES_FIELD, build_schema


def _old_index(index_dir, monkeypatch) -> None:
    """An index whose table of contents has the schema without the names field."""

    def without_names():
        schema = build_schema()
        schema.remove(NAMES_FIELD)
        return schema

    with monkeypatch.context() as mp:
        mp.setattr(store_index, "build_schema", without_names)
        ix = store_index.create_index(index_dir)
    writer = ix.writer()
    writer.add_document(id="old", title="Pushkin Library", body="The Pushkin Library reopened.",
                        hash="0")
    writer.commit()


def test_current_index_matches(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Кітапхана ашылды.", encoding="utf-8")
    index_paths([tmp_path / "a"], tmp_path / "ix", jobs=1)
    assert store_index.schema_matches(tmp_path / "ix")


def test_index_without_the_names_field_is_rebuilt(tmp_path, monkeypatch):
    _old_index(tmp_path / "ix", monkeypatch)
    assert not store_index.schema_matches(tmp_path / "ix")
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "pushkin.txt").write_text("Pushkin Library\n\nThe Pushkin Library reopened.",
                                         encoding="utf-8")
    report = index_paths([archive], tmp_path / "ix", jobs=1)
    assert any("older Muragat" in n for n in report.notes), report.notes
    assert store_index.schema_matches(tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    try:
        hits = engine.search(SearchRequest(q="Пушкин")).hits
    finally:
        engine.close()
    assert [h.id for h in hits] and "old" not in [h.id for h in hits]
