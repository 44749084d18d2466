"""Tesseract, Debian's ``tesseract-ocr``: is it installed, with which language models, and
reading one page image.

Each call runs one ``tesseract`` process limited to one thread (``OMP_THREAD_LIMIT=1``):
the indexer runs as many pages at once as it has jobs, which uses the cores better than
Tesseract's own threads. The image goes in on stdin as PGM (no temporary file, no encoding
cost) and the text comes back on stdout.

Language models: ``kaz+rus+eng`` on every page, Kazakh first. Pages here mix the three
languages, often within a page, so one pass with the three models beats choosing a model per
page (a wrong choice is costly: ``rus`` alone misreads every Kazakh letter, ``kaz+eng`` turns a
Russian "Отчёт" into "Oruét"); it costs ~10 % more time than ``kaz+eng`` (``python -m
bench.ocr``). Tesseract's Tatar model produces Latin gibberish on Cyrillic and is never used.
``MURAGAT_OCR_LANGS`` (e.g. ``kaz+eng``) sets the models; those not installed are left out.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass

DEFAULT_LANGS = "kaz+rus+eng"
# What to install for OCR (Debian package names), named in "needs OCR: install ..." messages.
PACKAGES = ("tesseract-ocr", "tesseract-ocr-kaz", "tesseract-ocr-rus", "tesseract-ocr-eng")
INSTALL_HINT = "apt-get install " + " ".join(PACKAGES)
PAGE_TIMEOUT_S = 300.0  # one page; a hung Tesseract is stopped and the page reported


class OcrError(Exception):
    """Tesseract failed on a page (the message says why)."""


@dataclass(frozen=True)
class Engine:
    """An installed Tesseract and the language models it will use."""

    path: str
    version: str
    langs: str  # "kaz+eng"
    missing: tuple[str, ...] = ()  # wanted models that are not installed

    @property
    def signature(self) -> str:
        """What the OCR output depends on (part of the cache key)."""
        return f"tesseract {self.version} -l {self.langs}"


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(args, capture_output=True, env=env, check=False, **kw)


@functools.lru_cache(maxsize=4)
def _probe(path: str) -> tuple[str, frozenset[str]]:
    """(version, installed models) of the Tesseract at ``path`` (cached per process)."""
    out = _run([path, "--version"], timeout=30)
    text = (out.stdout or out.stderr).decode("utf-8", "replace")
    version = text.split()[1] if text.startswith("tesseract") and len(text.split()) > 1 else "?"
    listed = _run([path, "--list-langs"], timeout=30)
    langs = (listed.stdout or b"").decode("utf-8", "replace").splitlines()[1:]
    return version, frozenset(x.strip() for x in langs if x.strip())


def find_engine(langs: str | None = None) -> Engine | None:
    """The Tesseract to use, or None when it (or any usable language model) is not installed."""
    if os.environ.get("MURAGAT_OCR", "").strip().lower() in ("off", "0", "no"):
        return None
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        version, installed = _probe(path)
    except (OSError, subprocess.SubprocessError):
        return None
    wanted = [x for x in (langs or os.environ.get("MURAGAT_OCR_LANGS") or DEFAULT_LANGS).split("+")
              if x and x != "tat"]
    usable = [x for x in wanted if x in installed]
    if not usable:
        return None
    return Engine(path, version, "+".join(usable), tuple(x for x in wanted if x not in installed))


def needs_ocr_reason() -> str:
    """The message for a scanned file while OCR is not available."""
    return f"needs OCR: install {' '.join(PACKAGES)} (e.g. {INSTALL_HINT})"


def recognize(engine: Engine, image, dpi: int | None = None, timeout: float = PAGE_TIMEOUT_S) -> str:
    """The text Tesseract reads on ``image`` (a PIL image, already cleaned up)."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PPM")  # PGM for a gray image
    args = [engine.path, "-", "-", "-l", engine.langs]
    if dpi:
        args += ["--dpi", str(dpi)]
    try:
        out = _run(args, input=buf.getvalue(), timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"Tesseract took more than {timeout:.0f} s on a page") from exc
    except OSError as exc:
        raise OcrError(f"cannot run Tesseract: {exc}") from exc
    if out.returncode != 0:
        err = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"Tesseract failed: {err[-1] if err else out.returncode}")
    return out.stdout.decode("utf-8", "replace")
