"""Progress on stderr: a live bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Documents done, docs/s and ETA (estimated from the bytes still to read)."""

    def __init__(
        self,
        total_bytes: int,
        stream: TextIO | None = None,
        *,
        interval: float | None = None,
        enabled: bool = True,
        verb: str = "indexed",
    ):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.2 if self.tty else 5.0)
        self.enabled = enabled
        self.verb = verb
        self.total_bytes = max(total_bytes, 1)
        self.start = time.monotonic()
        self.last = self.start
        self.docs = 0
        self.bytes = 0

    def line(self) -> str:
        """The current progress text."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.docs / elapsed
        frac = min(self.bytes / self.total_bytes, 1.0)
        eta = (elapsed / frac - elapsed) if frac > 0.001 else None
        eta_text = _duration(eta) if eta is not None else "?"
        if self.tty:
            width = 24
            filled = int(frac * width)
            bar = "#" * filled + "-" * (width - filled)
            speed = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
            return f"[{bar}] {frac:4.0%} {self.docs} docs {self.verb} {speed} docs/s ETA {eta_text}"
        speed = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
        return (f"{self.verb} {self.docs} docs, {self.bytes / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB "
                f"({frac:.0%}), {speed} docs/s, ETA {eta_text}")

    def update(self, docs: int = 0, nbytes: int = 0) -> None:
        """Count ``docs`` more documents and ``nbytes`` more bytes; redraw if due."""
        self.docs += docs
        self.bytes += nbytes
        now = time.monotonic()
        if self.enabled and now - self.last >= self.interval:
            self.last = now
            self._emit()

    def _emit(self) -> None:
        if self.tty:
            self.stream.write("\r" + self.line() + "\x1b[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar (a terminal line is completed)."""
        if self.enabled and self.tty:
            self._emit()
            self.stream.write("\n")
            self.stream.flush()
