"""The architecture's contracts, checked the way CI checks them.

* import-linter: the layers web -> search -> store -> analysis, indexer -> store, analysis;
  nothing imports the CLI; only store/ imports Whoosh (``[tool.importlinter]``).
* ruff's banned-api rule (TID251) keeps ``whoosh`` out of every package but store/.
* the wheel installs one top-level package, ``muragat``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The design card's folders and the installed subpackage each becomes (pyproject's package-dir).
FOLDERS = {"muragat": "muragat", "analysis": "muragat/analysis", "store": "muragat/store",
           "indexer": "muragat/indexer", "search": "muragat/search", "web": "muragat/web"}


def _bin(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return str(path)


def test_import_contracts(tmp_path):
    # import-linter walks a package's folder, so it gets the installed layout (muragat/search/,
    # ...) as a copy: the checkout keeps the design card's folders at the top.
    for folder, target in FOLDERS.items():
        shutil.copytree(REPO / folder, tmp_path / target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "static", "templates",
                                                      "translations", "data"))
    proc = subprocess.run([_bin("lint-imports"), "--config", str(REPO / "pyproject.toml")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_whoosh_only_in_store():
    proc = subprocess.run([_bin("ruff"), "check", "--select", "TID251", "."], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_ban_catches_whoosh_outside_store(tmp_path):
    bad = REPO / "search" / "_tmp_banned_import_probe.py"
    bad.write_text("from whoosh import query\n", encoding="utf-8")
    try:
        proc = subprocess.run([_bin("ruff"), "check", "--select", "TID251", str(bad)], cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    finally:
        bad.unlink()
    assert proc.returncode == 1 and "TID251" in proc.stdout


@pytest.mark.slow
def test_wheel_holds_only_muragat(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("muragat-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"muragat"}
    for expected in ("muragat/search/engine.py", "muragat/web/templates/base.html",
                     "muragat/web/translations/kk/LC_MESSAGES/messages.mo",
                     "muragat/analysis/lang/kk/data/core_words.tsv"):
        assert expected in names
