"""Every archive format, read through ``index_paths`` into a real index."""

from __future__ import annotations

import gzip
import json

import docx
from indexer_test_helpers import make_pdf, stored_docs, write
from muragat.indexer import index_paths

RU = "Городская библиотека провела конкурс чтецов для школьников."
KK = "Қалалық кітапхана оқушыларға арналған мәнерлеп оқу байқауын өткізді."
EN = "The city library held a reading contest for school pupils."


def test_txt_title_from_first_line_and_date_from_text(archive, index_dir):
    write(archive, "lib/news.txt", f"Конкурс чтецов\n\n{RU} Это было 8 апреля 2021 г.\n")
    report = index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["lib/news.txt"]
    assert report.added == 1 and not report.failed
    assert doc["title"] == "Конкурс чтецов"
    assert (doc["date"], doc["year"]) == ("2021-04-08", 2021)
    assert doc["source"] == "lib"
    assert doc["lang"] == "ru"


def test_markdown_front_matter_and_markup_removed(archive, index_dir):
    write(archive, "lib/a.md", "---\ntitle: Оқу байқауы\ndate: 2020-03-05\nlang: kk\n"
          "source: Орталық кітапхана\nurl: https://example.org/a\n---\n"
          f"# Тақырып\n\n**{KK}** [сілтеме](https://example.org/x)\n")
    index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["lib/a.md"]
    assert doc["title"] == "Оқу байқауы"
    assert (doc["date"], doc["year"]) == ("2020-03-05", 2020)
    assert doc["source"] == "Орталық кітапхана"
    assert doc["url"] == "https://example.org/a"
    assert "**" not in doc["body"] and "https://example.org/x" not in doc["body"]
    assert "сілтеме" in doc["body"]


def test_markdown_without_front_matter_takes_the_first_heading(archive, index_dir):
    write(archive, "b.md", f"# Reading contest\n\n{EN}\n")
    index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["b.md"]
    assert doc["title"] == "Reading contest"
    assert "source" not in doc  # a file at the archive root has no source folder


HTML = """<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>Новости | Библиотека</title>
<meta property="article:published_time" content="2021-04-08T09:00:00+06:00">
<style>.x {{ color: red }} hiddenstyleword</style><script>var hiddenscriptword = 1;</script>
</head><body>
<nav><a href="/">Басты бет</a> <a href="/ru">Главная</a></nav>
<header class="site-header">Библиотека имени Абая</header>
<div class="sidebar">Архив новостей 1 января 2015 г.</div>
<article><h1>Конкурс чтецов</h1><p>{body}</p><p>Второй абзац.</p></article>
<footer>© 2023 Библиотека. Все права защищены.</footer>
</body></html>"""


def test_html_main_content_only_with_meta_date(archive, index_dir):
    write(archive, "site/page.html", HTML.format(body=RU))
    index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["site/page.html"]
    assert doc["title"] == "Конкурс чтецов"
    assert (doc["date"], doc["year"]) == ("2021-04-08", 2021)
    body = doc["body"]
    assert RU in body and "Второй абзац." in body
    for leaked in ("Басты бет", "Главная", "Архив новостей", "Все права", "hiddenscriptword",
                   "hiddenstyleword", "Абая"):
        assert leaked not in body


def test_html_date_from_time_element_then_text(archive, index_dir):
    write(archive, "t.html", "<html><body><main><h1>Көрме</h1><time datetime='2019-10-12'>12 қазан"
          f"</time><p>{KK}</p></main><aside>2010 жылғы 1 қаңтар</aside></body></html>")
    write(archive, "u.html", f"<html><body><div id='menu'>1 января 2015 г.</div><p>{EN} "
          "It opened on March 3, 2020.</p><div class='footer-copyright'>May 1, 2024</div></body></html>")
    index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert docs["t.html"]["date"] == "2019-10-12"
    assert docs["u.html"]["date"] == "2020-03-03"


def test_html_legacy_charset_declared(archive, index_dir):
    page = f"<html><head><meta charset='windows-1251'><title>Т</title></head><body><p>{RU}</p></body></html>"
    write(archive, "old.html", page.encode("cp1251"))
    index_paths([archive], index_dir, jobs=1)
    assert RU in stored_docs(index_dir)["old.html"]["body"]


def test_json_single_document_and_list(archive, index_dir):
    write(archive, "one.json", json.dumps({"id": "J-1", "title": "Один", "text": RU, "year": 2017}))
    write(archive, "many.json", json.dumps([
        {"doc_id": "J-2", "body": KK, "date": "2016-05-06", "source": "Архив"},
        {"text": EN},
    ]))
    index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert docs["J-1"]["year"] == 2017 and docs["J-1"]["title"] == "Один"
    assert "date" not in docs["J-1"]
    assert docs["J-2"]["date"] == "2016-05-06" and docs["J-2"]["source"] == "Архив"
    assert docs["many.json:2"]["body"] == EN


