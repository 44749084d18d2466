"""Office and e-book formats: .rtf, .odt, .epub, .doc; skipped and failed files named.

``fixtures/report-97.doc`` was made for these tests: a .docx of the text below (python-docx),
converted to Word 97-2003 by LibreOffice (``soffice --convert-to 'doc:MS Word 97'``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from indexer_test_helpers import stored_docs, write
from muragat.indexer import index_paths

FIXTURES = Path(__file__).with_name("fixtures")
KK = "Кітапхана 2021 жылғы 8 сәуірде оқырмандарға арналған жаңа көрме ашты."
RU = "Библиотека провела встречу с читателями и представила новые поступления фонда."
EN = "The library opened a reading room for researchers of the manuscript collection."


def _rtf_escape(text: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?"
                   for ch in text)


def test_rtf_unicode_code_pages_tables_and_title(archive, index_dir):
    cp1251 = "".join(f"\\'{b:02x}" for b in RU.encode("cp1251"))
    rtf = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset204 Times;}}"
        "{\\colortbl;\\red255\\green0\\blue0;}{\\info{\\title " + _rtf_escape("Жылдық есеп") + "}"
        "{\\author Somebody}}"
        "{\\header Header text not indexed\\par}"
        "\\pard\\uc1 " + _rtf_escape(KK) + "\\par "
        "{\\f1 " + cp1251 + "}\\par "
        "{\\field{\\*\\fldinst HYPERLINK \"https://example.kz\"}{\\fldrslt " + EN + "}}\\par "
        "\\trowd\\cellx1000\\cellx2000 " + _rtf_escape("Оқырмандар") + "\\cell 1200\\cell\\row "
        "{\\*\\unknowndestination skipped words}{\\pict 0123456789abcdef}}"
    )
    write(archive, "lib/report.rtf", rtf.encode("ascii"))
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    doc = stored_docs(index_dir)["lib/report.rtf"]
    assert doc["title"] == "Жылдық есеп"
    body = doc["body"]
    assert KK in body and RU in body and EN in body
    assert "Оқырмандар | 1200" in body
    for hidden in ("Header text", "HYPERLINK", "skipped words", "0123456789", "Arial", "Somebody"):
        assert hidden not in body


def test_rtf_broken_file_is_a_named_failure(archive, index_dir):
    write(archive, "lib/bad.rtf", b"\x00\x01 not rtf at all")
    report = index_paths([archive], index_dir, jobs=1)
    assert [f.path for f in report.failed] == ["lib/bad.rtf"]
    assert "RTF" in report.failed[0].reason


def _odt(path: Path, paragraphs: list[tuple[str, str]], title: str | None) -> None:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
    body = "".join(
        f'<text:h text:outline-level="1">{t}</text:h>' if kind == "h" else f"<text:p>{t}</text:p>"
        for kind, t in paragraphs
    )
    body += ('<table:table><table:table-row><table:table-cell><text:p>Оқырмандар</text:p>'
             '</table:table-cell><table:table-cell><text:p>1200</text:p></table:table-cell>'
             '</table:table-row></table:table>')
    body += '<text:p>Two<text:s text:c="3"/>spaces<text:tab/>tab<text:note><text:note-body>' \
            '<text:p>footnote words</text:p></text:note-body></text:note></text:p>'
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>' \
              f'<office:body><office:text>{body}</office:text></office:body></office:document-content>'
    meta = f'<?xml version="1.0"?><office:document-meta {ns}><office:meta>' \
           f'{f"<dc:title>{title}</dc:title>" if title else ""}</office:meta></office:document-meta>'
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("meta.xml", meta)


def test_odt_paragraphs_tables_and_title(archive, index_dir):
    _odt(archive / "lib/a.odt", [("h", "Жылдық есеп"), ("p", KK), ("p", RU)], "Есеп 2021")
    _odt(archive / "lib/b.odt", [("h", "Heading as title"), ("p", EN)], None)
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    docs = stored_docs(index_dir)
    a, b = docs["lib/a.odt"], docs["lib/b.odt"]
    assert a["title"] == "Есеп 2021" and b["title"] == "Heading as title"
    assert KK in a["body"] and RU in a["body"] and "Оқырмандар | 1200" in a["body"]
    assert "Two   spaces\ttab" in a["body"] and "footnote words" not in a["body"]
    assert a["year"] == 2021


def test_odt_zip_without_content_is_a_named_failure(archive, index_dir):
    path = archive / "lib/empty.odt"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    report = index_paths([archive], index_dir, jobs=1)
    assert [f.path for f in report.failed] == ["lib/empty.odt"]
    assert "content.xml" in report.failed[0].reason


def _epub(path: Path, chapters: list[str], lang: str = "kaz") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = "".join(f'<item id="c{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>'
                       for i in range(len(chapters)))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in reversed(range(len(chapters))))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("META-INF/container.xml",
                    '<?xml version="1.0"?><container version="1.0" '
                    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                    '<rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>'
                    '</rootfiles></container>')
        zf.writestr("OEBPS/book.opf",
                    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
                    f'<dc:title>Қала тарихы</dc:title><dc:language>{lang}</dc:language>'
                    '<dc:date>2019-05-14</dc:date></metadata>'
                    f'<manifest>{manifest}<item id="css" href="style.css" media-type="text/css"/>'
                    f'</manifest><spine>{spine}</spine></package>')
        for i, text in enumerate(chapters):
            zf.writestr(f"OEBPS/text/ch{i}.xhtml",
                        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
                        f'<style>p {{color: red}}</style></head><body><h1>Тарау {i + 1}</h1>'
                        f'<p>{text}</p></body></html>')


def test_epub_chapters_in_spine_order_with_metadata(archive, index_dir):
    _epub(archive / "books/city.epub", [KK, RU, EN])
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    doc = stored_docs(index_dir)["books/city.epub"]
    assert doc["title"] == "Қала тарихы"
    assert doc["date"] == "2019-05-14" and doc["year"] == 2019
    body = doc["body"]
    # The spine lists the chapters in reverse: reading order follows the spine.
    assert body.index(EN) < body.index(RU) < body.index(KK)
    assert "color: red" not in body and "Тарау 1" in body
    assert doc["lang"] == "kk"


def test_doc_word_97_fixture(archive, index_dir):
    (archive / "lib").mkdir()
    (archive / "lib/report.doc").write_bytes((FIXTURES / "report-97.doc").read_bytes())
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    doc = stored_docs(index_dir)["lib/report.doc"]
    assert doc["title"] == "Жылдық есеп 2021"
    body = doc["body"]
    assert "Кітапхана 2021 жылғы 8 сәуірде оқырмандарға арналған жаңа көрме ашты." in body
    assert RU in body and EN in body
    assert "Оқырмандар | 1200\nКітаптар | 5400" in body
    assert doc["year"] == 2021


def test_doc_damaged_or_not_word_is_named(archive, index_dir):
    data = (FIXTURES / "report-97.doc").read_bytes()
    write(archive, "lib/truncated.doc", data[: len(data) // 3])
    write(archive, "lib/text.doc", "plain text saved under a .doc name")
    cp1251 = "".join(f"\\'{b:02x}" for b in "Библиотека".encode("cp1251"))
    write(archive, "lib/rtf.doc", "{\\rtf1\\ansi\\ansicpg1251 " + cp1251 + " open\\par}")
    report = index_paths([archive], index_dir, jobs=1)
    failed = {f.path: f.reason for f in report.failed}
    assert set(failed) == {"lib/truncated.doc", "lib/text.doc"}
    assert "not an OLE file" in failed["lib/text.doc"]
    # Word saved RTF under .doc names for years: read as RTF.
    assert stored_docs(index_dir)["lib/rtf.doc"]["body"] == "Библиотека open"


def test_report_file_names_every_skipped_failed_and_pending_file(archive, index_dir, tmp_path):
    write(archive, "lib/ok.txt", KK)
    write(archive, "lib/bad.rtf", b"no rtf")
    write(archive, "lib/music.mp3", b"ID3")
    out = tmp_path / "report.jsonl"
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "muragat", "index", str(archive), "--index", str(index_dir),
         "--jobs", "1", "--quiet", "--report", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "FAILED lib/bad.rtf" in proc.stdout and "SKIPPED" in proc.stdout and "music.mp3" in proc.stdout
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_status = {(r["status"], Path(r["path"]).name) for r in lines}
    assert ("failed", "bad.rtf") in by_status and ("skipped", "music.mp3") in by_status
    assert all(set(r) == {"path", "status", "reason"} and r["reason"] for r in lines)
