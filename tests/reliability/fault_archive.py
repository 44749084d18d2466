"""A hostile archive, generated at test time: every kind of file a real archive folder holds.

``build_fault_archive(root, sizes)`` writes the files and returns a ``FaultArchive``
that says what each one must do to the indexer:

- ``good``: marker word -> document id. Each planted good document carries one made-up
  word found nowhere else; after indexing, searching that word must return that id.
- ``must_report``: files that cannot give a document (binary, no text layer, encrypted,
  zip bomb, symlink loop, ...). The indexer must name each with a reason.
- ``must_mention``: files that are indexed but cut (text over the per-file cap): the
  indexer must say so.
- ``either``: marker word -> file: hostile but possibly readable (10,000 nested HTML
  elements, a file name that is not valid UTF-8): the marker is searchable, or the
  file is named with a reason. Silently losing it is the failure.
- ``good_queries``: query -> document id, for Cyrillic text in files or records with a
  few broken bytes: one bad byte must not make the indexer misread the UTF-8 majority.
- ``forbidden``: words that must NOT be searchable (text of <script>/<style> blocks).
- ``skipped``: cases that could not be built here, with the reason.

All text is composed for these tests. Sizes come from ``FaultSizes`` so CI builds a
small version and the full run (``MURAGAT_RELIABILITY_FULL=1``) the real one.
"""

from __future__ import annotations

import json
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024

# Sentences written for these tests (library life, in the three languages).
EN = "The city library opened a new reading room for students and researchers."
RU = "Городская библиотека открыла новый читальный зал для студентов и исследователей."
KK = "Қалалық кітапхана студенттер мен зерттеушілерге арналған жаңа оқу залын ашты."


@dataclass(frozen=True)
class FaultSizes:
    """How big the big cases are."""

    big_text_bytes: int  # the huge .txt file
    oversized_line_bytes: int  # the huge JSON Lines record
    bomb_inflated_bytes: int  # what the .docx zip bomb inflates to
    html_paragraphs: int = 50_000
    html_depth: int = 10_000

    @classmethod
    def for_run(cls, full: bool) -> FaultSizes:
        """The full sizes of the issue (200 MB, GBs), or a bounded version for CI."""
        if full:
            return cls(200 * MB, 30 * MB, 4 * 1024 * MB)
        # CI: every case present; the huge file, the huge record and the bomb smaller.
        return cls(2 * MB, 3 * MB // 2, 1024 * MB)


@dataclass
class FaultArchive:
    """The archive on disk and what the indexer must do with each file."""

    root: Path
    good: dict[str, str] = field(default_factory=dict)  # marker word -> document id
    must_report: dict[str, str] = field(default_factory=dict)  # relpath -> what is wrong
    must_mention: dict[str, str] = field(default_factory=dict)  # relpath -> why
    either: dict[str, str] = field(default_factory=dict)  # marker word -> relpath
    good_queries: dict[str, str] = field(default_factory=dict)  # query -> document id
    forbidden: list[str] = field(default_factory=list)  # words that must not be indexed
    skipped: list[str] = field(default_factory=list)  # cases not built, with the reason


class MarkerWords:
    """Made-up words (``qz`` + syllables) that no language analyzer changes or confuses."""

    _CONS = "bdfgklmnprstvz"
    _VOWELS = "aeiou"

    def __init__(self, seed: int):
        self._rng = random.Random(seed)
        self._seen: set[str] = set()

    def new(self) -> str:
        """A fresh marker word."""
        while True:
            sylls = [self._rng.choice(self._CONS) + self._rng.choice(self._VOWELS) for _ in range(4)]
            word = "qz" + "".join(sylls) + self._rng.choice(self._CONS)
            if word not in self._seen:
                self._seen.add(word)
                return word


def build_fault_archive(root: Path, sizes: FaultSizes, seed: int = 7) -> FaultArchive:
    """Write the hostile archive under ``root`` and return what is expected of each file."""
    root.mkdir(parents=True, exist_ok=True)
    fa = FaultArchive(root=root)
    words = MarkerWords(seed)
    rng = random.Random(seed)
    _good_files(fa, words)
    _encoding_cases(fa, words)
    _empty_files(fa)
    _binary_cases(fa, rng)
    _big_text(fa, words, sizes)
    _html_cases(fa, words, sizes)
    _jsonl_cases(fa, words, sizes)
    _pdf_cases(fa)
    _docx_cases(fa, words, sizes)
    _symlink_cases(fa)
    _unreadable_case(fa, words)
    _odd_names(fa, words)
    return fa


def _write(fa: FaultArchive, rel: str, data: bytes | str) -> Path:
    path = fa.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _good_files(fa: FaultArchive, words: MarkerWords) -> None:
    """Ordinary good documents, one per format, as a control group."""
    w = words.new()
    _write(fa, "good/english.txt", f"Reading room\n\n{EN} The word {w} marks this page.\n")
    fa.good[w] = "good/english.txt"
    w = words.new()
    _write(fa, "good/russian.txt", f"Читальный зал\n\n{RU} Метка {w}.\n")
    fa.good[w] = "good/russian.txt"
    w = words.new()
    _write(fa, "good/kazakh.md", f"---\ntitle: Оқу залы\ndate: 2021-04-08\n---\n\n{KK} Белгі {w}.\n")
    fa.good[w] = "good/kazakh.md"
    w = words.new()
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Exhibition</title></head>"
        f"<body><main><h1>Exhibition</h1><p>{EN}</p><p>Marker {w}.</p></main></body></html>"
    )
    _write(fa, "good/page.html", html)
    fa.good[w] = "good/page.html"
    w = words.new()
    _write(fa, "good/one.json", json.dumps({"id": "good-json-1", "title": "Contest", "text": f"{EN} {w}"}))
    fa.good[w] = "good-json-1"


