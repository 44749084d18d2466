"""Titles (issue 14): placeholder titles from editors are ignored, and menu lines of scraped
pages are not taken as titles. Fixtures are written here; the real seed pages are read from
../shared/data at run time (their text is never copied into the repository)."""

from __future__ import annotations

import shutil

import docx
import pytest
from indexer_test_helpers import stored_docs, write
from muragat.indexer import index_paths
from muragat.indexer.metadata import title_from_text
from muragat.indexer.titles import is_menu_line, is_placeholder_title

PLACEHOLDERS = [
    "Word Document", "Microsoft Word Document", "Документ Microsoft Word",
    "Новый документ Microsoft Word (2)", "Untitled", "Untitled-1", "Untitled Document",
    "New Page 1", "new document", "Microsoft Word - отчёт 2021.doc", "report_2021.docx",
    "scan 0001.pdf", "Без названия", "Атаусыз", "Жаңа құжат", "Document1", "Title", "  ",
]
TITLES = [
    "Word of the year 2021", "Document management in rural libraries", "Кітапхана күні",
    "Новые книги о Великой степи", "Page turners: a book club for teenagers", "Untitled poems by Abai",
    "Библиотека №3 (филиал)", "New books in the reading room",
]
MENU_LINES = [
    "icon Электронный каталог", "fa fa-home Home", "logo Кітапхана", "Главная",
    "Басты бет", "Home | About us | Contacts", "Версия для слабовидящих", "Read more",
    "Жаңалықтар · Оқиғалар · Байланыс", "Контакты",
]
NOT_MENU = [
    "Клуб любителей шахмат", "Кітапхана күні / День библиотек / Library day",
    "About the library and its collections", "Жаңа кітаптар көрмесі ашылды",
    "Home reading for the whole family", "Icons of Kazakh art in the library collection",
]


@pytest.mark.parametrize("title", PLACEHOLDERS)
def test_placeholders_are_recognized(title):
    assert is_placeholder_title(title)


@pytest.mark.parametrize("title", TITLES)
def test_real_titles_are_not_placeholders(title):
    assert not is_placeholder_title(title)


@pytest.mark.parametrize("line", MENU_LINES)
def test_menu_lines_are_recognized(line):
    assert is_menu_line(line)


@pytest.mark.parametrize("line", NOT_MENU)
def test_headings_are_not_menu_lines(line):
    assert not is_menu_line(line)


def test_text_title_passes_over_menu_lines():
    text = ("icon E-library and archive\n\nГлавная\n\n"
            "Архив районной газеты оцифрован полностью\n\n"
            "Все выпуски газеты с 1956 года доступны в читальном зале.")
    assert title_from_text(text) == "Архив районной газеты оцифрован полностью"
    assert title_from_text("Главная\n\nКонтакты\n") == "Главная"  # nothing else: kept


PAGE_WITHOUT_NAV_TAGS = """<!DOCTYPE html>
<html lang="kk"><head><meta charset="utf-8"><title>Untitled Document</title></head>
<body>
<div class="top"><a href="/">icon Электрондық каталог</a></div>
<div class="links"><a href="/">Басты бет</a> | <a href="/news">Жаңалықтар</a> | <a href="/c">Байланыс</a></div>
<div class="content">
<p>Ауыл кітапханасына жаңа компьютерлер келді</p>
<p>Аудандық әкімдік ауыл кітапханасына оқырмандар үшін бес компьютер сыйға тартты.
Енді оқырмандар электрондық каталогпен және онлайн кітапханалармен жұмыс істей алады.</p>
</div></body></html>
"""
PAGE_WITH_SITE_H1 = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Вечер поэзии в читальном зале</title></head>
<body><div class="header"><h1>Главная</h1></div>
<div class="post"><p>В читальном зале прошёл вечер поэзии, посвящённый творчеству местных авторов.
Гости читали стихи и рассказывали о своих книгах.</p></div></body></html>
"""


def test_html_pages_with_menus_get_their_headline(archive, index_dir):
    write(archive, "site/village.html", PAGE_WITHOUT_NAV_TAGS)
    write(archive, "site/poetry.html", PAGE_WITH_SITE_H1)
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    docs = stored_docs(index_dir)
    assert docs["site/village.html"]["title"] == "Ауыл кітапханасына жаңа компьютерлер келді"
    assert docs["site/poetry.html"]["title"] == "Вечер поэзии в читальном зале"


def _docx(path, core_title: str, heading: str | None, paragraphs: list[str]) -> None:
    d = docx.Document()
    d.core_properties.title = core_title
    if heading:
        d.add_heading(heading, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))


def test_docx_placeholder_core_title_is_ignored(archive, index_dir):
    _docx(archive / "docs" / "heading.docx", "Word Document", "Жыл қорытындысы",
          ["Кітапхана жыл бойы он екі көрме өткізді."])
    _docx(archive / "docs" / "plain.docx", "Документ Microsoft Word", None,
          ["Отчёт о работе передвижной библиотеки", "За год библиотека посетила сорок сёл."])
    _docx(archive / "docs" / "named.docx", "Annual report of the reading room", None,
          ["The reading room had many visitors."])
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    docs = stored_docs(index_dir)
    assert docs["docs/heading.docx"]["title"] == "Жыл қорытындысы"
    assert docs["docs/plain.docx"]["title"] == "Отчёт о работе передвижной библиотеки"
    assert docs["docs/named.docx"]["title"] == "Annual report of the reading room"


def _lines(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.shared
def test_seed_pages_get_their_headlines(shared_data, archive, index_dir):
    seeds = sorted((shared_data / "seeds").glob("*.txt"))
    if len(seeds) < 2:
        pytest.skip("the seed pages are not in ../shared/data/seeds")
    for seed in seeds:
        shutil.copy(seed, archive / seed.name)  # a temporary archive, outside the repository
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed, report.failed
    docs = stored_docs(index_dir)
    first = next(s for s in seeds if s.name.startswith("000_"))
    lines = _lines(first)
    # The page opens with a menu line (an icon label and a menu item), then its headline.
    assert is_menu_line(lines[0])
    assert docs[first.name]["title"] == lines[1]
    other = next(s for s in seeds if s.name.startswith("004_"))
    lines = _lines(other)
    crumb = next(i for i, line in enumerate(lines) if line.lower().startswith("you are here"))
    assert docs[other.name]["title"] == lines[crumb + 1]
