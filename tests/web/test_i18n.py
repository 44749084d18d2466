"""Interface language: selection, the switcher, complete catalogs, locale formatting."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from muragat import web

WEB = Path(web.__file__).parent
TRANSLATIONS = WEB / "translations"


def _lang(response) -> str:
    return re.search(r'<html lang="(\w+)">', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("header,expected", [
    ("ru-RU,ru;q=0.9,en;q=0.5", "ru"), ("en-GB,en;q=0.8", "en"), ("kk-KZ", "kk"),
    ("de-DE", "kk"), ("", "kk"), ("fr;q=0.9, en;q=0.5, ru;q=0.7", "ru"),
])
def test_default_from_accept_language(fake_client, header, expected):
    assert _lang(fake_client.get("/", headers={"Accept-Language": header})) == expected


def test_switcher_choice_is_remembered_in_a_cookie(fake_client):
    first = fake_client.get("/search?q=kitap&ui=en", headers={"Accept-Language": "ru"})
    assert _lang(first) == "en"
    assert "muragat_ui=en" in first.headers["Set-Cookie"]
    later = fake_client.get("/search?q=kitap", headers={"Accept-Language": "ru"})
    assert _lang(later) == "en"
    assert "Accept-Language" in later.headers["Vary"] and "Cookie" in later.headers["Vary"]


def test_unknown_ui_value_is_ignored(fake_client):
    response = fake_client.get("/?ui=<script>", headers={"Accept-Language": "ru"})
    assert _lang(response) == "ru"
    assert "Set-Cookie" not in response.headers


def test_switcher_links_keep_the_search_state(fake_client):
    text = fake_client.get("/search?q=kitap&lang=kk&year_from=2019&page=2").get_data(as_text=True)
    for code in ("kk", "ru", "en"):
        link = re.search(rf'<li><a href="([^"]+)" lang="{code}"', text).group(1)
        assert link == f"/search?q=kitap&amp;lang=kk&amp;year_from=2019&amp;page=2&amp;ui={code}"


@pytest.mark.parametrize("ui,total,expected", [
    ("ru", 1, "Найден 1 документ"), ("ru", 3, "Найдено 3 документа"),
    ("ru", 12345, "Найдено 12\xa0345 документов"), ("kk", 12345, "12\xa0345 құжат табылды"),
    ("en", 1, "1 document found"), ("en", 12345, "12,345 documents found"),
])
def test_plurals_and_numbers_per_locale(fake_client, fake_engine, ui, total, expected):
    def counted(req):
        response = type(fake_engine).search(fake_engine, req)
        response.total = total
        return response

    fake_engine.search = counted
    text = fake_client.get(f"/search?q=kitap&ui={ui}").get_data(as_text=True)
    assert expected in text


@pytest.mark.parametrize("ui,expected", [("kk", "наурыз"), ("ru", "5 марта 2021"), ("en", "March 5, 2021")])
def test_dates_per_locale(fake_client, ui, expected):
    assert expected in fake_client.get(f"/doc/hostile/1?ui={ui}").get_data(as_text=True)


@pytest.mark.parametrize("ui,name", [("kk", "Қазақ тілі"), ("ru", "Казахский"), ("en", "Kazakh")])
def test_language_facet_names_per_locale(fake_client, ui, name):
    assert name in fake_client.get(f"/search?q=kitap&ui={ui}").get_data(as_text=True)


def _source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.xml", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(str(WEB), method_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_message_is_translated(lang):
    catalog = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]: m.string
        for m in catalog if m.id and not m.fuzzy
    }
    missing = [m for m in _source_messages() if not translated.get(m)
               or (isinstance(translated[m], tuple) and not all(translated[m]))]
    assert missing == [], f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_compiled_catalogs_match_the_po_files(lang):
    folder = TRANSLATIONS / lang / "LC_MESSAGES"
    po = read_po((folder / "messages.po").open("rb"))
    mo = read_mo(io.BytesIO((folder / "messages.mo").read_bytes()))
    def pairs(catalog):
        return {tuple(m.id) if isinstance(m.id, list | tuple) else m.id:
                tuple(m.string) if isinstance(m.string, list | tuple) else m.string
                for m in catalog if m.id}

    assert pairs(po) == pairs(mo), "run: pybabel compile -d web/translations"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_placeholders_survive_translation(lang):
    catalog = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set(re.findall(r"%\(\w+\)[sd]", ids[-1]))
        for s in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", s)) == wanted, (m.id, s)
