"""The printed sheets of the demo workbook, rendered by LibreOffice as the tests render
(issue 23, point 4): Resultater fits its content on A4 without dozens of empty rows and
with headers that tell the actors apart; Følsomhed speaks Danish ("trekantsfordeling"),
shows its seed as a plain integer and its tornado headers whole; amounts and percentages
read the Danish way whatever the machine's language (these tests run under C.UTF-8).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from openpyxl import load_workbook

from som_xl.case import load_and_compute
from som_xl.paths import examples_dir, template_path
from som_xl.workbook import layout as L
from som_xl.workbook.render import pdf_text, to_pdf

EXAMPLE = examples_dir() / "housing_first.json"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo workbook (as ``som-xl demo`` writes it) and its pages' text, by sheet title."""
    from som_xl.service.workbooks import fill_from_case

    folder = tmp_path_factory.mktemp("print")
    comp = load_and_compute(EXAMPLE)
    book = folder / "demo.xlsm"
    fill_from_case(book, comp.case, comp.knowledge, base=template_path())
    return comp, book, folder


@pytest.fixture(scope="module")
def pages(demo):
    """(pdf path, text of each page) of the whole demo workbook."""
    _, book, folder = demo
    pdf = to_pdf(book, folder / "pdf")
    return pdf, pdf_text(pdf).split("\f")


def sheet_pages(pages: list[str], title: str, next_title: str) -> list[tuple[int, str]]:
    """The pages from the one whose first line is ``title`` up to the next sheet's."""
    first = next(i for i, p in enumerate(pages) if p.strip().startswith(title))
    end = next(i for i, p in enumerate(pages) if i > first and p.strip().startswith(next_title))
    return list(enumerate(pages))[first:end]


def word_heights(pdf, page: int, word: str) -> list[float]:
    """The heights (points) of ``word`` on ``page`` (0-based) of ``pdf``, from poppler's boxes."""
    out = subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [float(m.group(2)) - float(m.group(1)) for m in
            re.finditer(rf'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">{re.escape(word)}</word>', out)]


def test_every_amount_and_percentage_format_is_danish_whatever_the_locale():
    """Formats with separators carry the Danish locale ([$-406]): LibreOffice then writes
    250.000 and 25,0 % on an English machine too."""
    wb = load_workbook(template_path())
    plain = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                f = cell.number_format
                if ("#" in f or "%" in f or "0.0" in f) and not f.startswith("[$-406]"):
                    plain.append(f"{ws.title}!{cell.coordinate} {f}")
    assert not plain, plain[:10]
    seed = wb[L.FOELSOMHED].cell(*L.field_cell(next(f for f in L.SENSITIVITY_FIELDS if f.key == "seed")))
    assert seed.number_format == "0"  # a seed is an identifier: 20260101, never 20.260.101


def test_every_sheet_prints_on_a4_one_page_wide():
    wb = load_workbook(template_path())
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert int(setup.fitToWidth) == 1, ws.title
    breaks = [b.id for b in wb[L.RESULTATER].row_breaks.brk]
    assert breaks == [L.PROVENANCE.first_row - 4]  # the provenance on a page of its own


@pytest.mark.libreoffice
def test_resultater_fits_its_content_with_headers_that_tell_the_actors_apart(demo, pages):
    comp, book, _ = demo
    pdf, texts = pages
    printed = sheet_pages(texts, "Resultater", "Beslutningsoplæg")
    assert len(printed) == 2  # the results, then the provenance: no page of empty rows
    first = printed[0][1]
    for actor in ("kommune", "region", "stat"):  # each header's second line is there, not cut off
        assert len(re.findall(rf"\b{actor}\b", first)) >= 4, actor
    assert len(re.findall(r"\bdiskonteret\b", first)) >= 4
    years = comp.results.years.tolist()
    wb = load_workbook(book)
    ws = wb[L.RESULTATER]
    shown = [r for r in range(L.YEARS.first_row, L.YEARS.first_row + L.YEARS.rows)
             if not ws.row_dimensions[r].hidden]
    assert len(shown) == len(years)  # the 70 rows of the per-year table: only the horizon's
    items = [r for r in range(L.ITEMS.first_row, L.ITEMS.first_row + L.ITEMS.rows) if not ws.row_dimensions[r].hidden]
    assert len(items) == len(comp.results.items)
    # readable: the year labels are printed at least 4.5 pt high (they were under 4 pt)
    heights = word_heights(pdf, printed[0][0], str(years[4]))
    assert heights and min(heights) >= 4.5, heights


@pytest.mark.libreoffice
def test_foelsomhed_speaks_danish_with_a_plain_seed_and_whole_headers(pages):
    _, texts = pages
    text = "\n".join(t for _, t in sheet_pages(texts, "Følsomhed", "Opfølgning"))
    assert "trekantsfordeling" in text and "triangular" not in text
    assert "20260101" in text and not re.search(r"20[.,]260[.,]101", text)
    assert "10.000" in text and "10,000" not in text
    for end in ("lav", "høj"):  # the tornado's eight NPV columns, each named whole
        for actor in ("kommune", "region", "stat", "i alt"):
            assert re.search(rf"{end}:\s+{actor}", text) or f"{end}: {actor}" in text, (end, actor)


@pytest.mark.libreoffice
def test_indsats_shows_amounts_and_percentages_the_danish_way(pages):
    _, texts = pages
    text = "\n".join(t for _, t in sheet_pages(texts, "Indsats", "Konsekvenser"))
    assert "250.000" in text and "250,000" not in text
    assert "25,0 %" in text and "25.0%" not in text
