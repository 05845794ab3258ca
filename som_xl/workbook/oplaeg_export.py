"""``som-xl report``: a case file or a workbook → the decision report as PDF or Markdown.

Markdown of a case file is the report room's document of the case, computed directly
(:func:`som_xl.report.case_document`): no workbook is made. Everything else goes
through a workbook: a case file for a PDF is written into a fresh copy of the template,
a workbook is recalculated in memory (the user's file is only read), and the Oplæg sheet
is filled by the same recalculation as Beregn. For the PDF a temporary copy with every
other sheet hidden, and without a print area, goes through LibreOffice headless
(LibreOffice skips hidden sheets unless they have a print area; the chart still reads
the hidden Resultater sheet), so the PDF holds the Oplæg pages only. Outputs are written atomically.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from som_xl.case import parse_case, read_case_file
from som_xl.errors import InputError, Problem
from som_xl.fileio import atomic_write_bytes, atomic_write_text, require_suffix
from som_xl.knowledge import load_knowledge
from som_xl.paths import template_path
from som_xl.report import case_document, to_markdown
from som_xl.workbook import layout as L

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.recalc import Outcome

FORMATS = ("pdf", "md")
CASE_SUFFIXES = (".json",)
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


def _problem(where: str, message: str) -> InputError:
    return InputError([Problem("report-input", where, message)])


def computed_workbook(source: str | Path, knowledge: Knowledge):
    """Load ``source`` (case file or workbook), recalculate it in memory.

    Returns
    -------
    (OpenpyxlBackend, Outcome)
        The recalculated workbook's backend (``.wb``; not saved anywhere; a workbook's
        formulas give their cached values through it) and the recalculation outcome.

    Raises
    ------
    InputError
        A Danish message for an unknown file type, an invalid case or workbook (a case
        validated as ``som-xl calc`` does and checked to fit the workbook), or a workbook
        made from a template without the Oplæg sheet.
    """
    # lazy: openpyxl and the recalculation (≈0.3 s); a case's Markdown report never loads them (test_cli)
    from som_xl.workbook.inputs_writer import check_importable, write_case_inputs
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend, open_backend
    from som_xl.workbook.oplaeg_sheet import MISSING
    from som_xl.workbook.recalc import load_workbook_file, recalculate

    path = Path(source)
    suffix = path.suffix.lower()
    if suffix in CASE_SUFFIXES:
        case = parse_case(read_case_file(path))
        check_importable(case, knowledge)  # a case the sheets cannot hold is refused, never cut short
        backend = OpenpyxlBackend(load_workbook_file(template_path()))
        write_case_inputs(backend, case, knowledge)
    elif suffix in WORKBOOK_SUFFIXES:
        backend = open_backend(path)  # cached values of formula cells are read from the file, never written
    else:
        raise _problem(path.name, "ukendt filtype; angiv en sagsfil (.json) eller en SØM-projektmappe "
                                  "(.xlsm/.xlsx).")
    if L.OPLAEG not in backend.wb.sheetnames:
        raise _problem(path.name, MISSING)
    outcome = recalculate(backend, knowledge)
    if not outcome.ok:
        raise InputError(outcome.problems)
    return backend, outcome


def only_sheet(wb, name: str = L.OPLAEG) -> None:
    """Make ``name`` the only sheet LibreOffice prints: every other sheet hidden and without
    a print area (LibreOffice prints a hidden sheet that has one), ``name`` active."""
    from openpyxl.worksheet.print_settings import PrintArea  # lazy: as computed_workbook

    wb.active = wb.sheetnames.index(name)
    for ws in wb.worksheets:
        ws.sheet_state = "visible" if ws.title == name else "hidden"
        ws.sheet_view.tabSelected = ws.title == name
        if ws.title != name:
            ws._print_area = PrintArea()  # openpyxl has no public way to remove it


def sheet_pdf_bytes(wb, name: str) -> bytes:
    """Sheet ``name`` of ``wb`` alone as PDF bytes (LibreOffice headless, via a private
    temporary copy); the other sheets stay in the copy, hidden, so charts can read them."""
    from som_xl.workbook.render import to_pdf  # lazy: as computed_workbook (subprocess, logging: ≈25 ms)

    only_sheet(wb, name)
    with tempfile.TemporaryDirectory(prefix="som-xl-pdf-") as tmp:
        copy = Path(tmp) / "ark.xlsx"
        wb.save(copy)
        return to_pdf(copy, Path(tmp) / "pdf").read_bytes()


def oplaeg_pdf_bytes(backend: OpenpyxlBackend, outcome: Outcome, notice: str | None = None) -> bytes:
    """The Oplæg sheet of a recalculated workbook as PDF bytes (LibreOffice headless), with
    ``notice`` (e.g. "Ikke kvalitetssikret …") in bold in every page's footer.

    LibreOffice gets an inert copy: every formula replaced by its value, no defined names,
    links, validations or conditional formats (:mod:`som_xl.workbook.inert_copy`), so it
    evaluates and fetches nothing from the user's file.
    """
    # lazy: as computed_workbook (openpyxl, the recalculation)
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.inert_copy import freeze_formulas, make_inert
    from som_xl.workbook.oplaeg_sheet import header_code
    from som_xl.workbook.recalc import chart_sizes

    wb = backend.wb
    freeze_formulas(wb, backend.values_workbook())
    make_inert(wb)
    add_charts(wb, *chart_sizes(outcome))  # openpyxl drops charts on load
    if notice:
        footer = wb[L.OPLAEG].oddFooter.right
        footer.text, footer.size = "&B" + header_code(notice) + "&B", 8
    return sheet_pdf_bytes(wb, L.OPLAEG)


def make_report(source: str | Path, output: str | Path, fmt: str = "pdf", knowledge: Knowledge | None = None,
                notice: str | None = None):
    """Write the decision report of ``source`` to ``output``.

    Parameters
    ----------
    source : path
        A case file (``.json``, format som-xl-case/1) or a SØM workbook (``.xlsm``/``.xlsx``).
    output : path
        Where the PDF or Markdown goes (written atomically).
    fmt : {"pdf", "md"}
        PDF of the Oplæg sheet, or the same text as Markdown.
    knowledge : Knowledge, optional
        Default: the configured knowledge package.
    notice : str, optional
        A line for every page's footer of the PDF (the experience database's "Ikke
        kvalitetssikret"); the Markdown's caller puts it where Markdown has room for it.

    Returns
    -------
    Document
        The report that was written.
    """
    if fmt not in FORMATS:
        raise _problem("--format", f"formatet skal være pdf eller md (fik '{fmt}').")

    output = require_suffix(output, (".pdf",) if fmt == "pdf" else (".md", ".markdown"), "oplægget")
    if not output.parent.exists():
        raise _problem(str(output), "mappen til oplægget findes ikke.")
    if knowledge is None:
        knowledge = load_knowledge()
    if fmt == "md" and Path(source).suffix.lower() in CASE_SUFFIXES:
        doc = case_document(parse_case(read_case_file(source)), knowledge)
        atomic_write_text(output, to_markdown(doc))
        return doc
    backend, outcome = computed_workbook(source, knowledge)
    doc = outcome.document  # the report recalculation wrote on the Oplæg sheet
    if doc is None:  # never: a successful recalculation of a workbook with the Oplæg sheet builds it
        raise RuntimeError("the recalculation wrote no decision report")
    if fmt == "md":
        atomic_write_text(output, to_markdown(doc))
    else:
        atomic_write_bytes(output, oplaeg_pdf_bytes(backend, outcome, notice))
    return doc
