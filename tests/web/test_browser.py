"""End to end in a real headless Chromium (Selenium) against the app served by waitress.

Searches in Kazakh and Russian with inflected forms, ticks a language facet, narrows
the years, opens a document, switches the interface language, and checks that no
injected script runs. Screenshots go to ``artifacts/screenshots/`` (look at them).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

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


@pytest.fixture(scope="module")
def server_url(real_index_dir):
    """The app over the real test index, served by waitress on a free loopback port."""
    from muragat.web.serve import build_server

    server = build_server(real_index_dir, host="127.0.0.1", port=0, threads=4,
                          config={"RATE_LIMIT_PER_S": 0})
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium with a fresh profile, Kazakh as the browser's language."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="muragat-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "kk"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(repo_root):
    folder = repo_root / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _no_script_ran(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    assert driver.execute_script("return typeof window.__xss") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - raises when there is no alert
    csp = [e for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
    assert csp == [], csp


def _args(driver) -> dict[str, list[str]]:
    return parse_qs(urlparse(driver.current_url).query)


def _hit_links(driver):
    from selenium.webdriver.common.by import By

    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".hit-title a")]


def test_search_refine_open_and_switch_language(browser, server_url, shots, page_gone):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    browser.get(server_url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "kk"
    browser.save_screenshot(str(shots / "01-landing-kk.png"))

    # Keyboard: the first Tab reaches the skip link.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip-link"

    # Search in Kazakh with an inflected form.
    box = browser.find_element(By.ID, "q")
    box.send_keys("кітаптарымыз", Keys.ENTER)
    wait.until(page_gone(box))
    wait.until(EC.url_contains("/search"))
    assert _args(browser)["q"] == ["кітаптарымыз"]
    assert any("kk/koktem-kormesi" in h for h in _hit_links(browser))
    assert browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert browser.find_element(By.ID, "q").get_attribute("value") == "кітаптарымыз"
    browser.save_screenshot(str(shots / "02-results-kk.png"))
    _no_script_ran(browser)

    # Tick the Kazakh language facet: the page reloads with lang=kk in the URL.
    kk_box = browser.find_element(By.CSS_SELECTOR, 'input[type=checkbox][name="lang"][value="kk"]')
    browser.find_element(By.CSS_SELECTOR, f'label[for="{kk_box.get_attribute("id")}"]').click()
    wait.until(page_gone(kk_box))  # the script submitted the form: a new page
    wait.until(lambda d: "lang" in _args(d))
    assert _args(browser)["lang"] == ["kk"]
    kk_box = browser.find_element(By.CSS_SELECTOR, 'input[type=checkbox][name="lang"][value="kk"]')
    assert kk_box.is_selected()
    assert browser.switch_to.active_element == kk_box  # keyboard users keep their place

    # Narrow the years with the range form.
    before = set(_hit_links(browser))
    browser.find_element(By.ID, "year_from").send_keys("2020")
    browser.find_element(By.ID, "year_to").send_keys("2023")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, ".facet-form button[type=submit]").click()
    wait.until(page_gone(page))
    wait.until(lambda d: "year_from" in _args(d))
    args = _args(browser)
    assert args["year_from"] == ["2020"] and args["year_to"] == ["2023"] and args["lang"] == ["kk"]
    after = set(_hit_links(browser))
    assert after and after < before
    browser.save_screenshot(str(shots / "03-results-filtered.png"))

    # The back button returns to the unfiltered years (all state is in the URL).
    browser.back()
    wait.until(lambda d: "year_from" not in _args(d))
    assert set(_hit_links(browser)) == before
    browser.forward()
    wait.until(lambda d: "year_from" in _args(d))

    # Open a document: highlighted forms, segments marked by language.
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, ".hit-title a").click()
    wait.until(page_gone(page))
    wait.until(EC.url_contains("/doc/"))
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, ".doc-body mark")
    assert browser.find_elements(By.CSS_SELECTOR, '.seg[lang="kk"]')
    browser.save_screenshot(str(shots / "04-document-kk.png"))

    # Switch the interface to Russian: same page, same query.
    url_before = urlparse(browser.current_url)
    browser.find_element(By.CSS_SELECTOR, '.ui-langs a[lang="ru"]').click()
    wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru")
    url_after = urlparse(browser.current_url)
    assert url_after.path == url_before.path
    assert parse_qs(url_after.query)["q"] == parse_qs(url_before.query)["q"]
    assert "Похожие документы" in browser.page_source
    browser.save_screenshot(str(shots / "05-document-ru.png"))

    # Search in Russian with an inflected form; the interface stays Russian (cookie).
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("книгами", Keys.ENTER)
    wait.until(page_gone(box))
    wait.until(lambda d: _args(d).get("q") == ["книгами"])
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    links = _hit_links(browser)
    assert any("ru/vystavka-knig" in h for h in links) and any("ru/konferentsiya" in h for h in links)
    assert "Найдено" in browser.find_element(By.CSS_SELECTOR, ".summary").text
    browser.save_screenshot(str(shots / "06-results-ru.png"))
    _no_script_ran(browser)


def test_injected_markup_never_runs(browser, server_url, shots):
    from selenium.webdriver.common.by import By

    hostile_q = '"><script>window.__xss="q"</script><img src=x onerror="window.__xss=\'q\'">'
    for path in (f"/search?q={hostile_q}&ui=en", "/search?q=кітап&ui=en", "/doc/hostile/script?q=кітап",
                 "/explain?id=hostile/script&q=кітап", f"/doc/no-such?q={hostile_q}"):
        browser.get(server_url + path)
        _no_script_ran(browser)
    browser.get(server_url + "/doc/hostile/script?q=кітап&ui=en")
    assert "<script>" in browser.find_element(By.TAG_NAME, "h1").text  # shown as text
    browser.save_screenshot(str(shots / "07-hostile-document-en.png"))


def test_mobile_layout_and_autocomplete(browser, server_url, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(390, 844)
    try:
        browser.get(server_url + "/search?q=кітап&ui=kk")
        scroll, client = browser.execute_script(
            "var e = document.documentElement; return [e.scrollWidth, e.clientWidth]")
        assert scroll <= client  # no sideways scrolling on a phone
        browser.save_screenshot(str(shots / "08-mobile-results-kk.png"))
        box = browser.find_element(By.ID, "q")
        box.clear()
        box.send_keys("кітапх")
        WebDriverWait(browser, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#q-suggestions option"))
        values = [o.get_attribute("value") for o in
                  browser.find_elements(By.CSS_SELECTOR, "#q-suggestions option")]
        assert values and all(v.startswith("кітапх") for v in values)
    finally:
        browser.set_window_size(1280, 1000)


def _tab_to(driver, matches, limit: int = 120):
    """Press Tab until ``matches(active element)``; the element (fails after ``limit`` tabs)."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        element = driver.switch_to.active_element
        if element is not None and matches(element):
            return element
        element.send_keys(Keys.TAB)
    pytest.fail("not reachable with the Tab key")


