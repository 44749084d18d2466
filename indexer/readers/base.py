"""What every reader gets (``ReadContext``) and raises (``ReadError``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from muragat.indexer.encodings import Decoded, decode, looks_binary


class ReadError(Exception):
    """A file that cannot be read; the message is the reason shown to the librarian."""


class NeedsOCR(ReadError):
    """A scanned file that cannot be read while Tesseract is not installed (not a failure)."""


@dataclass
class ReadContext:
    """One file being read: where it is, the limits, and what the reader found out."""

    path: Path
    rel: str  # path relative to the archive root, with "/" separators
    max_bytes: int
    encoding_hint: str | None = None  # the encoding decided for this file's folder
    encoding: str | None = None  # set by text readers: the codec used
    encoding_certain: bool = True
    notes: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, reason) per record
    bytes_read: int = 0
    # Set when some pages were left unread for want of Tesseract ("needs OCR: install ...").
    needs_ocr: str | None = None

    def read_bytes(self) -> bytes:
        """The file's bytes, at most ``max_bytes`` (noting a truncation)."""
        try:
            with open(self.path, "rb") as f:
                data = f.read(self.max_bytes + 1)
        except OSError as exc:
            raise ReadError(exc.strerror or str(exc)) from exc
        if len(data) > self.max_bytes:
            data = data[: self.max_bytes]
            self.notes.append(f"text truncated at {self.max_bytes // (1024 * 1024)} MB")
        self.bytes_read += len(data)
        return data

    def decode(self, data: bytes) -> str:
        """Decode text bytes (restricted candidates, folder hint) and record the encoding."""
        if looks_binary(data):
            raise ReadError("binary data, not text")
        return self.record(decode(data, self.encoding_hint))

    def record(self, decoded: Decoded) -> str:
        """Record how ``decoded`` was decoded; return its text."""
        self.encoding = decoded.encoding
        self.encoding_certain = decoded.certain
        if decoded.repaired:
            self.notes.append(f"repaired {decoded.repaired}")
        return decoded.text

    def cap_text(self, text: str) -> str:
        """``text`` cut to the size limit (noting it)."""
        if len(text) > self.max_bytes:
            self.notes.append(f"text truncated at {self.max_bytes // (1024 * 1024)} MB")
            return text[: self.max_bytes]
        return text
