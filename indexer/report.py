"""What an indexing run did: counts, failures, languages, years, speed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FileFailure:
    """A file (or record) that could not be read, and why."""

    path: str
    reason: str


@dataclass
class IndexReport:
    """The outcome of one run of the indexer (returned by ``index_paths``/``index_documents``)."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    duplicates: int = 0  # records whose id another record of this run also had
    failed: list[FileFailure] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # unsupported extension -> files
    skipped_files: list[FileFailure] = field(default_factory=list)  # each skipped file, named
    # Scanned files (or pages) left unread: Tesseract is not installed. Not failures.
    needs_ocr: list[FileFailure] = field(default_factory=list)
    ocr: dict | None = None  # the OCR stage: pages, cached, read, failed, seconds, engine
    # The semantic layer (``indexer.vectors``): documents, embedded, cached, seconds, passages/s.
    vectors: dict | None = None
    langs: Counter[str] = field(default_factory=Counter)  # primary language of written docs
    year_min: int | None = None
    year_max: int | None = None
    notes: list[str] = field(default_factory=list)  # encodings assumed, truncations, rebuilds
    files: int = 0  # supported files seen
    bytes_read: int = 0
    elapsed: float = 0.0
    committed: bool = False  # False: the index was left as it was
    repaired: int = 0  # documents of damaged segments indexed again
    checked_files: int = 0  # index files verified against their checksums
    checked_bytes: int = 0  # bytes hashed to verify them

    @property
    def written(self) -> int:
        """Documents added or updated."""
        return self.added + self.updated

    @property
    def changed(self) -> bool:
        """True when the run changed the index."""
        return bool(self.added or self.updated or self.deleted)

    @property
    def docs_per_s(self) -> float:
        """Documents processed (written, found unchanged, or duplicates) per second."""
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def processed(self) -> int:
        """Documents read and handled (written, unchanged, or records with a repeated id)."""
        return self.written + self.unchanged + self.duplicates

    @property
    def mb_per_s(self) -> float:
        """Megabytes read per second."""
        return self.bytes_read / 1e6 / self.elapsed if self.elapsed > 0 else 0.0

    def count_year(self, year: int | None) -> None:
        """Widen the year range with ``year``."""
        if year is None:
            return
        self.year_min = year if self.year_min is None else min(self.year_min, year)
        self.year_max = year if self.year_max is None else max(self.year_max, year)

    def count_written(self, doc_id: str, lang: str, year: int | None, existing: set[str],
                      written: set[str]) -> None:
        """Count a document a run wrote: updated when ``existing`` (the index's ids not yet
        rewritten, from which it is removed) held it, a duplicate when ``written`` (this run's
        ids, to which it is added) did, else added."""
        if doc_id in existing:
            self.updated += 1
            existing.discard(doc_id)
        elif doc_id in written:
            self.note(f"duplicate id {doc_id!r}: the last record wins")
            self.duplicates += 1
        else:
            self.added += 1
        written.add(doc_id)
        self.langs[lang] += 1
        self.count_year(year)

    def fail(self, path: str, reason: str) -> None:
        """Record a failure."""
        self.failed.append(FileFailure(path, reason))

    def skip(self, path: str, reason: str) -> None:
        """Record a file that is not indexed (not an error)."""
        self.skipped_files.append(FileFailure(path, reason))

    def pending_ocr(self, path: str, reason: str) -> None:
        """Record a scanned file (or its scanned pages) left unread for want of OCR."""
        self.needs_ocr.append(FileFailure(path, reason))

    def status_records(self) -> list[dict[str, str]]:
        """Every file not (fully) indexed: ``{"path", "status", "reason"}``, status one of
        ``failed``, ``needs-ocr``, ``skipped`` (the lines of ``muragat index --report``)."""
        out = [{"path": f.path, "status": "failed", "reason": f.reason} for f in self.failed]
        out += [{"path": f.path, "status": "needs-ocr", "reason": f.reason} for f in self.needs_ocr]
        out += [{"path": f.path, "status": "skipped", "reason": f.reason} for f in self.skipped_files]
        return out

    def note(self, text: str) -> None:
        """Record a note once."""
        seen = self.__dict__.setdefault("_noted", set())
        if text not in seen:
            seen.add(text)
            self.notes.append(text)

    def summary_lines(self, max_failures: int = 50) -> list[str]:
        """The human summary printed at the end of ``muragat index``."""
        lines = []
        if not self.changed:
            lines.append(f"index unchanged: nothing to write ({self.unchanged} documents up to date)")
        lines.append(
            f"added {self.added}, updated {self.updated}, deleted {self.deleted}, "
            f"unchanged {self.unchanged}, failed {len(self.failed)}"
            + (f", repeated ids {self.duplicates}" if self.duplicates else "")
        )
        if self.langs:
            lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in self.langs.most_common()))
        if self.year_min is not None:
            lines.append(f"years: {self.year_min}-{self.year_max}")
        if self.skipped:
            kinds = ", ".join(f"{ext or '(none)'} {n}" for ext, n in self.skipped.most_common())
            lines.append(f"skipped {sum(self.skipped.values())} unsupported files: {kinds}")
        if self.ocr and self.ocr.get("pages"):
            o = self.ocr
            rate = f", {o['read'] / o['seconds']:.2f} pages/s" if o["read"] and o["seconds"] else ""
            lines.append(f"OCR: {o['pages']} scanned pages in {o['files']} files, {o['cached']} from "
                         f"the cache, {o['read']} read{rate}"
                         + (f", {o['failed']} failed" if o["failed"] else "") + f" ({o['engine']})")
        if self.vectors and self.vectors.get("documents") is not None:
            v = self.vectors
            done = v.get("embedded", 0) + v.get("windows_embedded", 0)
            rate = (f" in {v['seconds']:.0f} s ({v['passages_per_s']:.2f} passages/s)"
                    if done and v.get("seconds") else "")
            windows = (f" (+ {v['windows_embedded']} of {v['windows']} sentence windows)"
                       if v.get("windows") is not None else "")
            lines.append(f"semantic layer: {v['documents']} documents, {v['embedded']} embedded"
                         f"{windows}{rate}, {v['cached']} from the cache")
        lines.append(
            f"{self.files} files, {self.bytes_read / 1e6:.1f} MB in {self.elapsed:.1f} s: "
            f"{self.docs_per_s:.0f} docs/s, {self.mb_per_s:.2f} MB/s"
        )
        lines.extend(f"note: {n}" for n in self.notes)
        for label, items in (("SKIPPED", self.skipped_files), ("NEEDS OCR", self.needs_ocr)):
            for f in items[:max_failures]:
                lines.append(f"{label} {f.path}: {f.reason}")
            if len(items) > max_failures:
                lines.append(f"... and {len(items) - max_failures} more (see --report FILE)")
        for f in self.failed[:max_failures]:
            lines.append(f"FAILED {f.path}: {f.reason}")
        if len(self.failed) > max_failures:
            lines.append(f"... and {len(self.failed) - max_failures} more failures (see --report FILE)")
        return lines
