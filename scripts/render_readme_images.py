"""Render the README's pictures of the Opfølgning and Portefølje sheets with LibreOffice.

The way the tests render (LibreOffice headless to PDF, poppler's pdftoppm to PNG), on the
shipped examples: ``examples/housing_first_opfoelgning.json`` for the Opfølgning sheet,
and the three examples as a portfolio under a budget for the Portefølje sheet. Only the
top of each sheet is printed, and the picture is cropped to what is drawn.

Run from a checkout: ``python scripts/render_readme_images.py`` (writes docs/images/).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from som_xl.workbook import layout as L  # noqa: E402
from som_xl.workbook.oplaeg_export import only_sheet  # noqa: E402
from som_xl.workbook.render import to_pdf  # noqa: E402

DPI = 110


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


def render(wb, sheet: str, area: str, out: Path) -> None:
    """``sheet`` of ``wb`` (print area ``area``) as a cropped PNG at ``out``."""
    only_sheet(wb, sheet)
    wb[sheet].print_area = area
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "sheet.xlsx"
        wb.save(book)
        pdf = to_pdf(book, Path(tmp))
        ppm = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf)], check=True,
                             capture_output=True).stdout
        x, y, w, h = _bbox(ppm)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png", "-singlefile", "-x", str(x),
                        "-y", str(y), "-W", str(w), "-H", str(h), str(pdf), str(out.with_suffix(""))], check=True)


def follow_up_workbook():
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
    write_case_inputs(backend, parse_case(read_case_file(examples_dir() / "housing_first_opfoelgning.json")), k)
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


def main() -> None:
    from som_xl.workbook.layout import portefoelje as P

    images = ROOT / "docs" / "images"
    render(follow_up_workbook(), L.OPFOELGNING, "A1:Q30", images / "opfoelgning.png")
    render(portfolio_workbook(), P.PORTEFOELJE, "A1:T34", images / "portefoelje.png")
    print(f"Skrevet: {images / 'opfoelgning.png'}, {images / 'portefoelje.png'}")


if __name__ == "__main__":
    main()
