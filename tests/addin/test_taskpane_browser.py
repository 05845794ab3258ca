"""The task pane in Chromium against the real site, Office.js mocked (office-addin-mock).

One site (``create_app`` with the licence key, uvicorn on 127.0.0.1) and one browser per
module. Office.js is a local bundle served from a second local origin, as Microsoft's
CDN is in Office, so the page's CSP is exercised with an external Office.js origin.

Pressing Beregn without an account must send exactly the request the server expects (the
payload the Python helper builds from the same workbook), apply the server's answer
(every ``setValues`` to the sheet and range it names, the protected Viden sheet
unprotected and protected again) and store nothing. Signing in from the pane, Del
beregning and Søg erfaringer then act for that user; Log ud revokes the token. The page
must run without CSP violations; a screenshot is taken (``SOM_XL_SAVE_SCREENSHOTS=1``
saves it as the README's picture). Needs /usr/bin/chromium, chromedriver and ``npm ci``
(CI has all three; ``SOM_XL_REQUIRE_CHROMIUM=1``, as for every browser test, makes a
missing one fail).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from tests.addin.conftest import ROOT, licensed_site, row_counts, specs
from tests.addin.officejs import address, apply_actions, payload
from tests.web.conftest import PASSWORD

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
SCREENSHOT = ROOT / "docs" / "images" / "addin_taskpane.png"


def _require(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("SOM_XL_REQUIRE_CHROMIUM"):
            pytest.fail(f"SOM_XL_REQUIRE_CHROMIUM er sat, men {what} mangler")
        pytest.skip(f"{what} mangler")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workbook_json(path: Path) -> dict:
    """The workbook as the Office.js mock serves it: sheets in order, every plain named range."""
    from som_xl.workbook.backend import parse_destination

    wb = openpyxl.load_workbook(path)
    names = {}
    for name, dn in wb.defined_names.items():
        try:
            sheet, r1, c1, r2, c2 = parse_destination(dn.attr_text)
        except (ValueError, IndexError):
            continue
        ws = wb[sheet]
        values = [["" if ws.cell(row=r, column=c).value is None else ws.cell(row=r, column=c).value
                   for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        names[name] = {"address": f"{sheet}!{address(r1, c1, r2, c2)}", "values": values,
                       "rowIndex": r1 - 1, "columnIndex": c1 - 1, "rowCount": r2 - r1 + 1,
                       "columnCount": c2 - c1 + 1, "position": wb.sheetnames.index(sheet)}
    return {"name": "Sag.xlsx", "names": names,
            "sheets": [{"name": ws.title, "protected": bool(ws.protection.sheet)} for ws in wb.worksheets]}


@pytest.fixture(scope="module")
def office_origin(tmp_path_factory, xlsx_dir):
    """Office.js (the mock over the demo workbook) served from its own local origin."""
    _require(ESBUILD.exists(), "node_modules (kør npm ci)")
    folder = tmp_path_factory.mktemp("officejs")
    (folder / "workbook.json").write_text(json.dumps(workbook_json(xlsx_dir / "Sag.xlsx"), default=str))
    mock = (ROOT / "tests" / "addin" / "browser" / "office_mock.js").as_posix()
    (folder / "entry.js").write_text(f'import book from "./workbook.json";\nimport {{ install }} from "{mock}";\n'
                                     "install(book);\n")
    subprocess.run([str(ESBUILD), str(folder / "entry.js"), "--bundle", "--format=iife",
                    "--alias:office-addin-manifest=./tests/addin/browser/manifest_stub.js",
                    f"--outfile={folder / 'office.js'}", "--log-level=warning"], cwd=ROOT, check=True)
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Recorder:
    """ASGI wrapper around the site: keeps what each add-in command request carried."""

    def __init__(self, app) -> None:
        self.app, self.seen = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/addin/api/commands/"):
            return await self.app(scope, receive, send)
        entry = {"path": scope["path"], "headers": dict(scope["headers"]), "body": b""}
        self.seen.append(entry)

        async def keep():
            message = await receive()
            entry["body"] += message.get("body", b"")
            return message

        await self.app(scope, keep, send)


@pytest.fixture(scope="module")
def server(tmp_path_factory, office_origin):
    """The real site with the add-in, Office.js from ``office_origin``, under uvicorn."""
    import uvicorn

    site = licensed_site(f"sqlite:///{tmp_path_factory.mktemp('pane') / 'erfaringer.sqlite'}",
                         env={"SOM_XL_OFFICEJS_URL": f"{office_origin}/office.js"})
    recorder = Recorder(site.app)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(recorder, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(400):  # bounded by count
        if srv.started:
            break
        time.sleep(0.05)
    site.url, site.recorder = f"http://127.0.0.1:{port}", recorder
    yield site
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _require(Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), "chromium/chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=420,900",
                "--disable-dev-shm-usage", "--lang=da-DK"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _wait(driver, script: str, what: str, steps: int = 600):
    for _ in range(steps):  # bounded by count: at most steps × 0.05 s
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    status = driver.execute_script("return document.getElementById('status').textContent")
    raise AssertionError(f"timed out waiting for {what}; status: {status}")


def _open_pane(browser, server) -> None:
    browser.get(f"{server.url}/addin/taskpane.html")
    _wait(browser, "return window.__som && window.__som.ribbon.length === 5", "ribbon commands")
    browser.get_log("browser")  # start the console check afresh


def _press(browser, key: str, done: str) -> str:
    """Press a command button; the status line once it matches the JS regex ``done``."""
    browser.execute_script("document.getElementById('status').textContent = ''")
    browser.find_element("css selector", f"button[data-command={key}]").click()
    return _wait(browser, f"const s = document.getElementById('status').textContent;"
                          f"return /{done}/.test(s) ? s : null", key)


def _no_csp_violations(browser) -> None:
    console = [e["message"] for e in browser.get_log("browser")]
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console


def test_pressing_beregn_sends_the_expected_request_and_applies_the_answer(server, browser, sag):
    from som_xl.workbook import layout as L
    from som_xl.workbook.backend import parse_destination

    _open_pane(browser, server)
    rows = row_counts(server)
    before = len(server.recorder.seen)
    status = _press(browser, "beregn", "^(Beregnet|Fejl)")
    assert status.startswith("Beregnet"), status
    client = server.client()
    spec = specs(client)["beregn"]
    expected = payload(sag, spec)
    sent = server.recorder.seen[before:]
    assert len(sent) == 1 and json.loads(sent[0]["body"]) == expected  # exactly what the server expects
    assert b"authorization" not in sent[0]["headers"]  # computing sends no token and stores nothing
    assert row_counts(server) == rows

    answer = client.post("/addin/api/commands/beregn", json=expected).json()
    writes = browser.execute_script("return window.__som.writes")
    sheets = openpyxl.load_workbook(sag).sheetnames
    assert [(w["sheet"], w["row"], w["column"], w["rowCount"], w["columnCount"]) for w in writes] == [
        (sheets[a["sheet_position"]], a["start_row"], a["start_column"], a["row_count"], a["column_count"])
        for a in answer["actions"] if a["func"] == "setValues"]
    wb = openpyxl.load_workbook(sag)
    apply_actions(wb, [{"func": "setValues", "sheet_position": sheets.index(w["sheet"]), "start_row": w["row"],
                        "start_column": w["column"], "row_count": w["rowCount"],
                        "column_count": w["columnCount"], "values": w["values"]} for w in writes])
    sheet, r1, c1, _, _ = parse_destination(wb.defined_names[L.KEY_FIGURES.name].attr_text)
    expected_npv = next(a for a in answer["actions"] if a["func"] == "setValues"
                        and a["sheet_position"] == sheets.index(sheet)
                        and a["start_row"] == r1 - 1 and a["start_column"] == c1 - 1)["values"][2][3]
    assert wb[sheet].cell(row=r1 + 2, column=c1 + 3).value == pytest.approx(expected_npv)
    if openpyxl.load_workbook(sag)[L.VIDEN].protection.sheet:
        assert browser.execute_script("return window.__som.protections") == [["unprotect", L.VIDEN],
                                                                             ["protect", L.VIDEN]]
    assert sorted(browser.execute_script("return window.__som.functions")) == sorted(
        s["id"] for s in client.get("/addin/functions.json").json()["functions"])
    _no_csp_violations(browser)
    shot = Path(sag).parent / "taskpane.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 1000
    if os.environ.get("SOM_XL_SAVE_SCREENSHOTS"):  # refresh the README's picture on demand
        shutil.copy(shot, SCREENSHOT)


def _sign_in_in_the_pane(browser, email: str) -> str:
    status = _press(browser, "del-beregning", "Log ind")
    assert status.startswith("Log ind for at dele og søge")
    browser.find_element("css selector", "#login-user").send_keys(email)
    browser.find_element("css selector", "#login-password").send_keys(PASSWORD)
    browser.find_element("css selector", "#login button[type=submit]").click()
    return _wait(browser, "const w = document.getElementById('who');"
                          "return !w.hidden && w.textContent.startsWith('Logget ind') ? w.textContent : null",
                 "sign-in")


def test_sign_in_share_search_and_sign_out_in_the_pane(server, browser):
    db = server.app.state.db
    email = server.emails["aarhus"]
    _open_pane(browser, server)
    who = _sign_in_in_the_pane(browser, email)
    assert re.fullmatch(rf"Logget ind som {re.escape(email)} \(Aarhus Kommune\) til kl\. \d\d[.:]\d\d\.", who), who
    tokens = db.accounts.tokens(email)
    assert [t.label for t in tokens] == ["Office-tilføjelsen"]

    status = _press(browser, "del-beregning", "^(Delt|Fejl)")
    number = int(re.match(r"Delt som erfaring nr\. (\d+) \(Indsendt\)", status).group(1))
    sent = server.recorder.seen[-1]
    assert sent["headers"][b"authorization"].startswith(b"Bearer somxl_")
    record = db.get(number)
    assert (record.review_status, record.actor_name) == ("indsendt", "Aarhus Kommune")

    status = _press(browser, "soeg-erfaringer", "fundet|^Fejl")
    headers = {"Authorization": sent["headers"][b"authorization"].decode()}
    visible = server.client().get("/api/v1/records", headers=headers).json()["total"]
    assert status.startswith(f"{visible} fundet"), status  # what the site shows Aarhus, own draft included

    # An administrator revokes the token meanwhile: the pane says so and asks for a new sign-in.
    assert db.accounts.revoke_tokens(email) == 1
    status = _press(browser, "soeg-erfaringer", "^Fejl")
    assert status == "Fejl: Ugyldigt, udløbet eller tilbagekaldt adgangstoken.", status
    assert browser.find_element("css selector", "#login").is_displayed()
    browser.find_element("css selector", "#login-user").send_keys(email)
    browser.find_element("css selector", "#login-password").send_keys(PASSWORD)
    browser.find_element("css selector", "#login button[type=submit]").click()
    _wait(browser, "return document.getElementById('who').textContent.startsWith('Logget ind')", "sign-in again")
    headers = {"Authorization": f"Bearer {browser.execute_script('return som.token')}"}

    browser.find_element("css selector", "#logout").click()
    _wait(browser, "return document.getElementById('who').textContent === 'Logget ud.'", "sign-out")
    for _ in range(200):  # the DELETE is sent after the pane forgets the token; bounded by count
        if not db.accounts.tokens(email):
            break
        time.sleep(0.05)
    assert db.accounts.tokens(email) == []  # revoked on the server, not only forgotten
    assert server.client().get("/api/v1/records", headers=headers).status_code == 401
    assert _press(browser, "soeg-erfaringer", "Log ind").startswith("Log ind for at dele og søge")
    assert browser.find_element("css selector", "#login").is_displayed()
    _no_csp_violations(browser)


def test_the_pane_says_so_when_office_js_does_not_load(server, browser):
    """Outside Office (or without Microsoft's server) Office.js is missing: the pane says so
    instead of "Klar" (issue 23); with Office.js it says "Klar" once Excel has answered."""
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/office.js"]})
    try:
        browser.get(f"{server.url}/addin/taskpane.html")
        status = _wait(browser, "const s = document.getElementById('status').textContent;"
                                "return /Office/.test(s) ? s : null", "the status without Office.js")
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    assert status.startswith("Office.js kunne ikke indlæses") and "Klar" not in status
    _open_pane(browser, server)
    assert _wait(browser, "const s = document.getElementById('status').textContent;"
                          "return /^Klar\\./.test(s) ? s : null", "Klar")
