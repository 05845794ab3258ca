"""Andre kommuner end to end (issue 25), against uvicorn on 127.0.0.1 serving the seeded set
of ``tests/experience/benchmark_seed.py``:

* in Chromium, a record links to its target group's page, which shows the figures;
* the workbook's line, fetched by Søg erfaringer from the site, from an unreachable site
  and with no site configured;
* "done when": the API, the page, the workbook line, the report sentence and the CLI give
  the same, hand-computed figures, and all withhold them below three organisations.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

import pytest

from som_xl.workbook import layout as L
from tests.experience.benchmark_seed import EXPECTED, EXPECTED_TEXT, GROUP, SINGLE_ORG_GROUP, case, seed

from .conftest import free_port, uvicorn_server
from .test_browser import _by, _click_and_load, _full_page, browser, downloads, shots  # noqa: F401 (fixtures)

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture(scope="module")
def bench_server(tmp_path_factory):
    """uvicorn serving a database with only the seeded set (no demo records)."""
    from som_xl.experience import open_db

    folder = tmp_path_factory.mktemp("bench-live")
    db_url = f"sqlite:///{folder / 'erfaringer.sqlite'}"
    with open_db(db_url) as db:
        seeded = seed(db)
    port = free_port()
    env = dict(os.environ, SOM_XL_EXPERIENCE_DB=db_url, SOM_XL_WEB_SECRET="live-secret-" + "y" * 20,
               SOM_XL_WEB_INSECURE_COOKIES="1", SOM_XL_WEB_BASE_URL=f"http://127.0.0.1:{port}")
    with uvicorn_server(folder, port, env) as (url, _process):
        yield url, seeded


@pytest.fixture
def no_user_config(monkeypatch, tmp_path):
    """No config.toml, no server or database from the environment: each test names its own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("SOM_XL_EXPERIENCE_SERVER", "SOM_XL_EXPERIENCE_TOKEN", "SOM_XL_EXPERIENCE_DB"):
        monkeypatch.delenv(name, raising=False)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _workbook(path: Path, group: str) -> Path:
    """A workbook of the seeded kind of case for ``group`` (25 %, 60.000 kr. per participant-year)."""
    from som_xl.service.workbooks import new_workbook

    data = case("Vores Housing First", "Silkeborg Kommune", 0.25, 60_000, target_group=group)
    case_file = path.with_suffix(".json")
    case_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    new_workbook(path, case_file)
    return path


def _search(path: Path):
    """Søg erfaringer on the workbook file, headless (the ribbon's entry point), saved."""
    from som_xl.excel.experience_entry import soeg_erfaringer
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.openpyxl_backend import open_backend
    from som_xl.workbook.recalc import save_workbook

    backend = open_backend(path)
    soeg_erfaringer(backend=backend, knowledge=load_knowledge())
    save_workbook(backend.wb, path, backend.cached_values)
    return backend


def _indsats_line(backend) -> str:
    return backend.read(L.BENCHMARK_LINE.name).values[0][0]


def _report_sentence(path: Path) -> str:
    """The decision report's sentence, as Beregn on the workbook writes it (on Oplæg)."""
    from som_xl.service.workbooks import recalc_file

    outcome = recalc_file(path)
    assert outcome.ok, outcome.problems
    sentence = outcome.document.section("breakeven").paragraphs[-1]
    import openpyxl

    sheet = openpyxl.load_workbook(path)[L.OPLAEG]  # the page the PDF is made of
    assert sentence in {c.value for row in sheet.iter_rows() for c in row}
    return sentence


# -- the browser flow -------------------------------------------------------------------------------
@pytest.mark.chromium
def test_a_record_leads_to_its_target_groups_figures(browser, bench_server, shots):  # noqa: F811
    url, seeded = bench_server
    driver = browser
    driver.get(f"{url}/poster/{seeded.ids['aarhus1']}")
    _click_and_load(driver, "#andre-kommuner")
    assert driver.current_url == f"{url}/maalgrupper/{GROUP}"
    assert driver.find_element(*_by("h1")).text == "Andre kommuner: Voksne i hjemløshed"
    assert driver.find_element(*_by("#median")).text == EXPECTED_TEXT["median"]
    assert driver.find_element(*_by("#organisationer")).text == "4"
    assert driver.find_element(*_by("#realiseret")).text == EXPECTED_TEXT["realised"]
    chart = driver.find_element(*_by("svg.chart"))
    assert chart.is_displayed() and chart.size["width"] > 300
    _full_page(driver, shots / "web_andre_kommuner.png")
    driver.get(f"{url}/poster/{seeded.ids['boern0']}")
    _click_and_load(driver, "#andre-kommuner")
    assert "for få beregninger til at vise tal" in driver.find_element(*_by("#tilbageholdt")).text
    assert not driver.find_elements(*_by("svg.chart"))



@pytest.mark.chromium
def test_the_menu_leads_to_every_target_groups_figures_at_phone_width(browser, bench_server):  # noqa: F811
    """Andre kommuner is in the main menu (not only behind a record), and at 390 px the menu
    still fits the screen."""
    url, _ = bench_server
    driver = browser
    driver.set_window_size(390, 844)
    try:
        driver.get(url)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        _click_and_load(driver, "#nav-andre-kommuner")
        assert driver.current_url == f"{url}/maalgrupper"
        link = driver.find_element(*_by(f'a[href="/maalgrupper/{GROUP}"]'))
        assert link.text == "Voksne i hjemløshed"
    finally:
        driver.set_window_size(1280, 1000)

