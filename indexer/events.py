"""What reading and analysis report back to the committing process, in order.

Tasks (``indexer.tasks``) run inline or in worker processes and return a list of these
events; the workers replace each ``Analyzed`` by a ``Written`` once the document is in
their own segment. All are small, picklable values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from muragat.indexer.prepare import PreparedDocument


@dataclass(slots=True)
class FileOutcome:
    """How reading one file went."""

    sig: tuple[int, int] | None
    error: str | None = None  # the whole file failed
    failures: list[tuple[str, str]] = field(default_factory=list)  # record-level problems
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    encoding_certain: bool = True
    nbytes: int = 0
    ndocs: int = 0
    partial: bool = False  # some records failed (the others were read)
    needs_ocr: str | None = None  # scanned pages left unread: Tesseract is not installed


@dataclass(frozen=True, slots=True)
class Analyzed:
    """A document to add or replace, analyzed."""

    file: str
    doc: PreparedDocument


@dataclass(frozen=True, slots=True)
class Written:
    """A document a worker wrote into its own segment (its old version is still to delete)."""

    file: str
    id: str
    hash: str
    lang: str
    year: int | None


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A document whose content hash did not change since the last run."""

    file: str
    id: str
    hash: str


@dataclass(frozen=True, slots=True)
class RecordFailed:
    """One record of a file could not be read or analyzed (the others were)."""

    file: str
    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class FileDone:
    """A file is finished (read, or failed: ``outcome.error``)."""

    file: str
    outcome: FileOutcome


Event = Analyzed | Written | Unchanged | RecordFailed | FileDone
