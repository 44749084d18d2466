"""Metadata precedence (metadata > HTML meta/<time> > text > folder) and ids."""

from __future__ import annotations

import io
import json

from indexer_test_helpers import stored_docs, write
from muragat.indexer import Document, index_paths
from muragat.indexer.metadata import complete, source_from_path, title_from_text
from muragat.indexer.progress import Progress


def test_metadata_date_beats_the_date_in_the_text(archive, index_dir):
    write(archive, "a.md", "---\ndate: 2018-02-03\n---\nThe event took place on April 8, 2021.\n")
    write(archive, "b.jsonl", json.dumps({"id": "B", "year": 2016,
                                          "text": "Өткен 2021 жылғы 8 сәуір күні."}) + "\n")
    write(archive, "c.html", "<html><head><meta name='date' content='2017-07-07'></head><body>"
          "<article><time datetime='2019-09-09'>9 September 2019</time><p>On 1 May 2020.</p>"
          "</article></body></html>")
    index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert (docs["a.md"]["date"], docs["a.md"]["year"]) == ("2018-02-03", 2018)
    assert docs["B"]["year"] == 2016 and "date" not in docs["B"]
    assert docs["c.html"]["date"] == "2017-07-07"


def test_invalid_metadata_date_falls_back_to_the_text():
    doc = complete(Document(id="", text="Held on 8 апреля 2021 г.", date="someday"), "x.txt")
    assert (doc.date, doc.year) == ("2021-04-08", 2021)


def test_no_date_anywhere_gives_no_year_and_never_the_file_time(archive, index_dir):
    write(archive, "lib/plain.txt", "On November 20 the library hosted a conference.")
    index_paths([archive], index_dir, jobs=1)
    doc = stored_docs(index_dir)["lib/plain.txt"]
    assert "date" not in doc and "year" not in doc


def test_source_from_metadata_else_top_level_folder():
    assert source_from_path("central/2020/news.txt") == "central"
    assert source_from_path("news.txt") is None
    doc = complete(Document(id="", text="x", source="Архив"), "central/a.txt")
    assert doc.source == "Архив"
    assert complete(Document(id="", text="x"), "central/a.txt").source == "central"


def test_ids_record_id_else_relative_path_else_line(archive, index_dir):
    write(archive, "lib/feed.jsonl", "\n".join([
        json.dumps({"id": "KZ/2021/001", "text": "a"}),
        json.dumps({"doc_id": 42, "text": "b"}),
        json.dumps({"text": "c"}),
        "",
        json.dumps({"text": "d"}),
    ]) + "\n")
    write(archive, "lib/sub/page.txt", "Some text here.")
    index_paths([archive], index_dir, jobs=1)
    assert set(stored_docs(index_dir)) == {
        "KZ/2021/001", "42", "lib/feed.jsonl:3", "lib/feed.jsonl:5", "lib/sub/page.txt"}


def test_title_fallback_is_the_first_meaningful_line():
    assert title_from_text("\n***\n12.03\nГодовой отчёт библиотеки\nТекст") == "Годовой отчёт библиотеки"
    long = "слово " * 100
    assert len(title_from_text(long)) <= 201


def test_progress_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    bar = Progress(total_bytes=1000, stream=out, interval=0)
    bar.update(docs=5, nbytes=500)
    bar.finish()
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("indexed 5 docs") and "50%" in line and "docs/s" in line and "ETA" in line


def test_progress_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    bar = Progress(total_bytes=1000, stream=out, interval=0)
    bar.update(docs=3, nbytes=250)
    bar.finish()
    text = out.getvalue()
    assert text.startswith("\r[") and "25%" in text and "docs/s" in text and text.endswith("\n")


_MENU = "Клуб любителей шахмат\n\nЖаңа кітаптар көрмесі ашылды\n\nOpening hours in summer\n\n"


def test_scraped_page_title_is_the_end_of_the_breadcrumb_not_the_menu(archive, index_dir):
    ru = _MENU + "Вы здесь: Главная › Архив › Встреча с краеведами района\n\nВстреча с краеведами района\n\nТекст."
    kk = _MENU + "Сіз осындасыз: Басты бет › Мұрағат › Өлкетанушылармен кездесу\n\nӨлкетанушылармен кездесу\n"
    en = _MENU + "You are here: Home › ARCHIVE › Poetry evening at the library\n\nOn 3 March the library…"
    glued = _MENU + "You are here: HomeARCHIVEPoetry evening at the library\n\nPoetry evening at the library\n"
    for name, text in {"ru.txt": ru, "kk.txt": kk, "en.txt": en, "glued.txt": glued}.items():
        write(archive, name, text)
    index_paths([archive], index_dir, jobs=1)
    docs = stored_docs(index_dir)
    assert docs["ru.txt"]["title"] == "Встреча с краеведами района"
    assert docs["kk.txt"]["title"] == "Өлкетанушылармен кездесу"
    assert docs["en.txt"]["title"] == "Poetry evening at the library"
    assert docs["glued.txt"]["title"] == "Poetry evening at the library"


def test_breadcrumb_only_counts_near_the_top_and_plain_pages_keep_the_first_line():
    assert title_from_text(_MENU + "Body text.") == "Клуб любителей шахмат"
    late = "Отчёт о работе за год\n" + "строка текста\n" * 60 + "Вы здесь: Главная › Другое\n"
    assert title_from_text(late) == "Отчёт о работе за год"
    assert title_from_text("Вы здесь: Главная › Архив › Вечер поэзии\nПервый абзац.") == "Вечер поэзии"


def test_a_title_taken_from_a_one_line_text_is_shown_but_not_indexed_again():
    """A one-line record (a sentence, a caption) is titled by its text for display only;
    a first line above more text is a heading and is indexed as the title."""
    from muragat.indexer.prepare import prepare_document

    line = "Кітапханада жаңа кітаптар көрмесі ашылды."
    one = complete(Document(id="s1", text=line), "s.jsonl")
    assert one.title == line and one.title_is_text
    prepared = prepare_document(one)
    assert prepared.stored["title"] == line
    assert not [f for f in prepared.terms if f.startswith("title_")]
    assert all(len(p) == 1 for p in prepared.terms["exact"].values())  # each word once, from the body

    two = complete(Document(id="s2", text=f"{line}\n\nКөрме бір ай бойы жұмыс істейді."), "t.txt")
    assert two.title == line and not two.title_is_text
    assert "title_kk" in prepare_document(two).terms

    given = complete(Document(id="s3", text=line, title=line), "s.jsonl")  # metadata title: indexed
    assert not given.title_is_text and "title_kk" in prepare_document(given).terms