def _suggest_requests(driver) -> int:
    return driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(function (e) { return e.name.indexOf('/api/suggest') >= 0; }).length")


def test_autocomplete_waits_for_a_pause(browser, server_url):
    """Typing a word quickly sends one suggestion request, not one per key; every pause
    sends one; going back to text already answered sends none."""
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server_url + "/?ui=en")
    box = browser.find_element(By.ID, "q")
    browser.execute_script("performance.clearResourceTimings()")
    box.send_keys("кітапх")  # six keys within a few milliseconds
    WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#q-suggestions option"))
    time.sleep(0.8)
    assert _suggest_requests(browser) == 1
    for key in ("а", "н"):  # a slow typist: a pause after each key
        box.send_keys(key)
        time.sleep(0.7)
    assert _suggest_requests(browser) == 3
    box.send_keys(Keys.BACKSPACE)  # back to "кітапха": answered before
    time.sleep(0.7)
    assert _suggest_requests(browser) == 3
    values = [o.get_attribute("value") for o in
              browser.find_elements(By.CSS_SELECTOR, "#q-suggestions option")]
    assert values and all(v.startswith("кітапха") for v in values)


def test_ranking_details_toggle_with_the_keyboard(browser, server_url, shots, page_gone):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    browser.get(server_url + "/search?q=кітап&ui=en")
    assert not browser.find_elements(By.CSS_SELECTOR, ".hit-score, .hit-explain, .took")
    toggle = _tab_to(browser, lambda e: e.get_attribute("id") == "details-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    page = browser.find_element(By.TAG_NAME, "html")
    toggle.send_keys(Keys.ENTER)
    wait.until(page_gone(page))
    wait.until(lambda d: _args(d).get("details") == ["1"])
    scores = browser.find_elements(By.CSS_SELECTOR, ".hit-score")
    assert scores and all(s.is_displayed() for s in scores)
    assert browser.find_element(By.CSS_SELECTOR, ".took").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, ".hit-explain")) == len(scores)
    browser.save_screenshot(str(shots / "09-ranking-details-en.png"))
    toggle = _tab_to(browser, lambda e: e.get_attribute("id") == "details-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    page = browser.find_element(By.TAG_NAME, "html")
    toggle.send_keys(Keys.ENTER)
    wait.until(page_gone(page))
    assert "details" not in _args(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, ".hit-score, .took")


def test_home_page_browsing_with_the_keyboard(browser, server_url, shots, page_gone):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    browser.get(server_url + "/?ui=ru")
    assert browser.find_elements(By.CSS_SELECTOR, ".recent-list a")
    browser.save_screenshot(str(shots / "10-home-ru.png"))
    year = _tab_to(browser, lambda e: "year_from=" in (e.get_attribute("href") or ""))
    chosen = year.text
    page = browser.find_element(By.TAG_NAME, "html")
    year.send_keys(Keys.ENTER)
    wait.until(page_gone(page))
    assert _args(browser)["year_from"] == [chosen] and _args(browser)["sort"] == ["newest"]
    assert _hit_links(browser)
    # The empty search box of the home page browses everything, newest first.
    browser.get(server_url + "/?ui=ru")
    box = browser.find_element(By.ID, "q")
    page = browser.find_element(By.TAG_NAME, "html")
    box.send_keys(Keys.ENTER)
    wait.until(page_gone(page))
    assert len(_hit_links(browser)) == 10 and not browser.find_elements(By.CSS_SELECTOR, ".hero")
