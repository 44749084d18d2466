"""Display names of the index's sources (``muragat-sources.json``, written by the indexer from
the archive's ``muragat-source.yaml`` files and by harvests).

``SourceNames(index_dir).get(slug)`` -> ``{"names": {kk, ru, en}, "homepage": ...}`` or None;
the file is read again when it changes (its modification time is checked at most once a
second), so a running site shows new names after the next ``muragat index``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

REGISTRY = "muragat-sources.json"


class SourceNames:
    """The sources of one index directory, cached until the file changes."""

    def __init__(self, index_dir: str | os.PathLike, check_every_s: float = 1.0):
        self.path = Path(index_dir) / REGISTRY
        self.check_every_s = check_every_s
        self._lock = threading.Lock()
        self._mtime: int | None = None
        self._checked = 0.0
        self._data: dict[str, dict] = {}

    def _load(self) -> dict[str, dict]:
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.check_every_s:
                return self._data
            self._checked = now
            try:
                mtime = self.path.stat().st_mtime_ns
            except OSError:
                self._mtime, self._data = None, {}
                return self._data
            if mtime != self._mtime:
                try:
                    with open(self.path, encoding="utf-8") as f:
                        data = json.load(f).get("sources", {})
                    self._data = data if isinstance(data, dict) else {}
                except (OSError, ValueError, AttributeError):
                    self._data = {}
                self._mtime = mtime
            return self._data

    def get(self, slug: str | None) -> dict | None:
        """What the registry says about ``slug`` (None when nothing)."""
        if not slug:
            return None
        entry = self._load().get(slug)
        return entry if isinstance(entry, dict) else None

    def display(self, slug: str | None, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        """The name of ``slug`` in the UI language ``lang``, else in the first of ``fallbacks``
        (the site's other UI languages) that has one, else the first name the source file
        gives; else the slug."""
        entry = self.get(slug)
        names = (entry or {}).get("names") or {}
        for key in (lang, *fallbacks, *names):
            if isinstance(names.get(key), str) and names[key].strip():
                return names[key]
        return slug or ""

    def homepage(self, slug: str | None) -> str | None:
        """The source's homepage (http(s) only), or None."""
        url = (self.get(slug) or {}).get("homepage")
        return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