def _encoding_cases(fa: FaultArchive, words: MarkerWords) -> None:
    """Invalid UTF-8 and several encodings in one file: the ASCII marker must survive."""
    w = words.new()
    data = (
        f"{EN}\n".encode()
        + RU.encode("utf-8")[:-3]  # a cut multi-byte sequence
        + b" \xc3\x28 \xa0\xa1 \xf0\x28\x8c\xbc \xed\xa0\x80 lone \x80\x81 bytes\n"
        + f"Marker {w} here.\n{KK}\n".encode()
    )
    _write(fa, "encodings/invalid_utf8.txt", data)
    fa.good[w] = "encodings/invalid_utf8.txt"
    fa.good_queries[f"{w} зерттеушілерге"] = "encodings/invalid_utf8.txt"  # a word of KK
    w = words.new()
    data = (
        f"{RU}\n".encode()
        + f"{RU}\n".encode("cp1251")
        + f"{RU}\n".encode("koi8_r")
        + f"{KK}\n".encode()
        + f"Marker {w}.\n".encode("ascii")
    )
    _write(fa, "encodings/mixed.txt", data)
    fa.good[w] = "encodings/mixed.txt"


def _empty_files(fa: FaultArchive) -> None:
    """Empty text files give no document; empty binary formats cannot be read."""
    for rel in ("empty/empty.txt", "empty/empty.md", "empty/empty.html", "empty/empty.jsonl",
                "empty/blank.txt"):
        _write(fa, rel, b"" if "empty." in rel else b"\n \n\t\n")
    _write(fa, "empty/empty.pdf", b"")
    fa.must_report["empty/empty.pdf"] = "an empty PDF"
    _write(fa, "empty/empty.docx", b"")
    fa.must_report["empty/empty.docx"] = "an empty .docx"


