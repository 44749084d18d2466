"""Properties of the demo archive ``corpus/``, checked with plain Python (not the indexer).

The archive is meant to exercise the indexer and the search: about a third each Kazakh, Russian
and English, mixed-language pages, every supported text format, legacy encodings, dates in
metadata, in prose, without a year and missing altogether, and many inflected forms.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

FORMATS = {".txt", ".md", ".html", ".jsonl"}
# Files of the other formats, made by tests/corpus_extras.py (checked below, not counted above).
EXTRAS = {
    "ertis-regional-library/archive/scans/olketanu-1998.png",
    "dala-national-library/digitization/scans/restoration-2003.pdf",
    "shugyla-childrens-library/archive/scans/marathon-2019.tif",
    "dala-national-library/pages/reading-room-rules.odt",
    "shugyla-childrens-library/announcements/summer-reading-2024.rtf",
    "ertis-regional-library/archive/web/old-site-2016.warc.gz",
    "ertis-regional-library/muragat-source.yaml",
    "dala-national-library/muragat-source.yaml",
    "shugyla-childrens-library/muragat-source.yaml",
}
KK_CYRILLIC = set("әғқңөұүһі")
KK_LATIN = set("äğñöūüşı")  # letters of the 2021 Kazakh Latin alphabet absent from English
KZ1048_AS_CP1251 = set("јєќѕґўїћЈЄЌЅҐЎЇЋ")  # Kazakh letters stored in KZ-1048 but read as cp1251
YEAR = re.compile(r"\b(?:19|20)\d\d\b(?![-–'’s])")  # not "1930-х", "1990s", "2018-2019"
MONTHS = (
    r"январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан|"
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})|\b(?:{MONTHS})\w*\s+\d{{1,2}}\b", re.IGNORECASE
)
FULL_DATES = [
    re.compile(r"\b\d{1,2}\.\d{1,2}\.((?:19|20)\d\d)\b"),  # 08.04.2021
    re.compile(
        rf"\b\d{{1,2}}\s+(?:{MONTHS})\w*\s+((?:19|20)\d\d)", re.IGNORECASE
    ),  # 8 апреля 2021, 8 сәуірде 2021
    re.compile(
        rf"\b((?:19|20)\d\d)\s+жыл\w*\s+\d{{1,2}}\s+(?:{MONTHS})", re.IGNORECASE
    ),  # 2021 жылғы 8 сәуір
    re.compile(
        rf"\b(?:{MONTHS})\w*\s+\d{{1,2}},\s+((?:19|20)\d\d)", re.IGNORECASE
    ),  # April 8, 2021
]
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class Doc:
    """One archive document as this test sees it."""

    name: str
    source: str  # top-level folder
    fmt: str
    article: str  # the document's own text (HTML: the <article> only)
    page: str  # everything a reader sees, menus and footers included
    meta: dict
    encoding: str = "utf-8"


class _PageText(HTMLParser):
    """Visible text of an HTML page, plus the <article> text and the date/lang metadata."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.article: list[str] = []
        self.meta: dict = {}
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "article":
            self._in_article += 1
        elif tag == "html" and attrs.get("lang"):
            self.meta["lang"] = attrs["lang"]
        elif tag == "meta" and attrs.get("name") == "date":
            self.meta["date"] = attrs.get("content")
        elif tag == "time" and attrs.get("datetime") and self._in_article:
            self.meta.setdefault("date", attrs["datetime"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._skip or not data.strip():
            return
        self.blocks.append(data.strip())
        if self._in_article:
            self.article.append(data.strip())


def decode(raw: bytes) -> tuple[str, str]:
    """UTF-8, else cp1251, else KZ-1048 when cp1251 shows the KZ-1048 letter signature."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("cp1251")
        if sum(ch in KZ1048_AS_CP1251 for ch in text) >= 3:
            return raw.decode("kz1048"), "kz1048"
        return text, "cp1251"


def read_corpus(root: Path) -> tuple[list[Doc], list[Path]]:
    """All documents (JSONL records one by one) and the files of unsupported formats."""
    docs: list[Doc] = []
    stray: list[Path] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        source, fmt = rel.parts[0], path.suffix
        if rel.as_posix() in EXTRAS:
            continue
        if fmt not in FORMATS:
            stray.append(rel)
            continue
        text, encoding = decode(path.read_bytes())
        if fmt == ".jsonl":
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    rec = json.loads(line)
                    body = rec["text"]
                    docs.append(Doc(f"{rel}:{n}", source, fmt, body, body, rec))
        elif fmt == ".html":
            parser = _PageText()
            parser.feed(text)
            docs.append(
                Doc(
                    str(rel),
                    source,
                    fmt,
                    "\n".join(parser.article),
                    "\n".join(parser.blocks),
                    parser.meta,
                )
            )
        elif fmt == ".md" and text.startswith("---\n"):
            _, head, body = text.split("---\n", 2)
            docs.append(Doc(str(rel), source, fmt, body, body, yaml.safe_load(head) or {}))
        else:
            docs.append(Doc(str(rel), source, fmt, text, text, {}, encoding))
    return docs, stray


def guess_lang(text: str) -> str:
    """Kazakh, Russian or English by letters: the script, then the share of Kazakh-only letters."""
    letters = [ch.lower() for ch in text if ch.isalpha()]
    cyrillic = sum("а" <= ch <= "я" or ch in "ё" or ch in KK_CYRILLIC for ch in letters)
    latin = len(letters) - cyrillic
    if latin > cyrillic:
        return "kk" if sum(ch in KK_LATIN for ch in letters) > 0.01 * latin else "en"
    return "kk" if sum(ch in KK_CYRILLIC for ch in letters) > 0.04 * cyrillic else "ru"


def languages_on_page(page: str) -> Counter:
    """Words per language over the page's lines of three or more words."""
    words: Counter = Counter()
    for line in page.splitlines():
        n = len(WORD.findall(line))
        if n >= 3:
            words[guess_lang(line)] += n
    return words


def is_mixed(doc: Doc, own_text_only: bool = False) -> bool:
    """At least two languages with 12+ words each, on the page or in the document's own text."""
    words = languages_on_page(doc.article if own_text_only else doc.page)
    return sum(1 for n in words.values() if n >= 12) >= 2


def doc_lang(doc: Doc) -> str:
    return doc.meta.get("lang") or guess_lang(doc.article)


def doc_year(doc: Doc) -> int | None:
    """The year from metadata, else from the first full date in the text, else the first year."""
    date = doc.meta.get("date")
    if date:
        return int(re.search(r"\b(?:19|20)\d\d\b", str(date)).group())
    full = [m for pattern in FULL_DATES for m in pattern.finditer(doc.article)]
    if full:
        return int(min(full, key=lambda m: m.start()).group(1))
    found = YEAR.search(doc.article)
    return int(found.group()) if found else None


@pytest.fixture(scope="module")
def corpus(repo_root: Path) -> list[Doc]:
    docs, stray = read_corpus(repo_root / "corpus")
    assert not stray, f"files the archive should not hold: {stray}"
    return docs


def test_at_least_120_documents(corpus):
    assert len(corpus) >= 120


def test_each_language_is_about_a_third(corpus):
    langs = Counter(doc_lang(d) for d in corpus)
    assert set(langs) == {"kk", "ru", "en"}, langs
    for lang, n in langs.items():
        assert 0.25 <= n / len(corpus) <= 0.42, (lang, langs)


def test_metadata_language_agrees_with_the_letters(corpus):
    # Kazakh typed with Russian letters is the one documented exception: its metadata says kk.
    disagree = [
        d.name
        for d in corpus
        if d.meta.get("lang") and not is_mixed(d) and d.meta["lang"] != guess_lang(d.article)
    ]
    assert len(disagree) <= 1, disagree


def test_years_2015_to_2025_are_all_covered(corpus):
    years = Counter(doc_year(d) for d in corpus)
    for year in range(2015, 2026):
        assert years[year] >= 3, (year, sorted(years.items(), key=str))
    assert all(y is None or 2015 <= y <= 2025 for y in years), years


def test_at_least_ten_mixed_language_pages(corpus):
    mixed = [d.name for d in corpus if is_mixed(d)]
    assert len(mixed) >= 10, mixed
    assert {d.source for d in corpus if is_mixed(d)} == {d.source for d in corpus}
    # Mixed within the text itself, so the documents stay mixed after menus are stripped.
    mixed_text = [d.name for d in corpus if is_mixed(d, own_text_only=True)]
    assert len(mixed_text) >= 8, mixed_text


def test_all_four_formats_and_several_jsonl_records(corpus):
    formats = Counter(d.fmt for d in corpus)
    assert set(formats) == FORMATS, formats
    assert formats[".jsonl"] >= 10
    for d in corpus:
        if d.fmt == ".jsonl":
            assert {"id", "title", "text", "lang", "source", "url"} <= set(d.meta), d.name
    ids = [d.meta["id"] for d in corpus if d.fmt == ".jsonl"]
    assert len(ids) == len(set(ids))


def test_markdown_front_matter_and_html_dates_present(corpus):
    with_front_matter = [d for d in corpus if d.fmt == ".md" and d.meta]
    assert len(with_front_matter) >= 5
    html_dated = [d for d in corpus if d.fmt == ".html" and d.meta.get("date")]
    assert len(html_dated) >= 10


def test_two_or_three_sources_of_similar_size(corpus):
    sources = Counter(d.source for d in corpus)
    assert 2 <= len(sources) <= 3, sources
    assert min(sources.values()) >= 30, sources
    for d in corpus:
        if "source" in d.meta:
            assert d.meta["source"] == d.source, d.name


def test_documents_without_dates_and_without_years(corpus):
    undated = [d for d in corpus if doc_year(d) is None]
    assert len(undated) >= 5, [d.name for d in undated]
    day_month_only = [d.name for d in undated if DAY_MONTH.search(d.article)]
    assert 1 <= len(day_month_only) < len(undated), day_month_only
    only_in_text = [d for d in corpus if not d.meta.get("date") and doc_year(d) is not None]
    assert len(only_in_text) >= 5


def test_document_lengths_between_80_and_400_words(corpus):
    lengths = {d.name: len(WORD.findall(d.article)) for d in corpus}
    short_or_long = {k: n for k, n in lengths.items() if not 70 <= n <= 420}
    assert not short_or_long


def test_legacy_encodings_and_scripts_present(corpus):
    encodings = Counter(d.encoding for d in corpus)
    assert encodings["cp1251"] >= 1 and encodings["kz1048"] >= 1, encodings
    assert guess_lang(next(d for d in corpus if d.encoding == "kz1048").article) == "kk"
    assert guess_lang(next(d for d in corpus if d.encoding == "cp1251").article) == "ru"
    latin_kazakh = [
        d
        for d in corpus
        if doc_lang(d) == "kk"
        and guess_lang(d.article) == "kk"
        and sum(ch in KK_LATIN for ch in d.article) > 20
    ]
    assert len(latin_kazakh) >= 2
    russian_letters = [
        d for d in corpus if d.meta.get("lang") == "kk" and guess_lang(d.article) == "ru"
    ]
    assert len(russian_letters) >= 1


def test_inflected_forms_make_morphology_matter(corpus):
    words = Counter(w.lower() for d in corpus for w in WORD.findall(d.article))
    for stem, at_least in (
        ("кітапхана", 15),
        ("библиотек", 8),
        ("конференц", 6),
        ("оқырман", 8),
        ("читател", 6),
    ):
        forms = {w for w in words if w.startswith(stem)}
        assert len(forms) >= at_least, (stem, sorted(forms))


def test_size_is_a_few_hundred_kilobytes(repo_root):
    size = sum(p.stat().st_size for p in (repo_root / "corpus").rglob("*") if p.is_file())
    assert 100_000 < size < 700_000


def test_no_sentence_of_the_seed_pages_was_copied(corpus, shared_data):
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = [w.lower() for w in WORD.findall(text)]
        return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}

    seeds = set().union(
        *(shingles(p.read_text("utf-8")) for p in (shared_data / "seeds").glob("*.txt"))
    )
    assert seeds
    copied = {d.name: shingles(d.page) & seeds for d in corpus}
    assert not {k: v for k, v in copied.items() if v}


def _extras_module(repo_root: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_extras", repo_root / "tests" / "corpus_extras.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extra_formats_hold_our_texts(repo_root):
    """The scans, .odt, .rtf, web archive and source files are there and hold the texts of
    tests/corpus_extras.py (written for Muragat), byte for byte where the format allows."""
    import gzip

    from PIL import Image

    extras = _extras_module(repo_root)
    root = repo_root / "corpus"
    for rel in EXTRAS:
        assert (root / rel).is_file(), rel
    assert (root / "dala-national-library/pages/reading-room-rules.odt").read_bytes() == extras.odt_bytes()
    assert (root / "shugyla-childrens-library/announcements/summer-reading-2024.rtf").read_bytes() == \
        extras.rtf_bytes()
    for slug in extras.SOURCES:
        assert (root / slug / "muragat-source.yaml").read_text(encoding="utf-8") == extras.source_yaml(slug)
    warc = gzip.decompress((root / "ertis-regional-library/archive/web/old-site-2016.warc.gz").read_bytes())
    for uri, (_, ctype, page) in extras.WARC_PAGES.items():
        assert uri.encode() in warc
        assert page.encode("cp1251" if "1251" in ctype else "utf-8") in warc
    assert b"WARC-Type: revisit" in warc
    png = Image.open(root / "ertis-regional-library/archive/scans/olketanu-1998.png")
    tif = Image.open(root / "shugyla-childrens-library/archive/scans/marathon-2019.tif")
    assert png.size[0] >= 2000 and getattr(tif, "n_frames", 1) == 2
    from pypdf import PdfReader

    assert len(PdfReader(root / "dala-national-library/digitization/scans/restoration-2003.pdf").pages) == 2
