"""The results' language switch ("all languages" / "the query's language") and the mark on
results in another language than the query's, in a real headless Chromium, in kk, ru and en.

The index has the semantic layer, built with the deterministic stand-in model
(``MURAGAT_EMBEDDINGS_MODEL=hashing``): this tests the interface, not the model. A Russian
query for a name finds the Russian page and, through the name keys, the English one.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="needs Debian's chromium and chromium-driver at /usr/bin"),
]

CHROME_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--window-size=1280,1000",
]

# The switch's labels per interface language (web/translations).
ALL = {"kk": "барлық тілдер", "ru": "все языки", "en": "all languages"}
QUERY = {"kk": "сұраудың тілі", "ru": "язык запроса", "en": "the query's language"}
MARK = {"kk": "сұраудан басқа тілде", "ru": "на другом языке, чем запрос",
        "en": "in another language than the query"}


def _documents():
    from muragat.indexer.document import Document

    def doc(doc_id, title, text, lang):
        return Document(id=doc_id, title=title, text=text, date="2024-05-06", year=2024,
                        source="Ortalyq", lang=lang)

    return [
        doc("ru/pushkin-vecher", "Вечер поэзии Пушкина",
            "В читальном зале прошёл вечер поэзии: читатели читали стихи Пушкина и говорили "
            "о переводах его поэм на казахский язык.", "ru"),
        doc("en/pushkin-library", "Pushkin Library reopens",
            "The Pushkin Library reopened its reading room after repairs; readers can again "
            "borrow books and browse the newspaper archive.", "en"),
        doc("kk/kitap-kormesi", "Кітап көрмесі",
            "Кітапханада жаңа кітаптар көрмесі ашылды, оқырмандар өлкетану басылымдарымен "
            "танысты.", "kk"),
    ]


@pytest.fixture(scope="module")
def layered_index(tmp_path_factory):
    """An index of the documents above with the semantic layer (stand-in model)."""
    from muragat.indexer import index_documents

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MURAGAT_EMBEDDINGS_MODEL", "hashing")
        index_dir = tmp_path_factory.mktemp("layered-index")
        report = index_documents(_documents(), index_dir, rebuild=True, embeddings=True)
        assert report.committed and not report.failed and report.vectors["documents"] == 3
        yield index_dir


@pytest.fixture(scope="module")
def server_url(layered_index):
    from muragat.web.serve import build_server

    server = build_server(layered_index, host="127.0.0.1", port=0, threads=4,
                          config={"RATE_LIMIT_PER_S": 0})
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="muragat-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _hits(driver) -> dict[str, bool]:
    """Each result's document id -> whether it is marked as in another language."""
    from selenium.webdriver.common.by import By

    out = {}
    for li in driver.find_elements(By.CSS_SELECTOR, "li.hit"):
        href = li.find_element(By.CSS_SELECTOR, ".hit-title a").get_attribute("href")
        doc_id = urlparse(href).path.split("/doc/", 1)[1]
        out[doc_id] = bool(li.find_elements(By.CSS_SELECTOR, ".hit-other-lang"))
    return out


@pytest.mark.parametrize("ui", ["ru", "kk", "en"])
def test_language_switch_in_every_interface_language(browser, server_url, ui, repo_root,
                                                     page_gone):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    browser.get(f"{server_url}/search?q={quote('Пушкин')}&ui={ui}")
    scope = browser.find_element(By.ID, "lang-scope")
    current = scope.find_element(By.CSS_SELECTOR, "[aria-current='true']")
    assert current.get_attribute("data-scope") == "all"
    assert current.text == ALL[ui]
    hits = _hits(browser)
    # all languages: the Russian page unmarked, the English one (found by its name) marked
    assert hits == {"ru/pushkin-vecher": False, "en/pushkin-library": True}
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit-other-lang")
    assert [m.text for m in marks] == [MARK[ui]]

    link = scope.find_element(By.CSS_SELECTOR, "a[data-scope='query']")
    assert link.text.startswith(QUERY[ui])
    link.click()
    wait.until(EC.url_contains("samelang=1"))
    assert parse_qs(urlparse(browser.current_url).query)["q"] == ["Пушкин"]
    scope = browser.find_element(By.ID, "lang-scope")
    current = scope.find_element(By.CSS_SELECTOR, "[aria-current='true']")
    assert current.get_attribute("data-scope") == "query" and current.text.startswith(QUERY[ui])
    assert _hits(browser) == {"ru/pushkin-vecher": False}
    folder = repo_root / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(folder / f"lang-scope-{ui}.png"))

    # a new search from the box keeps the choice; "all languages" brings the other back
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("Пушкина\n")
    wait.until(page_gone(box))
    assert "samelang" in parse_qs(urlparse(browser.current_url).query)
    browser.find_element(By.CSS_SELECTOR, "#lang-scope a[data-scope='all']").click()
    wait.until(lambda d: "samelang" not in parse_qs(urlparse(d.current_url).query))
    assert set(_hits(browser)) == {"ru/pushkin-vecher", "en/pushkin-library"}