def _binary_cases(fa: FaultArchive, rng: random.Random) -> None:
    """Binary data under text names, and junk under document names."""
    noise = bytes(rng.getrandbits(8) for _ in range(64 * 1024))
    _write(fa, "binary/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    fa.must_report["binary/photo.txt"] = "binary data named .txt"
    _write(fa, "binary/program.txt", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + noise[:4096])
    fa.must_report["binary/program.txt"] = "an executable named .txt"
    _write(fa, "binary/junk.pdf", b"%PDF-1.4\n" + noise[:8192])
    fa.must_report["binary/junk.pdf"] = "a PDF that is not one"
    _write(fa, "binary/not_zip.docx", b"This is not a zip archive at all.\n" * 20)
    fa.must_report["binary/not_zip.docx"] = "a .docx that is not a zip"


def _big_text(fa: FaultArchive, words: MarkerWords, sizes: FaultSizes) -> None:
    """A huge text file written in 1 MB chunks of repeated lines; the marker is on top."""
    w = words.new()
    path = fa.root / "big/huge.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{EN} {RU} {KK}\n".encode()
    chunk = line * max(1, MB // len(line))
    with path.open("wb") as f:
        head = f"Huge export\n\nMarker {w} opens the file.\n\n".encode()
        f.write(head)
        written = len(head)
        while written < sizes.big_text_bytes:
            part = chunk[: sizes.big_text_bytes - written]
            f.write(part)
            written += len(part)
    fa.good[w] = "big/huge.txt"
    from muragat.settings import LIMITS

    if sizes.big_text_bytes > LIMITS.max_file_bytes:
        fa.must_mention["big/huge.txt"] = "text over the per-file cap (truncated)"


def _html_cases(fa: FaultArchive, words: MarkerWords, sizes: FaultSizes) -> None:
    """50,000 paragraphs; 10,000 nested elements; scripts and styles everywhere."""
    first, last = words.new(), words.new()
    paras = [f"<p>Paragraph {i}. {EN}</p>" for i in range(sizes.html_paragraphs)]
    paras[0] = f"<p>Opening {first}. {EN}</p>"
    paras[-1] = f"<p>Closing {last}. {EN}</p>"
    _write(fa, "html/many_paragraphs.html",
           "<!doctype html><html><head><meta charset='utf-8'><title>Long report</title></head>"
           "<body><main><h1>Long report</h1>" + "\n".join(paras) + "</main></body></html>")
    fa.good[first] = "html/many_paragraphs.html"
    fa.good[last] = "html/many_paragraphs.html"

    top, deep = words.new(), words.new()
    depth = sizes.html_depth
    _write(fa, "html/deep.html",
           "<!doctype html><html><head><meta charset='utf-8'><title>Nested</title></head><body>"
           f"<p>{EN} Top marker {top}.</p>" + "<div>" * depth + f"<p>Deep marker {deep}.</p>"
           + "</div>" * depth + "</body></html>")
    fa.either[top] = "html/deep.html"

    good, hidden = words.new(), words.new()
    noise = "".join(
        f"<script>var s{i} = '{hidden}'; document.title = '{hidden}';</script>"
        f"<style>.c{i}::after {{ content: '{hidden}'; }}</style>"
        for i in range(2000)
    )
    _write(fa, "html/scripts.html",
           "<!doctype html><html><head><meta charset='utf-8'><title>Scripts</title>"
           f"{noise}</head><body>{noise}<main><p>{EN} Visible {good}.</p>{noise}</main>"
           f"<noscript>{hidden}</noscript>{noise}</body></html>")
    fa.good[good] = "html/scripts.html"
    fa.forbidden.append(hidden)


def _jsonl_cases(fa: FaultArchive, words: MarkerWords, sizes: FaultSizes) -> None:
    """JSON Lines with broken records, and one oversized record between good ones."""
    w1, w2, w3 = words.new(), words.new(), words.new()
    lines = [
        json.dumps({"id": "rec-ok-1", "title": "First", "text": f"{EN} {w1}"}, ensure_ascii=False).encode(),
        b'{"id": "rec-broken", "text": "no closing brace"',
        json.dumps({"id": "rec-ok-2", "title": "Второй", "text": f"{RU} {w2}"}, ensure_ascii=False).encode(),
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
        b'{"id": "rec-no-text"}',
        b'{"id": "rec-bad-bytes", "text": "\xff\xfe\xfd"}',
        b"",
        json.dumps({"id": "rec-ok-3", "title": "Үшінші", "text": f"{KK} {w3}"}, ensure_ascii=False).encode(),
        b'{"id": "rec-cut", "text": "the file ends in the middle of',
    ]
    _write(fa, "jsonl/broken.jsonl", b"\n".join(lines))
    fa.good.update({w1: "rec-ok-1", w2: "rec-ok-2", w3: "rec-ok-3"})
    fa.good_queries[f"{w2} библиотека"] = "rec-ok-2"  # Cyrillic beside a line of bad bytes
    fa.good_queries[f"{w3} кітапхана"] = "rec-ok-3"
    fa.must_report["jsonl/broken.jsonl"] = "broken JSON lines"

    before, huge, after = words.new(), words.new(), words.new()
    path = fa.root / "jsonl/oversized.jsonl"
    with path.open("wb") as f:
        f.write(json.dumps({"id": "big-before", "text": f"{EN} {before}"}).encode() + b"\n")
        f.write(b'{"id": "big-record", "title": "Huge", "text": "' + f"{huge} ".encode())
        filler = (EN + " ").encode() * 10_000
        written = 0
        while written < sizes.oversized_line_bytes:
            f.write(filler)
            written += len(filler)
        f.write(b'"}\n')
        f.write(json.dumps({"id": "big-after", "text": f"{EN} {after}"}).encode() + b"\n")
    fa.good.update({before: "big-before", after: "big-after"})
    fa.either[huge] = "jsonl/oversized.jsonl"
    from muragat.settings import LIMITS

    if sizes.oversized_line_bytes > LIMITS.max_file_bytes:
        fa.must_mention["jsonl/oversized.jsonl"] = "a record over the per-file cap"


def _pdf_cases(fa: FaultArchive) -> None:
    """A PDF with no text layer (a blank scanned page), and an encrypted one."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = fa.root / "pdf/image_only.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        writer.write(f)
    fa.must_report["pdf/image_only.pdf"] = "no text layer"

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="reader-secret", owner_password="owner-secret")  # RC4-128
    with (fa.root / "pdf/encrypted.pdf").open("wb") as f:
        writer.write(f)
    fa.must_report["pdf/encrypted.pdf"] = "encrypted"


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_cases(fa: FaultArchive, words: MarkerWords, sizes: FaultSizes) -> None:
    """A .docx whose document.xml inflates to gigabytes (streamed, highly compressible)."""
    marker = words.new()
    path = fa.root / "docx/bomb.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    para = f"<w:p><w:r><w:t>{EN}</w:t></w:r></w:p>".encode()
    chunk = para * max(1, MB // len(para))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<w:document xmlns:w="{_W_NS}"><w:body>'
                    f"<w:p><w:r><w:t>Bomb {marker}</w:t></w:r></w:p>".encode())
            written = 0
            while written < sizes.bomb_inflated_bytes:
                f.write(chunk)
                written += len(chunk)
            f.write(b"</w:body></w:document>")
    fa.must_report["docx/bomb.docx"] = "content inflates to gigabytes"


def _symlink_cases(fa: FaultArchive) -> None:
    """Two links pointing at each other, a link to its own folder, a dangling link."""
    d = fa.root / "links"
    d.mkdir(parents=True, exist_ok=True)
    os.symlink("loop_b.txt", d / "loop_a.txt")
    os.symlink("loop_a.txt", d / "loop_b.txt")
    fa.must_report["links/loop_a.txt"] = "symlink loop"
    fa.must_report["links/loop_b.txt"] = "symlink loop"
    os.symlink("..", d / "up")  # a directory loop: links/up/links/up/...
    os.symlink(".", d / "here")
    os.symlink("does-not-exist.txt", d / "dangling.txt")
    fa.must_report["links/dangling.txt"] = "dangling symlink"


def _unreadable_case(fa: FaultArchive, words: MarkerWords) -> None:
    """A file without read permission (meaningless as root: recorded as skipped then)."""
    if os.geteuid() == 0:
        fa.skipped.append(
            "unreadable file (chmod 000): tests run as root, for whom permissions do not "
            "block reads; the dangling symlink covers the 'cannot open' path instead"
        )
        return
    path = _write(fa, "unreadable/secret.txt", f"{EN} {words.new()}\n")
    path.chmod(0)
    fa.must_report["unreadable/secret.txt"] = "permission denied"


# Odd file names: each a good document that must be found under exactly its relative path.
ODD_NAMES = [
    "with space.txt",
    "quote'single.txt",
    'quote"double.txt',
    "new\nline.txt",
    "tab\tname.txt",
    "қазақша атау.txt",
    "русское имя файла.txt",
    "emoji 📚 books.txt",
    "-starts-with-dash.txt",
    "#hash?and&amp;.txt",
    "back\\slash.txt",
    "%2e%2e%2fpercent.txt",
    "<i>tag &lt;b&gt;.txt",
    "semi;colon.txt",
    ("long_" + "x" * 230 + ".txt"),  # 239 bytes: near the 255-byte limit of a name
]


def _odd_names(fa: FaultArchive, words: MarkerWords) -> None:
    """Good documents whose file names are hostile; one name is not valid UTF-8 at all."""
    for name in ODD_NAMES:
        w = words.new()
        _write(fa, f"names/{name}", f"{EN} Marker {w}.\n")
        fa.good[w] = f"names/{name}"
    w = words.new()
    raw = os.fsencode(fa.root / "names") + b"/latin1_caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(f"{EN} Marker {w}.\n".encode())
    fa.either[w] = os.fsdecode(b"names/latin1_caf\xe9.txt")
