"""Fixtures of the reliability tests.

The helper modules beside this file are loaded under unique names
(``reliability_support``, ``reliability_fault_archive``) so the test modules can
import them under ``--import-mode=importlib``, which puts no test folder on sys.path.

Set ``MURAGAT_RELIABILITY_FULL=1`` for the full sizes of issue 7 (a 200 MB file, a
zip bomb of 4 GB, 20+ crash trials, longer load); the default is a bounded version
for CI. ``MURAGAT_RELIABILITY_SEED`` fixes the random choices (crash moments).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _load(module_name: str, file_name: str) -> None:
    if module_name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(module_name, (_HERE / file_name).resolve())
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)


_load("reliability_support", "reliability_support.py")
_load("reliability_fault_archive", "fault_archive.py")
_load("reliability_docgen", "docgen.py")
_load("reliability_equivalence", "equivalence.py")
_load("indexer_test_helpers", "../indexer/indexer_helpers.py")  # make_pdf
_load("reliability_archive_model", "archive_model.py")