# -- the workbook line with and without a site -----------------------------------------------------
def test_workbook_line_from_the_site_an_unreachable_site_and_none(bench_server, no_user_config, monkeypatch,
                                                                 tmp_path):
    url, _ = bench_server
    book = _workbook(tmp_path / "Sag.xlsm", GROUP)
    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", url)
    fetched = _search(book)
    assert _indsats_line(fetched) == EXPECTED_TEXT["line"]
    info = dict(fetched.read(L.EXPERIENCE_BENCHMARK_INFO.name).values)
    assert info["Fra"] == f"serveren {url}" and info["Hentet"].endswith("UTC")
    assert json.loads(info["Tallene som data"])["success_rate"]["median"] == pytest.approx(0.22)
    figures = fetched.read(L.EXPERIENCE_BENCHMARK.name).values
    assert figures[0][:3] == ["Antaget succesrate", 4, pytest.approx(0.22)]

    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", UNREACHABLE)
    failed = _search(book)
    line = _indsats_line(failed)
    assert line.startswith(f"Andre kommuner: kunne ikke hentes fra serveren {UNREACHABLE}") and "Kan ikke nå" in line
    assert dict(failed.read(L.EXPERIENCE_BENCHMARK_INFO.name).values)["Tallene som data"] is None
    assert failed.read(L.EXPERIENCE_BENCHMARK.name).values[0][1:] == [None] * 6  # old figures cleared
    assert "ikke hentet: kunne ikke hentes" in _report_sentence(book)

    monkeypatch.delenv("SOM_XL_EXPERIENCE_SERVER")
    none = _search(book)
    assert _indsats_line(none).startswith("Andre kommuner: der er ingen erfaringsdatabase på nettet sat op")
    assert _report_sentence(book).startswith("Andre kommuners succesrater er ikke hentet")


def test_beregn_never_asks_the_network(bench_server, no_user_config, monkeypatch, tmp_path):
    """With figures stored, Beregn writes the report's sentence from the workbook alone:
    any network call during Beregn fails the test."""
    url, _ = bench_server
    book = _workbook(tmp_path / "Sag.xlsm", GROUP)
    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", url)
    _search(book)

    def no_network(*args, **kwargs):
        raise AssertionError("Beregn used the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", UNREACHABLE)
    sentence = _report_sentence(book)
    assert f"median {EXPECTED_TEXT['median']}" in sentence and f"fra serveren {url}" in sentence


# -- done when --------------------------------------------------------------------------------------
def test_api_page_workbook_report_and_cli_give_the_same_figures(bench_server, no_user_config, monkeypatch,
                                                                tmp_path, capsys):
    from som_xl.cli.main import main

    url, _ = bench_server
    e = EXPECTED_TEXT
    # 1. the JSON API: fractions, as computed by hand
    status, body = _get(f"{url}/api/v1/benchmarks?target_group={GROUP}")
    api = json.loads(body)
    assert status == 200 and (api["calculations"], api["organisations"]) == (5, 4)
    for block in ("success_rate", "realised_success_rate"):
        assert api[block] == {k: v if k == "n" else pytest.approx(v, abs=5e-7) for k, v in EXPECTED[block].items()}
    # 2. the target-group page
    page = _text(_get(f"{url}/maalgrupper/{GROUP}")[1])
    assert f"Antaget succesrate 4 {e['median']} {e['p25']} {e['p75']} 12,0 % 40,0 %" in page
    assert f"Realiseret succesrate ved opfølgning 3 {e['realised']} 15,0 % 25,0 %" in page
    # 3. the workbook line (Søg erfaringer from the configured site)
    monkeypatch.setenv("SOM_XL_EXPERIENCE_SERVER", url)
    book = _workbook(tmp_path / "Sag.xlsm", GROUP)
    assert _indsats_line(_search(book)) == e["line"]
    # 4. the decision report's sentence (Beregn on that workbook): 25 % lies within 18–28 %
    sentence = _report_sentence(book)
    assert (f"Beregningens succesrate på 25,0 % ligger inden for den midterste halvdel af andre kommuners "
            f"antagelser ({e['p25']}–{e['p75']}, median {e['median']}; 5 beregninger fra 4 organisationer)") in sentence
    assert f"medianen af, hvad andre har realiseret ved opfølgning ({e['realised']}; 3 organisationer)" in sentence
    # 5. the command line, against the site
    assert main(["experience", "benchmark", GROUP, "--server", url]) == 0
    cli = capsys.readouterr().out
    assert re.search(rf"Antaget succesrate\s+4\s+{e['median']}\s+{e['p25']}\s+{e['p75']}\s+12,0 %\s+40,0 %", cli)
    assert re.search(rf"Realiseret succesrate ved opfølgning\s+3\s+{e['realised']}\s+15,0 %\s+25,0 %", cli)
    assert main(["experience", "benchmark", "Voksne i hjemløshed", "--server", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == api

    # … and all five withhold the figures of a target group with one organisation
    reason = "for få beregninger til at vise tal (3 beregninger fra 1 organisation"
    single = json.loads(_get(f"{url}/api/v1/benchmarks?target_group={SINGLE_ORG_GROUP}")[1])
    assert single["success_rate"] is None and single["withheld_reason"].startswith(reason)
    assert f"Tallene vises ikke: {reason}" in _text(_get(f"{url}/maalgrupper/{SINGLE_ORG_GROUP}")[1])
    small = _workbook(tmp_path / "Boern.xlsm", SINGLE_ORG_GROUP)
    assert _indsats_line(_search(small)).startswith(f"Andre kommuner: {reason}")
    assert _report_sentence(small).startswith(f"Andre kommuners succesrater for målgruppen vises ikke: {reason}")
    assert main(["experience", "benchmark", SINGLE_ORG_GROUP, "--server", url]) == 0
    assert f"Tallene vises ikke: {reason}" in capsys.readouterr().out
