"""Writing an index: the interface indexer/ uses (the engine's writer objects stay in here).

Documents arrive analyzed: their stored values and, per field, each term's positions
(``analysis`` made them). ``store`` adds what the schema derives from them (the tie-break
and date keys) and hands them to the engine.

* ``SegmentWriter`` — a worker's own segment (no lock): ``add`` documents, watch
  ``held_bytes``, ``finish`` to get the segment for the committing writer.
* ``IndexWriter`` — the committing writer of a run (the engine's write lock): adds,
  replaces and deletes documents, reads what the index holds (``stored_documents``),
  leaves damaged segments out (``drop_segments``), and ``commit``s its own changes with the
  workers' segments in one generation, or ``cancel``s them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from muragat.store.analyzers import TermStream
from muragat.store.index import (
    cancel_writer,
    commit_with_segments,
    drop_segments,
    finish_segment,
    index_writer,
    segment_writer,
)
from muragat.store.schema import ID_FIELD, date_key, id_key

Terms = Mapping[str, Mapping[str, Sequence[int]]]  # field -> term -> positions


def engine_fields(doc_id: str, stored: Mapping[str, Any], terms: Terms) -> dict[str, Any]:
    """The engine's fields of one document (for writers of the engine itself: tests, merges)."""
    fields = dict(stored)
    fields[ID_FIELD] = doc_id
    fields["idkey"] = id_key(doc_id)
    fields["datekey"] = date_key(fields.get("date"), fields.get("year")) or None
    for name, positions in terms.items():
        fields[name] = TermStream.grouped(positions)
    return fields


class _Writer:
    def __init__(self, writer: Any):
        self._w = writer

    @property
    def held_bytes(self) -> int:
        """Postings held in memory (finish or commit before this grows too large)."""
        return int(getattr(self._w, "held_bytes", 0))

    def add(self, doc_id: str, stored: Mapping[str, Any], terms: Terms) -> None:
        """Add a document (its ``stored`` values and its ``terms`` per field)."""
        self._w.add_document(**engine_fields(doc_id, stored, terms))


class SegmentWriter(_Writer):
    """A worker's writer of one new segment; takes no lock (the committing process holds it)."""

    def __init__(self, ix: Any, limitmb: int):
        super().__init__(segment_writer(ix, limitmb))

    def finish(self) -> Any | None:
        """Close the segment and return it for ``IndexWriter.commit`` (None: no documents)."""
        return finish_segment(self._w)


class IndexWriter(_Writer):
    """The committing writer of a run; ``IndexLockedError`` when another program holds the
    engine's write lock past ``timeout`` seconds."""

    def __init__(self, ix: Any, limitmb: int, timeout: float):
        super().__init__(index_writer(ix, limitmb, timeout=timeout))

    @property
    def generation(self) -> int:
        """The generation the next commit writes."""
        return int(self._w.generation)

    def replace(self, doc_id: str, stored: Mapping[str, Any], terms: Terms) -> None:
        """Add a document, deleting any document of the same id."""
        self._w.update_document(**engine_fields(doc_id, stored, terms))

    def delete(self, doc_id: str) -> None:
        """Delete the document ``doc_id`` (if the index holds it)."""
        self._w.delete_by_term(ID_FIELD, doc_id)

    def stored_documents(self) -> Iterator[dict[str, Any]]:
        """The stored values of every live document the index holds."""
        with self._w.searcher() as searcher:
            yield from searcher.all_stored_fields()

    def drop_segments(self, segment_ids: set[str], read_ids: bool = True) -> set[str]:
        """Leave damaged segments out of the next commit; the ids the rest still hold."""
        return drop_segments(self._w, segment_ids, read_ids=read_ids)

    def commit(self, segments: Sequence[Any] = (), clear: bool = False) -> None:
        """Commit this writer's changes with the workers' ``segments`` as one generation
        (``clear``: the index's earlier segments go, a rebuild's single swap)."""
        commit_with_segments(self._w, list(segments), clear=clear)

    def cancel(self) -> None:
        """Drop everything written since the last commit (the files of the new segment too)."""
        cancel_writer(self._w)
