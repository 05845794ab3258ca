"""The Oplæg sheet through recalculation: filled by Beregn/recalc, never stale, cleared on
failure; the template's print layout; the ribbon button."""

from openpyxl import load_workbook

from som_xl.case import parse_case
from som_xl.case.text import headline
from som_xl.excel.report_entry import lav_beslutningsoplaeg, pdf_path
from som_xl.knowledge import load_knowledge
from som_xl.paths import template_path
from som_xl.report import build_document
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.oplaeg_sheet import NOT_COMPUTED, sheet_rows
from som_xl.workbook.recalc import recalculate
from som_xl.workbook.ribbon import RIBBON_BUTTONS
from tests.report.helpers import HAND_CASE


def _oplaeg_cells(backend) -> dict[str, list[list]]:
    """Each part's rows as read back from the one block ``som_oplaeg``."""
    values = backend.read(L.OPLAEG_BLOCK.name).values
    return {p.name: [row[: p.width] for row in values[p.first_row - 1: p.first_row - 1 + p.rows]]
            for p in L.OPLAEG_PARTS}


def _computed_backend():
    k = load_knowledge()
    backend = MemoryBackend()
    write_case_inputs(backend, parse_case(HAND_CASE), k)
    return backend, k, recalculate(backend, k)


def test_recalculation_writes_exactly_the_documents_text():
    backend, _, outcome = _computed_backend()
    assert outcome.ok
    doc = build_document(outcome.computation, outcome.uncertainty)
    cells = _oplaeg_cells(backend)
    for name, rows in sheet_rows(doc).items():
        for i, row in enumerate(rows):
            assert cells[name][i][: len(row)] == row
    written = [v for rows in cells.values() for row in rows for v in row if v]
    assert written == doc.strings()
    assert outcome.document == doc  # the one document kept for Markdown/PDF is the one written


def test_a_failed_calculation_keeps_no_document():
    backend, k, _ = _computed_backend()
    backend.set(L.SETTINGS.name, L.SETTINGS_FIELDS.index(L.field_by_key("effect.success_rate")), 0, "mange")
    failed = recalculate(backend, k)
    assert not failed.ok and failed.document is None


def test_a_changed_input_changes_headline_and_key_figures_no_stale_text():
    backend, k, first = _computed_backend()
    kort, noegletal = L.oplaeg_part("kort").name, L.oplaeg_part("noegletal").name
    before = (_oplaeg_cells(backend)[kort][1][0], _oplaeg_cells(backend)[noegletal][4][1:5])
    row = L.SETTINGS_FIELDS.index(L.field_by_key("effect.success_rate"))
    backend.set(L.SETTINGS.name, row, 0, 0.6)
    second = recalculate(backend, k)
    after = (_oplaeg_cells(backend)[kort][1][0], _oplaeg_cells(backend)[noegletal][4][1:5])
    assert after != before
    assert after[0] == headline(second.computation) != headline(first.computation)
    assert _oplaeg_cells(backend)[noegletal][7][0] == "Break-even-succesrate (regnet: 60,0 %)"

    backend.set(L.SETTINGS.name, row, 0, "mange")  # invalid: the report is cleared, not left stale
    assert not recalculate(backend, k).ok
    cells = _oplaeg_cells(backend)
    assert cells[L.oplaeg_part("titel").name] == [["Beslutningsoplæg"], [NOT_COMPUTED]]
    rest = [v for name, rows in cells.items() if name != L.oplaeg_part("titel").name for r in rows for v in r]
    assert not any(rest)


def test_template_sheet_is_an_a4_portrait_print_layout_after_resultater():
    wb = load_workbook(template_path(), keep_vba=True)
    assert wb.sheetnames.index(L.OPLAEG) == wb.sheetnames.index(L.RESULTATER) + 1
    ws = wb[L.OPLAEG]
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_area == f"'{L.OPLAEG}'!$A$1:$G${L.OPLAEG_LAST_ROW}"
    assert [b.id for b in ws.row_breaks.brk] == [L.oplaeg_part("forudsaetninger").first_row - 1]
    assert ws.oddHeader.left.text == "Beslutningsoplæg (SØM)" and ws.oddFooter.center.text == "Side &P af &N"
    assert wb.defined_names[L.OPLAEG_BLOCK.name].attr_text == f"'{L.OPLAEG}'!$B$1:$G${L.OPLAEG_LAST_ROW}"


def test_headless_recalc_sets_the_page_header_to_title_kommune_and_date(tmp_path):
    from som_xl.service.workbooks import fill_from_case

    path = tmp_path / "hand.xlsm"
    outcome = fill_from_case(path, parse_case({**HAND_CASE, "title": "Mentor & job"}), base=template_path())
    ws = load_workbook(path, keep_vba=True)[L.OPLAEG]
    date = ".".join(reversed(outcome.computation.computed_at[:10].split("-")))
    assert ws.oddHeader.left.text == "Beslutningsoplæg: Mentor && job"
    assert ws.oddHeader.right.text == f"Testrup Kommune · {date}"
    assert ws["B1"].value == "Beslutningsoplæg: Mentor & job"


def test_ribbon_button_runs_the_report_entry_point():
    button = next(b for b in RIBBON_BUTTONS if b.id == "somLavOplaeg")
    assert button.label == "Lav beslutningsoplæg"
    assert button.python == "som_xl.excel.report_entry.lav_beslutningsoplaeg()"


class _Sheet:
    def __init__(self):
        self.exported = None

    def to_pdf(self, path, show=False):
        self.exported = path


class _Book:
    fullname = "C:/Kommune/Mentor.xlsm"

    def __init__(self):
        self.sheets = {L.OPLAEG: _Sheet()}


def test_entry_point_recalculates_then_lets_excel_export_the_oplaeg_sheet():
    backend, k, _ = _computed_backend()
    backend.book = _Book()
    path = lav_beslutningsoplaeg(backend=backend, knowledge=k)
    assert path == pdf_path(backend.book) and path.name == "Mentor_oplaeg.pdf"
    assert backend.book.sheets[L.OPLAEG].exported == str(path)
    assert backend.read(L.STATUS.name).values[0][0] == f"Beslutningsoplæg gemt som PDF: {path}"


def test_entry_point_outside_excel_says_so_in_danish():
    backend, k, _ = _computed_backend()
    assert lav_beslutningsoplaeg(backend=backend, knowledge=k) is None
    status = backend.read(L.STATUS.name).values[0][0]
    assert status.startswith("Fejl: Lav beslutningsoplæg blev ikke gennemført") and "som-xl report" in status
