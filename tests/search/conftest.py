"""A small trilingual archive written for these tests, indexed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from muragat.indexer.document import Document
from muragat.search.engine import SearchEngine

DOCS = [
    Document(
        id="kk-lib-2021", title="Облыстық кітапхананың жаңа оқу залы",
        text="Облыстық кітапхананың жаңа оқу залы ашылды. Кітапханаға оқырмандар көп келді. "
             "Залда балаларға арналған кітаптар мен газеттер бар.",
        date="2021-04-08", year=2021, source="ertis", lang="kk"),
    Document(
        id="kk-conf-2021", title="Халықаралық конференция",
        text="Кітапханалар туралы халықаралық конференция өтті. Конференцияларға ғалымдар "
             "мен кітапханашылар қатысты. Қазақстан кітапханалары тәжірибе алмасты.",
        date="2021-11-20", year=2021, source="ertis", lang="kk"),
    Document(
        id="kk-museum-2019", title="Мұражайдағы көрме",
        text="Мұражайда ескі қолжазбалар көрмесі ашылды. Көрмеге мектеп оқушылары келді.",
        date="2019-05-15", year=2019, source="akorda", lang="kk"),
    Document(
        id="ru-lib-2020", title="Библиотеки Казахстана",
        text="Сотрудники областной библиотеки встретились с коллегами. Между библиотеками "
             "Казахстана налажен обмен книгами. Читатели получили новые книги.",
        date="2020-09-01", year=2020, source="ertis", lang="ru"),
    Document(
        id="ru-conf-2019", title="Научная конференция",
        text="В университете прошла научная конференция по истории края. Доклады прочитали "
             "историки и библиотекари. Привет участникам конференции передал ректор.",
        date="2019-03-12", year=2019, source="akorda", lang="ru"),
    Document(
        id="ru-exact", title="Работа с библиотеками",
        text="Работа с библиотеками и архивами требует терпения.",
        date="2018-01-20", year=2018, source="pushkin", lang="ru"),
    Document(
        id="en-pushkin-2021", title="Pushkin Library reading week",
        text="The Pushkin library held a reading week for children. Readers borrowed many books "
             "and librarians told stories about the history of the library.",
        date="2021-04-09", year=2021, source="pushkin", lang="en"),
    Document(
        id="en-conf-2020", title="Conference on digital archives",
        text="A conference on digital archives gathered libraries from the region. The library "
             "of Pushkin sent two speakers. Archivists discussed scanning old newspapers.",
        date="2020-06-30", year=2020, source="akorda", lang="en"),
    Document(
        id="en-escape", title="Markup in old pages",
        text="Old web pages contain <script>alert('x')</script> tags & entities like &amp; that "
             "must be shown as text, not markup, in every snippet about markup.",
        date="2017-02-02", year=2017, source="ertis", lang="en"),
    Document(
        id="mixed-2022", title="Кітапхана күні / День библиотек / Library day",
        text="Кітапхана күні мерекесі өтті.\n\nВ библиотеке прошёл праздник.\n\n"
             "The library celebrated its day with a concert.",
        date="2022-05-27", year=2022, source="ertis"),
]


def build_index(docs: list[Document], index_dir: Path) -> None:
    """Index ``docs`` with the project's indexer (rebuilding the directory)."""
    from muragat.evaluation.retrieval import build_index as build

    build(docs, index_dir)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The test archive indexed once."""
    path = tmp_path_factory.mktemp("search-index")
    build_index(DOCS, path)
    return path


@pytest.fixture(scope="session")
def engine(index_dir) -> SearchEngine:
    """One engine shared by the read-only tests."""
    eng = SearchEngine(index_dir)
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def archive_docs() -> list[Document]:
    """The documents of the test archive."""
    return list(DOCS)


@pytest.fixture(scope="session")
def make_index():
    """``make_index(docs, dir)``: index documents into a directory."""
    return build_index
