"""The ``muragat`` command starts on an install without the test extras (the README's demo)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Packages of the ``test`` extra that the installed command must not need at start-up.
TEST_ONLY = ("ir_measures", "hypothesis", "selenium", "pytest")

_BLOCK = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in TEST_ONLY)


def _run(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    code = _BLOCK + "from muragat.cli import main\nsys.argv = ['muragat', *sys.argv[1:]]\n" \
        "sys.exit(main())\n"
    return subprocess.run([sys.executable, "-P", "-c", code, *argv], input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("argv", [("--help",), ("index", "--help"), ("search", "--help"),
                                  ("serve", "--help"), ("eval", "--help")])
def test_help_without_test_extras(argv):
    proc = _run(*argv)
    assert proc.returncode == 0, proc.stderr
    assert "usage: muragat" in proc.stdout


def test_eval_retrieval_without_ir_measures_says_what_to_install(shared_data):
    proc = _run("eval", "retrieval", "--set", "kazqad")
    assert proc.returncode == 2
    assert "ir-measures" in proc.stderr and "Traceback" not in proc.stderr
