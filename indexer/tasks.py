"""Work done in analysis worker processes: read files and/or analyze documents.

A task returns a list of events (``indexer.events``), consumed in order by the committing
process: ``Analyzed`` documents, ``Unchanged`` ones, ``RecordFailed`` records and one
``FileDone`` per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from muragat.indexer.document import Document
from muragat.indexer.events import (
    Analyzed,
    Event,
    FileDone,
    FileOutcome,
    RecordFailed,
    Unchanged,
)
from muragat.indexer.metadata import complete
from muragat.indexer.prepare import document_hash, prepare_document
from muragat.indexer.readers import NeedsOCR, ReadContext, ReadError, reader_for
from muragat.indexer.sources import Source, apply_source


@dataclass
class FileJob:
    """One file for a worker to read and analyze."""

    path: str
    rel: str
    kind: str
    sig: tuple[int, int]
    old_docs: dict[str, str] = field(default_factory=dict)  # id -> hash from the last run
    encoding_hint: str | None = None
    source: Source | None = None  # from the nearest muragat-source.yaml above the file


def make_context(path: str | Path, rel: str, max_bytes: int, hint: str | None) -> ReadContext:
    """The ``ReadContext`` for one file."""
    return ReadContext(Path(path), rel, max_bytes, encoding_hint=hint)


def analyze_docs(batch: list[tuple[Document, str]], complete_first: bool = False) -> list[Event]:
    """Task: analyze documents already read (with their hashes).

    ``complete_first``: the documents come as read (JSON Lines records streamed by the
    main process); their metadata (title, date, source) is completed here, in parallel.
    A document the analysis fails on becomes a ``RecordFailed`` event.
    """
    events: list[Event] = []
    for doc, digest in batch:
        try:
            if complete_first:
                complete(doc, doc.file)
            events.append(Analyzed(doc.file, prepare_document(doc, digest)))
        except Exception as exc:  # never lose the run over one document
            events.append(RecordFailed(doc.file, doc.id, f"analysis failed: {type(exc).__name__}: {exc}"))
    return events


def read_files(jobs_and_limit: tuple[list[FileJob], int]) -> list[Event]:
    """Task: read, complete and analyze files; unchanged documents are not analyzed."""
    jobs, max_bytes = jobs_and_limit
    events: list[Event] = []
    for job in jobs:
        ctx = make_context(job.path, job.rel, max_bytes, job.encoding_hint)
        outcome = FileOutcome(job.sig)
        file_events: list[Event] = []
        try:
            reader = reader_for(job.kind)
            if reader is None:
                raise ReadError(f"unsupported file type {job.kind!r}")
            for doc in reader(ctx):
                complete(doc, job.rel)
                apply_source(doc, job.source)
                digest = document_hash(doc)
                if job.old_docs.get(doc.id) == digest:
                    file_events.append(Unchanged(job.rel, doc.id, digest))
                else:
                    file_events.append(Analyzed(job.rel, prepare_document(doc, digest)))
                outcome.ndocs += 1
        except NeedsOCR as exc:  # not a failure: the file is read once OCR is installed
            ctx.needs_ocr = str(exc)
            file_events = []
        except ReadError as exc:
            outcome.error = str(exc)
            file_events = []
        except Exception as exc:  # a reader library choking on bad input: report, never crash
            outcome.error = f"{type(exc).__name__}: {exc}"
            file_events = []
        outcome.needs_ocr = ctx.needs_ocr
        outcome.failures = ctx.failures
        outcome.partial = bool(ctx.failures)
        outcome.notes = ctx.notes
        outcome.encoding = ctx.encoding
        outcome.encoding_certain = ctx.encoding_certain
        outcome.nbytes = ctx.bytes_read
        events.extend(file_events)
        events.append(FileDone(job.rel, outcome))
    return events
