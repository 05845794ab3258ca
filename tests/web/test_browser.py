"""The site in a real browser: Debian's Chromium driven by Selenium against uvicorn on
127.0.0.1, mail captured by a local aiosmtpd server.

Flows: search → record → download the case file → import it into a workbook; sign in →
submit a workbook → an editor publishes → it appears in an anonymous search; the contact
flow. Screenshots go to a temporary folder, or to ``$SOM_XL_SCREENSHOTS`` (the README's
images: ``SOM_XL_SCREENSHOTS=docs/images python -m pytest tests/web/test_browser.py``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from som_xl.case import compute, parse_case, read_case_file
from som_xl.paths import examples_dir

from .conftest import PASSWORD

pytestmark = pytest.mark.chromium
ROOT = Path(__file__).resolve().parents[2]
HOUSING_FIRST = examples_dir() / "housing_first.json"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1000")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("SOM_XL_SCREENSHOTS")
    return (ROOT / target) if target else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.conftest import CHROMEDRIVER, CHROMIUM

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # Debian's build; selenium-manager never downloads one
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _by(css):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, css


def _click_and_load(driver, css: str) -> None:
    """Click ``css`` and wait until the next page has replaced this one: on a busy machine
    reading the URL or a heading straight after the click can still see the old page.

    The old page is marked with a window variable that a new document does not have (asking
    an old element whether it went stale can meet Chromium half-way through the navigation:
    "Node with given id does not belong to the document"); a question asked mid-navigation
    is asked again."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__somOldPage = true;")
    driver.find_element(*_by(css)).click()
    WebDriverWait(driver, 60, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return window.__somOldPage === undefined && document.readyState === 'complete';"))


def _flash(driver) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 20).until(lambda d: d.find_element(*_by(".flash"))).text


def _sign_in(driver, server, email):
    driver.delete_all_cookies()
    driver.get(server.url + "/log-ind")
    driver.find_element(*_by("#email")).send_keys(email)
    driver.find_element(*_by("#password")).send_keys(PASSWORD)
    driver.find_element(*_by("form.stacked button[type=submit]")).click()
    assert "Du er logget ind" in _flash(driver)


def _wait_for_file(folder: Path, name: str, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = folder / name
        if found.exists() and found.stat().st_size > 0:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{name} blev ikke hentet; mappen har {list(folder.iterdir())}")


def _full_page(driver, path: Path, width: int = 1280) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 40, 700), 2600))
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)


def test_search_record_download_and_import_into_a_workbook(browser, live_server, downloads, shots, tmp_path):
    driver = browser
    driver.get(live_server.url + "/")
    box = driver.find_element(*_by("#q"))
    box.send_keys("bolig")
    _click_and_load(driver, "form.search button[type=submit]")
    assert "q=bolig" in driver.current_url  # the query lives in the URL
    assert "3 poster fundet" in driver.find_element(*_by("#hits-heading")).text
    _full_page(driver, shots / "web_soeg.png")
    _click_and_load(driver, 'a[href="/poster/8"]')
    assert driver.find_element(*_by("h1")).text == "Housing First med bostøtte til hjemløse borgere"
    assert driver.find_elements(*_by("svg.chart polyline"))
    _full_page(driver, shots / "web_post.png")
    driver.find_element(*_by('a[href="/poster/8/sagsfil.json"]')).click()
    case_file = _wait_for_file(downloads, "erfaring-8.json")

    from som_xl.service.workbooks import import_case, new_workbook
    from som_xl.workbook.backend import parse_destination  # noqa: F401 (the workbook room)

    book = tmp_path / "Sag.xlsm"
    new_workbook(book)
    outcome = import_case(case_file, book)
    expected = compute(parse_case(read_case_file(HOUSING_FIRST))).results.npv
    assert outcome.ok and outcome.computation.results.npv.tolist() == pytest.approx(expected.tolist())


def test_submit_a_workbook_publish_it_and_find_it_anonymously(browser, live_server, tmp_path, shots):
    from som_xl.service.workbooks import new_workbook

    driver = browser
    book = tmp_path / "Aarhus_HF.xlsm"
    new_workbook(book, HOUSING_FIRST)
    _sign_in(driver, live_server, live_server.emails["aarhus"])
    driver.get(live_server.url + "/indsend")
    driver.find_element(*_by("#fil")).send_keys(str(book))
    driver.find_element(*_by("#title")).send_keys("Housing First i Aarhus (browsertest)")
    driver.find_element(*_by("#summary")).send_keys("Indsendt fra en rigtig browser.")
    driver.find_element(*_by("form.stacked button[type=submit]")).click()
    assert "Posten er indsendt" in _flash(driver)
    record_url = driver.current_url.split("?")[0]
    assert "Status: Indsendt" in driver.find_element(*_by(".status-box")).text

    _sign_in(driver, live_server, live_server.emails["editor"])
    driver.get(live_server.url + "/redaktion")
    _click_and_load(driver, f'a[href="/redaktion/{record_url.rsplit("/", 1)[1]}"]')
    _full_page(driver, tmp_path / "web_redaktion.png")  # not in the documentation
    driver.find_element(*_by('form.inline-form button[type=submit]')).click()
    assert "Status er ændret" in _flash(driver)

    driver.delete_all_cookies()
    driver.get(live_server.url + "/?q=browsertest")
    hits = driver.find_elements(*_by("ol.hits h3 a"))
    assert [h.text for h in hits] == ["Housing First i Aarhus (browsertest)"]


