"""Sources: ``muragat-source.yaml`` of a folder -> source key, display names, default language,
links to the original pages; the site shows the names in its UI language."""

from __future__ import annotations

import json

from indexer_test_helpers import stored_docs, write
from muragat.indexer import index_paths

SOURCE = """\
id: oblys
name:
  kk: Облыстық ғылыми кітапхана
  ru: Областная научная библиотека
  en: Regional Research Library
homepage: https://oblys-lib.example.kz/
lang: kk
url: https://oblys-lib.example.kz/news/{stem}.html
"""
KK = "Кітапхана 2021 жылғы 8 сәуірде сирек кітаптар көрмесін ашты."
RU = "Библиотека провела встречу с читателями 12 марта 2020 г."


def archive_with_source(archive):
    write(archive, "oblys-lib/muragat-source.yaml", SOURCE)
    write(archive, "oblys-lib/2021/exhibition.txt", KK)
    write(archive, "oblys-lib/2020/meeting.md", "---\nurl: https://elsewhere.example/meeting\n---\n" + RU)
    write(archive, "other/news.txt", "Library news of 5 May 2022.")


def test_source_file_gives_key_language_and_links(archive, index_dir):
    archive_with_source(archive)
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed and not report.skipped_files  # the source file is no document
    docs = stored_docs(index_dir)
    ex = docs["oblys-lib/2021/exhibition.txt"]
    assert ex["source"] == "oblys"
    assert ex["url"] == "https://oblys-lib.example.kz/news/2021/exhibition.html"
    # The document's own metadata comes first.
    assert docs["oblys-lib/2020/meeting.md"]["url"] == "https://elsewhere.example/meeting"
    assert docs["other/news.txt"]["source"] == "other" and "url" not in docs["other/news.txt"]
    registry = json.loads((index_dir / "muragat-sources.json").read_text(encoding="utf-8"))
    entry = registry["sources"]["oblys"]
    assert entry["names"]["ru"] == "Областная научная библиотека"
    assert entry["homepage"] == "https://oblys-lib.example.kz/"


def test_changed_source_file_rereads_its_files(archive, index_dir):
    archive_with_source(archive)
    index_paths([archive], index_dir, jobs=1)
    assert index_paths([archive], index_dir, jobs=1).unchanged == 3
    write(archive, "oblys-lib/muragat-source.yaml",
          SOURCE.replace("news/{stem}.html", "archive/{stem_name}"))
    report = index_paths([archive], index_dir, jobs=1)
    assert report.updated == 1  # exhibition.txt (meeting.md keeps its own url)
    assert stored_docs(index_dir)["oblys-lib/2021/exhibition.txt"]["url"] == \
        "https://oblys-lib.example.kz/archive/exhibition"


def test_bad_source_file_is_named_and_ignored(archive, index_dir):
    write(archive, "lib/muragat-source.yaml", "name: [unclosed")
    write(archive, "lib/a.txt", KK)
    report = index_paths([archive], index_dir, jobs=1)
    assert [f.path.rpartition("/")[2] for f in report.failed] == ["muragat-source.yaml"]
    assert "source file ignored" in report.failed[0].reason
    assert stored_docs(index_dir)["lib/a.txt"]["source"] == "lib"


def test_site_shows_display_names_and_original_links(archive, index_dir):
    from muragat.web.app import create_app

    archive_with_source(archive)
    index_paths([archive], index_dir, jobs=1)
    app = create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, "INDEX_DIR": str(index_dir)})
    client = app.test_client()
    for ui, name in (("kk", "Облыстық ғылыми кітапхана"), ("ru", "Областная научная библиотека"),
                     ("en", "Regional Research Library")):
        page = client.get(f"/search?q=кітапхана&ui={ui}").get_data(as_text=True)
        assert page.count(name) >= 2, ui  # the hit and the source facet
        assert 'value="oblys"' in page  # the filter still uses the key
        assert 'href="https://oblys-lib.example.kz/news/2021/exhibition.html"' in page
    doc = client.get("/doc/oblys-lib/2021/exhibition.txt?ui=ru").get_data(as_text=True)
    assert "Областная научная библиотека" in doc
    assert 'href="https://oblys-lib.example.kz/"' in doc
    assert 'href="https://oblys-lib.example.kz/news/2021/exhibition.html"' in doc
    filtered = client.get("/api/search?q=кітапхана&source=oblys").get_json()
    assert filtered["total"] == 1 and filtered["hits"][0]["source"] == "oblys"


def test_default_language_of_a_source_applies_to_documents_that_give_none(archive, index_dir):
    text = "Абай, Алматы, Астана, 2020-2021."  # names: Kazakh or Russian alike
    write(archive, "kk-lib/muragat-source.yaml", "lang: kk\n")
    write(archive, "kk-lib/a.txt", text)
    write(archive, "ru-lib/muragat-source.yaml", "lang: ru\n")
    write(archive, "ru-lib/a.txt", text)
    write(archive, "ru-lib/own.md", "---\nlang: kk\n---\n" + text)  # its own language wins
    report = index_paths([archive], index_dir, jobs=1)
    assert not report.failed
    docs = stored_docs(index_dir)
    assert docs["kk-lib/a.txt"]["lang"] == "kk" and docs["ru-lib/a.txt"]["lang"] == "ru"
    assert docs["ru-lib/own.md"]["lang"] == "kk"