def test_jsonl_and_jsonl_gz(archive, index_dir):
    lines = [
        {"id": "r1", "title": "Бірінші", "text": KK, "lang": "kk", "url": "https://e.org/1"},
        {"text": RU, "date": "2022-01-15"},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n"
    write(archive, "feed/a.jsonl", data)
    write(archive, "feed/b.jsonl.gz", gzip.compress(data.replace('"r1"', '"r9"').encode("utf-8")))
    report = index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert report.added == 4
    assert docs["r1"]["url"] == "https://e.org/1" and docs["r1"]["lang"] == "kk"
    assert docs["feed/a.jsonl:2"]["year"] == 2022
    assert docs["r9"]["source"] == "feed"
    assert "feed/b.jsonl.gz:2" in docs


def test_pdf_text_layer(archive, index_dir):
    write(archive, "scan/report.pdf", make_pdf(["Annual report of the reading room",
                                                "The exhibition opened on April 8, 2021."]))
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    doc = stored_docs(index_dir)["scan/report.pdf"]
    assert "exhibition opened" in doc["body"]
    assert doc["date"] == "2021-04-08"
    assert doc["title"] == "Annual report of the reading room"


def test_docx_paragraphs_tables_and_title(archive, index_dir):
    d = docx.Document()
    d.core_properties.title = "Есеп"
    d.add_heading("Жылдық есеп", level=1)
    d.add_paragraph(KK)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Оқырмандар"
    table.rows[0].cells[1].text = "1200"
    path = archive / "docs" / "report.docx"
    path.parent.mkdir()
    d.save(str(path))
    index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["docs/report.docx"]
    assert doc["title"] == "Есеп"
    assert KK in doc["body"] and "Оқырмандар" in doc["body"]


def test_unsupported_files_are_skipped_and_counted(archive, index_dir):
    write(archive, "a.txt", EN)
    write(archive, "talk.mp3", b"ID3")
    write(archive, "table.xlsx", b"PK")
    write(archive, "noext", b"data")
    report = index_paths([archive], index_dir, jobs=1)
    assert report.added == 1
    assert report.skipped == {".mp3": 1, ".xlsx": 1, "": 1}
    lines = report.summary_lines()
    assert any("skipped 3 unsupported" in line for line in lines)
    # Each skipped file is named, in the summary and in the report's status records.
    for name in ("talk.mp3", "table.xlsx", "noext"):
        assert any(line.startswith("SKIPPED") and name in line for line in lines)
    records = {r["path"].rpartition("/")[2]: r for r in report.status_records()}
    assert records["talk.mp3"]["status"] == "skipped" and ".mp3" in records["talk.mp3"]["reason"]


def test_encodings_of_a_folder_and_the_report_names_them(archive, index_dir):
    write(archive, "old/ru.txt", RU.encode("cp1251"))
    write(archive, "old/koi.txt", RU.encode("koi8_r"))
    write(archive, "old/kk.txt", KK.encode("kz1048"))
    write(archive, "old/pt.txt", KK.encode("ptcp154"))
    write(archive, "old/u16.txt", KK.encode("utf-16"))
    report = index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert docs["old/ru.txt"]["body"] == RU and docs["old/koi.txt"]["body"] == RU
    assert docs["old/kk.txt"]["body"] == KK and docs["old/pt.txt"]["body"] == KK
    assert docs["old/u16.txt"]["body"] == KK
    notes = " ".join(report.notes)
    assert "decoded as cp1251" in notes and "decoded as KOI8-R" in notes
    assert "UTF-16" in notes


def test_text_over_the_cap_is_truncated_and_said(archive, index_dir):
    write(archive, "big.txt", ("Reading room. " * 2000) + "tailword")
    report = index_paths([archive], index_dir, jobs=1, max_file_bytes=10_000)
    body = stored_docs(index_dir)["big.txt"]["body"]
    assert len(body) <= 10_000 and "tailword" not in body
    assert any("big.txt" in n and "truncated" in n for n in report.notes)


def test_json_lone_surrogates_do_not_break_the_index(archive, index_dir):
    write(archive, "s.jsonl", '{"id": "bad\\ud800id", "title": "T\\udc80", "text": "Reading \\ud83d room"}\n')
    first = index_paths([archive], index_dir, jobs=1)
    assert first.added == 1 and not first.failed
    (doc_id,) = stored_docs(index_dir)
    assert doc_id.startswith("bad") and doc_id.endswith("id")
    assert index_paths([archive], index_dir, jobs=1).unchanged == 1