def test_contact_flow_sends_mail_without_showing_addresses(browser, live_server):
    driver = browser
    driver.delete_all_cookies()
    driver.get(live_server.url + "/?q=browsertest")
    _click_and_load(driver, "ol.hits h3 a")
    assert live_server.emails["aarhus"] not in driver.page_source  # anonymous: no address
    record_url = driver.current_url
    _sign_in(driver, live_server, live_server.emails["vejle"])
    driver.get(record_url)
    _click_and_load(driver, "a.button")  # Skriv til bidragyderen
    driver.find_element(*_by("#subject")).send_keys("Jeres succesrate")
    driver.find_element(*_by("#body")).send_keys("Hvor kom de 25 % fra?")
    driver.find_element(*_by("form.stacked button[type=submit]")).click()
    assert "Beskeden er sendt" in _flash(driver)
    [envelope] = [m for m in live_server.smtp.handler_messages if b"Jeres succesrate" in m.content]
    assert envelope.rcpt_tos == [live_server.emails["aarhus"]]
    text = envelope.content.decode("utf-8", "replace")
    assert "Reply-To: bi@vejle.dk" in text and "Hvor kom de 25 % fra?" in text


def test_pages_have_labels_and_fit_a_narrow_window(browser, live_server):
    driver = browser
    driver.delete_all_cookies()
    for path in ("/", "/poster/8", "/log-ind"):
        driver.get(live_server.url + path)
        for field in driver.find_elements(*_by("input:not([type=hidden]), select, textarea")):
            ident = field.get_attribute("id")
            assert ident and driver.find_elements(*_by(f'label[for="{ident}"]')), (path, ident)
        driver.set_window_size(400, 900)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        driver.set_window_size(1280, 1000)
        assert overflow <= 0, (path, overflow)
    driver.get(live_server.url + "/")
    from selenium.webdriver.common.keys import Keys

    driver.find_element(*_by("body")).send_keys(Keys.TAB)
    assert driver.switch_to.active_element.text == "Gå til indholdet"  # the skip link comes first


CHART_TEXT_PX = """
const sizes = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const box = svg.getBoundingClientRect();
  if (box.width === 0) continue;  // the drawing for the other screen size
  const scale = box.width / svg.viewBox.baseVal.width;
  for (const t of svg.querySelectorAll('text')) sizes.push(parseFloat(t.getAttribute('font-size')) * scale);
}
return sizes;
"""


def _screen(driver, width: int, height: int) -> None:
    """A device of ``width`` × ``height`` CSS pixels (a phone: the viewport meta tag applies)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 1000)], ids=["phone", "desktop"])
def test_the_chart_is_readable_and_the_hits_come_first_on_any_screen(browser, live_server, width, height):
    """Issue 23: on a 390 px phone the chart's text was 6 px and the first hit lay 1.100 px
    below the form; every text of the chart is ≥ 11 px and a hit is on the first screen."""
    driver = browser
    driver.delete_all_cookies()
    _screen(driver, width, height)
    try:
        driver.get(live_server.url + "/poster/8")
        sizes = driver.execute_script(CHART_TEXT_PX)
        assert sizes and min(sizes) >= 11, sizes
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        for query in ("/", "/?q=bolig"):
            driver.get(live_server.url + query)
            top = driver.execute_script("return document.querySelector('ol.hits li').getBoundingClientRect().top")
            assert top < height - 100, (query, top)  # the first hit's title is on the first screen
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        # the filters are still there (after the hits on a phone) and still filter
        driver.get(live_server.url + "/")
        driver.find_element(*_by("#material_type option[value=omkostningsvurdering]")).click()
        button = ".filter-actions button" if width < 600 else ".query-actions button"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", driver.find_element(*_by(button)))
        _click_and_load(driver, button)
        assert "material_type=omkostningsvurdering" in driver.current_url
        assert "1 post fundet" in driver.find_element(*_by("#hits-heading")).text
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_front_page_form_searches_by_relevance(browser, live_server):
    driver = browser
    driver.delete_all_cookies()
    driver.get(live_server.url + "/")
    driver.find_element(*_by("#q")).send_keys("mentor")
    _click_and_load(driver, ".query-actions button")
    assert "sort=nyeste" not in driver.current_url and "q=mentor" in driver.current_url
    selected = driver.find_element(*_by("#sort option:checked"))
    assert selected.get_attribute("value") == ""


def test_the_own_target_group_example_is_accepted_from_the_form(browser, live_server):
    """The shipped example with its own target group, as a user submits it: only the file."""
    driver = browser
    _sign_in(driver, live_server, live_server.emails["vejle"])
    driver.get(live_server.url + "/indsend")
    _click_and_load(driver, "button[type=submit]:not(.link)")  # nothing filled in
    problems = driver.find_element(*_by(".problems")).text
    assert "Titel:" in problems and "Materialetype:" in problems and "felt " not in problems
    driver.find_element(*_by("#fil")).send_keys(str(examples_dir() / "egen_maalgruppe_mentor.json"))
    _click_and_load(driver, "form.stacked button[type=submit]")
    assert "Posten er indsendt" in _flash(driver)
    facts = driver.find_element(*_by("dl.facts")).text
    assert "Egen målgruppe" in facts and "2025" in facts
