"""Absolute URLs (OpenSearch, Atom, CSV, canonical links) never echo an untrusted Host header:
they come from the base URL, else a trusted Host, else the configured server address."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from muragat.web.app import create_app
from muragat.web.links import DEFAULT_SERVER_URL, check_base_url

from muragat.cli import main

EVIL = "evil.example"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def _client(fake_engine, **config):
    return create_app({"TESTING": True, "RATE_LIMIT_PER_S": 0, **config},
                      engine=fake_engine).test_client()


def _absolute_urls(client, host: str) -> list[str]:
    """Every absolute URL the site writes, fetched with ``Host: host``."""
    headers = {"Host": host}
    urls: list[str] = []
    opensearch = client.get("/opensearch.xml", headers=headers).get_data(as_text=True)
    urls += re.findall(r"(?:template=\"|<Image[^>]*>|<moz:SearchForm>)(https?://[^\"<?]+)", opensearch)
    feed = ET.fromstring(client.get("/feed.atom?q=kitap", headers=headers).data)
    urls.append(feed.findtext("a:id", namespaces=ATOM))
    urls += [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    urls += [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}id")]
    rows = csv.DictReader(io.StringIO(
        client.get("/export.csv?q=kitap", headers=headers).get_data(as_text=True).lstrip("\ufeff")))
    urls += [row["link"] for row in rows]
    page = client.get("/doc/plain/2", headers=headers).get_data(as_text=True)
    urls += re.findall(r'<link rel="canonical" href="([^"]+)"', page)
    assert len(urls) >= 12
    return urls


def test_host_header_is_not_echoed_without_settings(fake_engine):
    urls = _absolute_urls(_client(fake_engine), EVIL)
    assert all(u.startswith(DEFAULT_SERVER_URL + "/") for u in urls), urls
    assert not any(EVIL in u for u in urls)


def test_base_url_names_every_absolute_link(fake_engine):
    client = _client(fake_engine, BASE_URL="https://search.example.org/archive/")
    urls = _absolute_urls(client, EVIL)
    assert all(u.startswith("https://search.example.org/archive/") for u in urls), urls
    assert "https://search.example.org/archive/doc/plain/2" in urls
    assert "https://search.example.org/archive/feed.atom?q=kitap" in urls


def test_base_url_from_the_environment(fake_engine, monkeypatch):
    monkeypatch.setenv("MURAGAT_BASE_URL", "https://lib.example.kz")
    urls = _absolute_urls(_client(fake_engine), EVIL)
    assert all(u.startswith("https://lib.example.kz/") for u in urls), urls


def test_trusted_hosts_are_echoed_and_others_are_not(fake_engine):
    client = _client(fake_engine, TRUSTED_URL_HOSTS=("search.example.org", ".library.example"))
    assert all(u.startswith("http://search.example.org/") for u in
               _absolute_urls(client, "search.example.org"))
    assert all(u.startswith("http://kk.library.example:8443/") for u in
               _absolute_urls(client, "kk.library.example:8443"))
    untrusted = _absolute_urls(client, EVIL)
    assert all(u.startswith(DEFAULT_SERVER_URL + "/") for u in untrusted), untrusted


def test_trusted_hosts_from_the_environment(fake_engine, monkeypatch):
    monkeypatch.setenv("MURAGAT_TRUSTED_HOSTS", "a.example, b.example")
    client = _client(fake_engine)
    assert all(u.startswith("http://b.example/") for u in _absolute_urls(client, "b.example"))
    assert not any(EVIL in u for u in _absolute_urls(client, EVIL))


@pytest.mark.parametrize("bad", ["search.example.org", "ftp://x.example", "https://x.example/?a=1",
                                 "https://x.example/#top", "https://"])
def test_malformed_base_url_is_refused(bad, fake_engine, real_index_dir, capsys):
    with pytest.raises(ValueError):
        check_base_url(bad)
    assert main(["serve", "--index", str(real_index_dir), "--base-url", bad]) == 2
    assert "--base-url" in capsys.readouterr().err


def test_base_url_is_normalized():
    assert check_base_url(" https://x.example/archive/ ") == "https://x.example/archive"
