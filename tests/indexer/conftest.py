"""Fixtures of the indexer tests: small archives written at test time.

``indexer_helpers.py`` is loaded as ``indexer_test_helpers`` so the test modules can
import it under ``--import-mode=importlib`` (no test folder on sys.path).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_NAME = "indexer_test_helpers"
if _NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_NAME, Path(__file__).with_name("indexer_helpers.py"))
    assert _spec and _spec.loader
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[_NAME] = _module
    _spec.loader.exec_module(_module)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An empty archive folder."""
    path = tmp_path / "archive"
    path.mkdir()
    return path


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Where the test index goes."""
    return tmp_path / "index"
