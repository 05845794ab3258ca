"""The task pane in Chromium with Office.js mocked by local files (office-addin-mock).

Pressing Beregn must send exactly the request the server expects (the payload the
Python helper builds from the same workbook) and apply the server's answer: every
``setValues`` written to the sheet and range it names, the protected Viden sheet
unprotected and protected again. The page must load under its CSP (no violations) and
a screenshot of it is taken (``SOM_XL_SAVE_SCREENSHOTS=1`` saves it as the README's
picture). Needs /usr/bin/chromium, chromedriver and ``npm ci`` (CI has all three;
``SOM_XL_REQUIRE_BROWSER=1`` makes a missing one fail).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from tests.addin.conftest import ROOT, make_app
from tests.addin.officejs import address, apply_actions, payload

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
SCREENSHOT = ROOT / "docs" / "images" / "addin_taskpane.png"


def _require(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("SOM_XL_REQUIRE_BROWSER"):
            pytest.fail(f"SOM_XL_REQUIRE_BROWSER er sat, men {what} mangler")
        pytest.skip(f"{what} mangler")


@pytest.fixture(scope="module")
def office_mock(tmp_path_factory) -> Path:
    _require(ESBUILD.exists(), "node_modules (kør npm ci)")
    out = tmp_path_factory.mktemp("mock") / "office-mock.js"
    subprocess.run([str(ESBUILD), "tests/addin/browser/office_mock.js", "--bundle", "--format=iife",
                    "--alias:office-addin-manifest=./tests/addin/browser/manifest_stub.js",
                    f"--outfile={out}", "--log-level=warning"], cwd=ROOT, check=True)
    return out


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


@pytest.fixture
def server(tmp_path, sag, office_mock):
    import uvicorn
    from fastapi import Request
    from fastapi.responses import FileResponse, JSONResponse

    app = make_app(tmp_path, officejs_url="/test/office-mock.js")
    seen: dict = {}

    @app.middleware("http")
    async def keep_command_bodies(request: Request, call_next):
        if request.url.path.startswith("/addin/api/commands/"):
            seen["body"] = json.loads(await request.body())
        return await call_next(request)

    app.add_api_route("/test/office-mock.js", lambda: FileResponse(office_mock, media_type="text/javascript"))
    book = workbook_json(sag)
    app.add_api_route("/test/workbook.json", lambda: JSONResponse(book))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", seen
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
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


def test_pressing_beregn_sends_the_expected_request_and_applies_the_answer(server, browser, sag):
    from fastapi.testclient import TestClient

    from som_xl.workbook import layout as L

    base, seen = server
    browser.get(f"{base}/addin/taskpane.html")
    _wait(browser, "return window.__som && window.__som.ribbon.length === 5", "ribbon commands")
    spec = json.loads(browser.execute_script(
        "return fetch('api/commands').then(r => r.text())"))["beregn"]
    browser.find_element("css selector", "button[data-command=beregn]").click()
    status = _wait(browser, "const s = document.getElementById('status').textContent;"
                            "return s.startsWith('Beregnet') || s.startsWith('Fejl') ? s : null", "Beregn")
    assert status.startswith("Beregnet"), status

    expected = payload(sag, spec)
    assert seen["body"] == expected  # the page sent exactly what the server expects

    answer = TestClient(make_app(Path(sag).parent)).post("/addin/api/commands/beregn", json=expected).json()
    writes = browser.execute_script("return window.__som.writes")
    sheets = openpyxl.load_workbook(sag).sheetnames
    assert [(w["sheet"], w["row"], w["column"], w["rowCount"], w["columnCount"]) for w in writes] == [
        (sheets[a["sheet_position"]], a["start_row"], a["start_column"], a["row_count"], a["column_count"])
        for a in answer["actions"] if a["func"] == "setValues"]
    # Apply what the page wrote to the workbook: the key figures are the server's.
    wb = openpyxl.load_workbook(sag)
    apply_actions(wb, [{"func": "setValues", "sheet_position": sheets.index(w["sheet"]), "start_row": w["row"],
                        "start_column": w["column"], "row_count": w["rowCount"],
                        "column_count": w["columnCount"], "values": w["values"]} for w in writes])
    from som_xl.workbook.backend import parse_destination

    sheet, r1, c1, _, _ = parse_destination(wb.defined_names[L.KEY_FIGURES.name].attr_text)
    npv_total = wb[sheet].cell(row=r1 + 2, column=c1 + 3).value
    expected_npv = next(a for a in answer["actions"] if a["func"] == "setValues"
                        and a["sheet_position"] == sheets.index(sheet)
                        and a["start_row"] == r1 - 1 and a["start_column"] == c1 - 1)["values"][2][3]
    assert npv_total == pytest.approx(expected_npv)
    if openpyxl.load_workbook(sag)[L.VIDEN].protection.sheet:
        assert browser.execute_script("return window.__som.protections") == [["unprotect", L.VIDEN],
                                                                             ["protect", L.VIDEN]]
    assert sorted(browser.execute_script("return window.__som.functions")) == sorted(
        s["id"] for s in TestClient(make_app(Path(sag).parent)).get("/addin/functions.json").json()["functions"])

    console = [e["message"] for e in browser.get_log("browser")]
    assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console
    shot = Path(sag).parent / "taskpane.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 1000
    if os.environ.get("SOM_XL_SAVE_SCREENSHOTS"):  # refresh the README's picture on demand
        shutil.copy(shot, SCREENSHOT)
