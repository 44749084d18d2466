"""Queries go through the normalization of documents (issue 14): a few words copied from a
document's own text, exactly as they appear there, find that document.

Checked for every document of the demo archive ``corpus/`` and of generated hostile
documents (zero-width joiners inside words, decomposed letters, soft hyphens, control
characters, noncharacters, bidi controls, a BOM and CRLF, look-alike letters, stress marks,
hard-wrapped hyphenation, a word pymorphy3 cannot analyze), indexed by the indexer from
files. The raw text of each document is what its reader gives, before normalization.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from muragat.analysis import tokenize
from muragat.indexer.metadata import complete
from muragat.indexer.pipeline import index_paths
from muragat.indexer.readers import ReadContext, file_kind, reader_for
from muragat.search.engine import SearchEngine
from muragat.search.models import SearchRequest

from muragat.settings import LIMITS

REPO = Path(__file__).resolve().parents[2]
BASE = {
    "kk": "Облыстық кітапхана жаңа оқу залын ашты. Оқырмандар кітаптарды тегін алады, "
          "ал балалар бөлімі сенбі күні де жұмыс істейді.",
    "ru": "Мой город гордится своей библиотекой. Читатели берут новые книги, "
          "а в субботу открыт читальный зал для всей семьи.",
    "en": "The reading room of the café library opened again. Visitors borrowed naïve "
          "novels and the archive showed maps of the old river port.",
}
_WORD_IN_TEXT = re.compile(r"[^\W\d_]{5,}")


def _inside_words(text: str, mark: str, rng: random.Random, every: int = 2) -> str:
    """``mark`` inserted in the middle of every ``every``-th long word."""
    out, last = [], 0
    for i, m in enumerate(_WORD_IN_TEXT.finditer(text)):
        if i % every == 0:
            cut = m.start() + rng.randint(2, len(m.group()) - 2)
            out += [text[last:cut], mark]
            last = cut
    return "".join(out) + text[last:]


def _between_words(text: str, marks: list[str], rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(len(marks)):
        i = rng.randrange(1, len(words))
        words[i] = rng.choice(marks) + words[i]
    return " ".join(words)


def hostile_documents(seed: int = 14) -> dict[str, bytes]:
    """File name -> bytes of documents written with characters that copy-paste carries."""
    rng = random.Random(seed)
    files: dict[str, bytes] = {}
    for lang, text in BASE.items():
        variants = {
            "zwj": _inside_words(text, "\u200d", rng),
            "zwnj-wj-zwsp": _inside_words(_inside_words(text, "\u200c", rng, 3), "\u2060\u200b", rng, 4),
            "soft-hyphen": _inside_words(text, "\u00ad", rng),
            "nfd": unicodedata.normalize("NFD", text),
            "nfd-zwj": _inside_words(unicodedata.normalize("NFD", text), "\u200d", rng, 3),
            "controls": _between_words(_inside_words(text, "\x07", rng, 5),
                                       ["\x00", "\x07", "\x1b", "\x1e", "\x7f", "\x85", "\x9b"], rng),
            "noncharacters": _inside_words(text, "\uffff", rng, 3).replace(" ", " \ufdd0", 2),
            "bidi": _between_words(text, ["\u202e", "\u202c", "\u2066", "\u2069", "\u200f"], rng),
            "bom-crlf": "\ufeff" + text.replace(", ", ",\r\n"),
            "homoglyphs": text.replace("о", "o").replace("а", "a") if lang != "en" else text.replace("o", "о", 2),
            "stress": text.replace("о", "о\u0301", 2),
            "hyphenated": re.sub(r"(\w{4})(\w{4,})", r"\1-\n\2", text, count=2),
            "tangut": text.replace(" ", " abc\U00017000 ", 1),
        }
        for name, variant in variants.items():
            files[f"{lang}-{name}.txt"] = variant.encode("utf-8")
    return files


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[list[Path], SearchEngine]:
    root = tmp_path_factory.mktemp("own-text")
    hostile = root / "hostile"
    hostile.mkdir()
    for name, data in hostile_documents().items():
        (hostile / name).write_bytes(data)
    roots = [REPO / "corpus", hostile]
    report = index_paths(roots, root / "index", jobs=1)
    assert not report.failed, report.failed
    engine = SearchEngine(root / "index")
    yield roots, engine
    engine.close()


def raw_documents(roots: list[Path]) -> dict[str, str]:
    """Document id -> its text as its reader gives it (not normalized)."""
    docs: dict[str, str] = {}
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            reader = reader_for(file_kind(path.name))
            if reader is None:
                continue
            rel = path.relative_to(root).as_posix()
            for doc in reader(ReadContext(path, rel, LIMITS.max_file_bytes)):
                doc = complete(doc, rel)
                docs[doc.id] = doc.text
    return docs


_OPERATORS = {"OR", "AND", "NOT", "|", "||", "&", "&&", "ИЛИ", "НЕМЕСЕ", "И", "ЖӘНЕ", "НЕ", "ЕМЕС"}
_SYNTAX = set("\"«»“”„()*")
_CONTINUED = re.compile(r"-[ \t]*\r?\n[ \t]*\Z")


def _plain(chunk: str) -> bool:
    """A chunk the parser reads as plain words (no operator, phrase, group, field or prefix)."""
    if chunk.upper() in _OPERATORS or chunk[0] in "-+" or _SYNTAX & set(chunk):
        return False
    if ":" in chunk and chunk.split(":", 1)[0].lower() in ("title", "lang", "year", "source"):
        return False
    return any(True for _ in tokenize(chunk))


def queries_from(text: str, n_words: int = 3) -> list[str]:
    """Spans of ``n_words`` consecutive plain chunks of ``text``, copied as they stand
    (whatever lies between them included): at the start, the middle and the end."""
    chunks = [m for m in re.finditer(r"\S+", text) if _plain(m.group())]
    runs = [chunks[i: i + n_words] for i in range(max(1, len(chunks) - n_words + 1))]
    runs = [r for r in runs if r and all(  # only whitespace between the chosen chunks
        not text[a.end(): b.start()].strip() for a, b in zip(r, r[1:], strict=False))
        # whole words: not the second half of a word hyphenated across lines, nor the first
        and not _CONTINUED.search(text, max(0, r[0].start() - 40), r[0].start()) and not r[-1].group().endswith("-")]
    if not runs:
        return []
    picked = {0, len(runs) // 2, len(runs) - 1}
    return [text[runs[i][0].start(): runs[i][-1].end()] for i in sorted(picked)]


def _finds(engine: SearchEngine, q: str, doc_id: str) -> bool:
    page = 1
    while True:
        resp = engine.search(SearchRequest(q=q, size=LIMITS.max_page_size, page=page,
                                           snippets=False, facets=False))
        assert resp.error is None, (q, resp.error)
        if doc_id in {h.id for h in resp.hits}:
            return True
        if page * resp.size >= resp.total:
            return False
        page += 1


def test_every_document_is_found_by_its_own_words(archive):
    roots, engine = archive
    docs = raw_documents(roots)
    assert engine.stats()["documents"] == len(docs) >= 140 + len(hostile_documents())
    missed = []
    for doc_id, text in docs.items():
        queries = queries_from(text)
        assert queries, doc_id
        missed += [(doc_id, q) for q in queries if not _finds(engine, q, doc_id)]
    assert not missed, missed[:10]


@pytest.mark.parametrize("q", ["кітап\u200dхана", "кітапхана", "кітап\u00adхана",
                               "кітапхана\u200b"])
def test_joiners_and_decomposition_in_a_query_change_nothing(archive, q):
    _, engine = archive
    plain = engine.search(SearchRequest(q="кітапхана", size=LIMITS.max_page_size))
    resp = engine.search(SearchRequest(q=q, size=LIMITS.max_page_size))
    assert resp.total == plain.total > 0
    assert [h.id for h in resp.hits] == [h.id for h in plain.hits]


def test_decomposed_short_i_finds_the_composed_word(archive):
    _, engine = archive
    # Quoted: the exact form only (the lemma of "мои" is "мой" too).
    composed = engine.search(SearchRequest(q='"мой" город'))
    decomposed = engine.search(SearchRequest(q='"мои\u0306" город'))
    assert "ru-zwj.txt" in {h.id for h in composed.hits}
    assert [h.id for h in decomposed.hits] == [h.id for h in composed.hits]
