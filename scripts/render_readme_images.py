"""Render every picture the README and the user guide show (docs/images/).

The sheets the way the tests render them (LibreOffice headless to PDF, poppler's pdftoppm
to PNG) from the shipped examples: the demo workbook (``examples/housing_first.json``,
as ``som-xl demo`` writes it) for Indsats, Konsekvenser, Resultater and Følsomhed and the
first page of its decision report; ``examples/housing_first_opfoelgning.json`` for the
Opfølgning sheet; the three examples as a portfolio under a budget for the Portefølje
sheet. Only the top of a sheet is printed, and the picture is cropped to what is drawn.
The web site's and the task pane's pictures are taken by their browser tests (Chromium
driven by Selenium), which this script runs with the variables that keep the pictures.

Run from a checkout: ``python scripts/render_readme_images.py [NAME.png …]`` (default:
all of :data:`IMAGES`; writes docs/images/). ``tests/test_documentation.py`` checks that
every picture the documentation shows is one of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from som_xl.workbook import layout as L  # noqa: E402
from som_xl.workbook.layout import portefoelje as P  # noqa: E402
from som_xl.workbook.oplaeg_export import only_sheet  # noqa: E402
from som_xl.workbook.render import to_pdf  # noqa: E402

DPI = 110
IMAGES_DIR = ROOT / "docs" / "images"


def _bbox(ppm: bytes) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the non-white pixels of a binary PPM, with a small margin."""
    parts = ppm.split(maxsplit=4)
    w, h, data = int(parts[1]), int(parts[2]), parts[4]
    xs, ys = [], []
    for y in range(h):
        row = data[3 * w * y: 3 * w * (y + 1)]
        dark = [x for x in range(w) if min(row[3 * x: 3 * x + 3]) < 235]
        if dark:
            xs += (dark[0], dark[-1])
            ys.append(y)
    m = 8
    x0, y0 = max(0, min(xs) - m), max(0, ys[0] - m)
    return x0, y0, min(w, max(xs) + m) - x0, min(h, ys[-1] + m) - y0


def _png_of_pdf(pdf: Path, out: Path, crop: bool = True) -> None:
    """The PDF's first page as ``out`` (PNG), cropped to what is drawn."""
    args = ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1"]
    if crop:
        ppm = subprocess.run([*args, str(pdf)], check=True, capture_output=True).stdout
        x, y, w, h = _bbox(ppm)
        args += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    subprocess.run([*args, "-png", "-singlefile", str(pdf), str(out.with_suffix(""))], check=True)


def render(wb, sheet: str, area: str, out: Path) -> None:
    """``sheet`` of ``wb`` (print area ``area``) as a cropped PNG at ``out``."""
    only_sheet(wb, sheet)
    wb[sheet].print_area = area
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "sheet.xlsx"
        wb.save(book)
        _png_of_pdf(to_pdf(book, Path(tmp)), out)


def computed_workbook(example: str):
    """The example computed into a fresh copy of the template, charts included (as
    ``som-xl demo`` and ``recalc`` leave it)."""
    from som_xl.case import parse_case, read_case_file
    from som_xl.knowledge import load_knowledge
    from som_xl.paths import examples_dir, template_path
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.inputs_writer import write_case_inputs
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.recalc import chart_sizes, load_workbook_file, recalculate

    k = load_knowledge()
    wb = load_workbook_file(template_path())
    backend = OpenpyxlBackend(wb)
    write_case_inputs(backend, parse_case(read_case_file(examples_dir() / example)), k)
    outcome = recalculate(backend, k)
    add_charts(wb, *chart_sizes(outcome))
    return wb


def portfolio_workbook():
    from som_xl.cli.main import build_parser
    from som_xl.cli.portfolio import build
    from som_xl.paths import examples_dir
    from som_xl.report import portfolio_document
    from som_xl.workbook.portfolio_book import build_portfolio_workbook

    names = ("egen_maalgruppe_mentor.json", "housing_first.json", "housing_first_opfoelgning.json")
    args = build_parser().parse_args(["portfolio", *(str(examples_dir() / n) for n in names),
                                      "--budget", "6000000", "--budget-years", "2025-2028"])
    portfolio, choice, year = build(args)
    doc = portfolio_document(portfolio, choice, year, portfolio.interventions[0].knowledge)
    return build_portfolio_workbook(portfolio, choice, doc, year)


def report_page(out: Path) -> None:
    """The first page of the demo case's decision report (``som-xl report``), whole."""
    from som_xl.paths import examples_dir
    from som_xl.workbook.oplaeg_export import make_report

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "oplaeg.pdf"
        make_report(examples_dir() / "housing_first.json", pdf)
        _png_of_pdf(pdf, out, crop=False)


def browser_test(test: str, env: dict[str, str]) -> None:
    """Run a browser test that keeps its pictures (Chromium, chromedriver, for the task
    pane also ``npm ci``); a skip would keep nothing, so it fails instead."""
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-x", test],
                   cwd=ROOT, check=True, env={**os.environ, "SOM_XL_REQUIRE_CHROMIUM": "1", **env})


def _sheet(example: str, sheet: str, area: str):
    return lambda out: render(computed_workbook(example), sheet, area, out)


DEMO = "housing_first.json"
IMAGES = {
    "resultater.png": _sheet(DEMO, L.RESULTATER, "A1:R31"),
    "guide_indsats.png": _sheet(DEMO, L.INDSATS, "A1:H34"),
    "guide_konsekvenser.png": _sheet(DEMO, L.KONSEKVENSER, "A1:W16"),
    "guide_resultater.png": _sheet(DEMO, L.RESULTATER, f"A1:R{L.YEARS.first_row + L.YEARS.rows}"),
    "guide_foelsomhed.png": _sheet(DEMO, L.FOELSOMHED, f"A1:M{L.TORNADO.first_row + L.TORNADO.rows}"),
    "oplaeg.png": report_page,
    "opfoelgning.png": _sheet("housing_first_opfoelgning.json", L.OPFOELGNING, "A1:Q30"),
    "portefoelje.png": lambda out: render(portfolio_workbook(), P.PORTEFOELJE, "A1:T34", out),
    "web_soeg.png": lambda out: browser_test("tests/web/test_browser.py::test_search_record_download_and_import_"
                                             "into_a_workbook", {"SOM_XL_SCREENSHOTS": str(out.parent)}),
    "addin_taskpane.png": lambda out: browser_test("tests/addin/test_taskpane_browser.py::test_pressing_beregn_"
                                                   "sends_the_expected_request_and_applies_the_answer",
                                                   {"SOM_XL_SAVE_SCREENSHOTS": "1"}),
}
"""Every picture the documentation shows, and how it is made."""
TAKEN_WITH = {"web_post.png": "web_soeg.png"}
"""Pictures the same run takes (the search test takes the record page too)."""


def main(names: list[str]) -> None:
    for name in names or IMAGES:
        IMAGES[TAKEN_WITH.get(name, name)](IMAGES_DIR / name)
        print(f"Skrevet: {IMAGES_DIR / name}")


if __name__ == "__main__":
    main(sys.argv[1:])
