"""Shared fixtures. Tests that read ../shared/data skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from muragat.settings import shared_data_dir

REPO = Path(__file__).resolve().parent.parent


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
