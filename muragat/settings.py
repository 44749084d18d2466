"""Configuration in one place: defaults, overridden by environment variables and CLI flags."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Default index location: ./muragat-index in the current directory, or $MURAGAT_INDEX.
DEFAULT_INDEX_DIR = "muragat-index"


def default_index_dir() -> Path:
    """The index directory used when ``--index`` is not given."""
    return Path(os.environ.get("MURAGAT_INDEX", DEFAULT_INDEX_DIR))


def shared_data_dir() -> Path | None:
    """The shared evaluation data (``../shared/data`` beside the checkout, or $MURAGAT_SHARED_DATA)."""
    env = os.environ.get("MURAGAT_SHARED_DATA")
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class Limits:
    """Limits that protect the service from expensive requests."""

    max_query_chars: int = 500
    max_page_size: int = 100
    max_page: int = 1000
    max_prefix_expansions: int = 200
    search_time_limit_s: float = 2.0
    max_file_bytes: int = 20 * 1024 * 1024  # text taken from one file is capped at this


LIMITS = Limits()
