"""Shared fixtures. Tests that read ../shared/data skip with a reason when it is absent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from muragat.settings import shared_data_dir

REPO = Path(__file__).resolve().parent.parent

# The benchmarks (``bench/``, run as ``python -m bench.<name>`` from the checkout) are not part
# of the installed package. Tests run with ``python -P`` (no checkout folder on sys.path, so a
# stale bare import such as ``import search`` cannot succeed), so ``bench`` is registered by path.
if "bench" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "bench", REPO / "bench" / "__init__.py", submodule_search_locations=[str(REPO / "bench")])
    assert _spec is not None and _spec.loader is not None
    sys.modules["bench"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["bench"])

# Helpers shared by test folders, loaded by path under ``--import-mode=importlib``.
for _name, _file in (("unicode_strategies", "unicode_strategies.py"),):
    if _name not in sys.modules:
        _spec = importlib.util.spec_from_file_location(_name, REPO / "tests" / _file)
        assert _spec is not None and _spec.loader is not None
        sys.modules[_name] = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(sys.modules[_name])


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared evaluation data folder, or skip."""
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not present (evaluation data lives outside the repo)")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout."""
    return REPO


@pytest.fixture(scope="session", autouse=True)
def model_cache_dir(tmp_path_factory):
    """The model cache of this test session (not the user's ~/.cache; CLI subprocesses inherit it)."""
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("model-cache")
        mp.setenv("MURAGAT_CACHE_DIR", str(folder))
        yield folder
