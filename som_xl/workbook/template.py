"""Build the SØM workbook from the layout contract and a knowledge package.

``build_workbook`` returns an openpyxl ``Workbook`` with every sheet, label, help text,
style, data validation, list and defined name, and the native charts
(:mod:`som_xl.workbook.charts`; openpyxl drops charts on load, so recalculation adds them again).
The VBA project and the ribbon are added afterwards by :mod:`som_xl.workbook.build`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.pagebreak import Break

from som_xl import __version__
from som_xl.experience.benchmark_figures import FIGURES
from som_xl.workbook import layout as L
from som_xl.workbook import styles as S
from som_xl.workbook.benchmark_sheet import BEFORE_FETCH
from som_xl.workbook.charts import add_charts
from som_xl.workbook.layout import get_column_letter
from som_xl.workbook.lists_sheet import list_rows
from som_xl.workbook.oplaeg_template import build_oplaeg_sheet, oplaeg_page
from som_xl.workbook.sheet_parts import fields, print_setup, section, table, titled_sheet

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

GUIDE = "docs/brugervejledning.md"

FORSIDE_TEXT = (
    "Denne projektmappe beregner det budgetøkonomiske nettoresultat af en social indsats for kommune, "
    "region og stat, år for år, efter Den Socialøkonomiske Investeringsmodel (SØM).",
    "",
    "Sådan gør du:",
    "1. Udfyld arket Indsats (gule felter): målgruppe, år, deltagere, omkostninger og succesrate.",
    "2. Tryk 'Opdatér viden' på fanen SØM for at hente målgruppens konsekvenser og priser.",
    "3. Tjek arket Konsekvenser (ret tal, slå linjer fra, tilføj egne) og arket Priser (lokale priser).",
    "4. Tryk 'Beregn' på fanen SØM. Resultaterne står på arket Resultater.",
    "5. Når indsatsen er i gang: skriv de faktiske tal på arket Opfølgning og tryk 'Beregn' igen.",
    "",
    "Gule felter er input; blå felter udfyldes af beregningen og må ikke rettes.",
    "Tal markeret 'illustrativ' er projektets eksempeltal, ikke SØM's officielle skøn.",
    "Uden Python kan projektmappen stadig læses: resultaterne står som tal.",
    f"Brugervejledning (trin for trin, med billeder): {GUIDE} i som_xl's kildekode.",
)


def _add_name(wb: Workbook, name: str, destination: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=destination)


def _forside(wb: Workbook, knowledge: Knowledge) -> None:
    ws = titled_sheet(wb, L.FORSIDE, "SØM – Den Socialøkonomiske Investeringsmodel", row=2)
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 100
    for i, line in enumerate(FORSIDE_TEXT):
        ws.cell(row=4 + i, column=2, value=line)
    labels = ("Programversion", "Vidensdatabase", "Indholds-hash")
    for i, label in enumerate(labels):
        ws.cell(row=L.VERSIONS.first_row + i, column=2, value=label).font = S.LABEL_FONT
    values = (f"som_xl {__version__}", f"Vidensdatabase: {knowledge.name} {knowledge.version}",
              f"Indholds-hash: {knowledge.content_hash}")
    for i, v in enumerate(values):
        c = ws.cell(row=L.VERSIONS.first_row + i, column=L.VERSIONS.first_col, value=v)
        c.fill = S.OUTPUT_FILL


def _indsats(wb: Workbook) -> None:
    ws = titled_sheet(wb, L.INDSATS, "Indsats: indstillinger, deltagere, omkostninger og effekt",
                      "Udfyld de gule felter. Hold musen over et felt for en forklaring; forklaringen står "
                      "også til højre.")
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 40  # titles and sources are typed here
    ws.column_dimensions["D"].width = 16
    fields(ws, L.SETTINGS)
    ws.cell(row=L.SETTINGS.first_row + L.SETTINGS.rows, column=2, value="* skal udfyldes").font = S.HELP_FONT

    line = ws.cell(row=L.BENCHMARK_LINE.first_row, column=L.BENCHMARK_LINE.first_col, value=BEFORE_FETCH)
    line.fill, line.font = S.OUTPUT_FILL, S.HELP_FONT  # overflows to the right, like the help texts
    validations: dict = {}
    for block in (L.COHORTS, L.COSTS):
        table(ws, block, validations)
    ws.freeze_panes = "A4"


def _foelsomhed(wb: Workbook) -> None:
    ws = titled_sheet(wb, L.FOELSOMHED, "Følsomhed: hvor sikre er tallene?",
                      "Break-even-succesrate, én ændring ad gangen (tornado) og Monte Carlo. Udfyldes af "
                      "Beregn; de gule felter styrer spændene.")
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 16
    fields(ws, L.SENSITIVITY)
    validations: dict = {}
    for block in L.SENSITIVITY_OUTPUTS:
        table(ws, block, validations)
    labels = ("Sandsynlighed for nutidsværdi ≥ 0", "Middel", "P10", "P50 (median)", "P90", "Træk / seed")
    for i, label in enumerate(labels):
        ws.cell(row=L.MC_SUMMARY.first_row + i, column=L.MC_SUMMARY.first_col, value=label)
    for j in range(1, 5):
        ws.cell(row=L.MC_SUMMARY.first_row, column=L.MC_SUMMARY.first_col + j).number_format = S.PERCENT
    # the print area ends at the tornado's last column: a long sentence runs on no further
    last = max(L.MC_HISTOGRAM.first_row + L.MC_HISTOGRAM.rows, L.MC_BREAK_EVEN.first_row + L.MC_BREAK_EVEN.rows) - 1
    ws.print_area = f"A1:{get_column_letter(L.TORNADO.first_col + len(L.TORNADO.columns) - 1)}{last}"


def _opfoelgning(wb: Workbook) -> None:
    ws = titled_sheet(wb, L.OPFOELGNING, "Opfølgning: forventet og realiseret",
                      "Skriv hvad der faktisk skete (gule felter nederst), og tryk Beregn: planen står ved siden af, "
                      "og en ny prognose regnes ud fra de faktiske tal.")
    ws.column_dimensions["B"].width = 40
    ws.cell(row=L.FOLLOW_UP_STATUS.first_row, column=2, value="Status").font = S.LABEL_FONT
    first = L.FOLLOW_UP_STATUS.first_col
    for i in range(L.FOLLOW_UP_STATUS.rows):  # each status line wraps over the key figures' width
        row = L.FOLLOW_UP_STATUS.first_row + i
        cell = ws.cell(row=row, column=first)
        cell.fill, cell.alignment = S.OUTPUT_FILL, S.WRAP
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 4)
        ws.row_dimensions[row].height = 36
    kf = L.FOLLOW_UP_KEY_FIGURES
    section(ws, kf.first_row - 2, 2, f"{kf.title} (kr., nutidsværdi i prisniveauet)")
    for j, col in enumerate(kf.columns):
        cell = ws.cell(row=kf.first_row - 1, column=kf.first_col + j, value=col.header)
        cell.font, cell.fill = S.HEADER_FONT, S.HEADER_FILL
        ws.column_dimensions[get_column_letter(kf.first_col + j)].width = col.width
    for i, (label, kind) in enumerate(L.FOLLOW_UP_ROWS):
        ws.cell(row=kf.first_row + i, column=2, value=label).font = S.LABEL_FONT
        for j in range(kf.width):
            c = ws.cell(row=kf.first_row + i, column=kf.first_col + j)
            c.fill, c.border = S.OUTPUT_FILL, S.BORDER
            c.number_format = {L.YEAR: "0", L.PERCENT: S.PERCENT}.get(kind, S.AMOUNT)
    validations: dict = {}
    for block in (L.ACTUALS, L.FOLLOW_UP_COMPARISON, L.FOLLOW_UP_YEARS):
        table(ws, block, validations)
    ws.row_dimensions[L.ACTUALS.first_row - 1].height = 30  # two-line headers
    ws.freeze_panes = f"A{L.ACTUALS.first_row}"


def _simple_sheet(wb: Workbook, name: str, title: str, blocks) -> None:
    ws = titled_sheet(wb, name, title)
    validations: dict = {}
    for block in blocks:
        table(ws, block, validations)


def _resultater(wb: Workbook) -> None:
    ws = titled_sheet(wb, L.RESULTATER, "Resultater")
    ws.column_dimensions["B"].width = 30
    for block, label in ((L.STATUS, "Status"), (L.HEADLINE, "Kort fortalt"), (L.GROUNDS, "Grundlag")):
        head = ws.cell(row=block.first_row, column=2, value=label)
        head.font, head.alignment = S.LABEL_FONT, S.WRAP  # the label beside the first line of its text
        cell = ws.cell(row=block.first_row, column=block.first_col)
        cell.fill, cell.alignment = S.OUTPUT_FILL, S.WRAP
    for block, height in ((L.STATUS, 30), (L.HEADLINE, 45), (L.GROUNDS, 150)):
        ws.merge_cells(start_row=block.first_row, start_column=3, end_row=block.first_row, end_column=7)
        ws.row_dimensions[block.first_row].height = height
    kf = L.KEY_FIGURES
    section(ws, kf.first_row - 2, 2, kf.title + " (kr., nutidsværdi i prisniveauet)")
    for j, h in enumerate(L.ACTOR_HEADERS):
        cell = ws.cell(row=kf.first_row - 1, column=kf.first_col + j, value=h)
        cell.font, cell.fill = S.HEADER_FONT, S.HEADER_FILL
        ws.column_dimensions[get_column_letter(kf.first_col + j)].width = L.KEY_WIDTH
    row_formats = (S.AMOUNT, S.AMOUNT, S.AMOUNT, S.AMOUNT, "0", S.DANISH + "0.00", S.PERCENT)
    for i, label in enumerate(L.KEY_FIGURE_ROWS):
        ws.cell(row=kf.first_row + i, column=2, value=label).font = S.LABEL_FONT
        for j in range(len(L.ACTOR_HEADERS)):
            c = ws.cell(row=kf.first_row + i, column=kf.first_col + j)
            c.fill, c.border, c.number_format = S.OUTPUT_FILL, S.BORDER, row_formats[i]
    validations: dict = {}
    for block in (L.MESSAGES, L.YEARS, L.AREAS, L.ITEMS, L.PROVENANCE):
        table(ws, block, validations)
    # The results print on one page (the items' rows hidden below the used ones), the
    # provenance on the next; a long provenance value wraps over the sheet's width, and the
    # print area ends at the tables' last column (text running on past it would shrink the page).
    ws.row_breaks.append(Break(id=L.PROVENANCE.first_row - 4))
    last_col = L.YEARS.first_col + len(L.YEAR_COLUMNS) - 1
    for i in range(L.PROVENANCE.rows):
        row = L.PROVENANCE.first_row + i
        ws.merge_cells(start_row=row, start_column=L.PROVENANCE.first_col + 1, end_row=row, end_column=last_col)
        ws.cell(row=row, column=L.PROVENANCE.first_col + 1).alignment = S.WRAP_LEFT
    ws.row_dimensions[L.PROVENANCE.first_row + L.PROVENANCE_NOTE_ROW].height = 45  # the note: up to three lines
    ws.print_area = f"A1:{get_column_letter(last_col)}{L.PROVENANCE.first_row + L.PROVENANCE.rows - 1}"


# Oplæg (decision report): fonts, and the columns right-aligned per table section.


def _lister(wb: Workbook, knowledge: Knowledge) -> None:
    ws = wb.create_sheet(L.LISTER)
    block = L.LISTS_BLOCK
    for j, col in enumerate(block.columns):
        ws.cell(row=block.first_row - 1, column=block.first_col + j, value=col.header).font = S.LABEL_FONT
    for i, row in enumerate(list_rows(knowledge)):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(row=block.first_row + i, column=block.first_col + j, value=v)


def _xlwings_conf(wb: Workbook) -> None:
    ws = wb.create_sheet(L.XLWINGS_CONF)
    for i, (key, value) in enumerate(L.XLWINGS_CONF_ROWS, start=1):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=value)


def _erfaringer(wb: Workbook) -> None:
    ws = titled_sheet(wb, L.ERFARINGER, "Erfaringer: beregninger og erfaringer delt mellem kommuner",
                      "Udfyld søgefelterne og tryk 'Søg erfaringer' på fanen SØM. 'Del beregning' lægger "
                      "denne beregning i databasen; 'Importér beregning' henter input fra det valgte id.")
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 40
    fields(ws, L.EXPERIENCE_SEARCH)
    ws.cell(row=L.EXPERIENCE_STATUS.first_row, column=2, value="Status").font = S.LABEL_FONT
    ws.cell(row=L.EXPERIENCE_STATUS.first_row, column=3).fill = S.OUTPUT_FILL
    _andre_kommuner(ws)
    table(ws, L.EXPERIENCE_RESULTS, {})


def _andre_kommuner(ws) -> None:
    """The blocks 'Søg erfaringer' fills with other municipalities' figures: labels first,
    each figure row in its own number format (rates as percentages, costs in kroner)."""
    info, figures = L.EXPERIENCE_BENCHMARK_INFO, L.EXPERIENCE_BENCHMARK
    table(ws, info, {})
    for i, label in enumerate(L.BENCHMARK_INFO_ROWS):
        ws.cell(row=info.first_row + i, column=info.first_col, value=label).font = S.LABEL_FONT
    table(ws, figures, {})
    formats = {"percent": S.PERCENT, "ratio": S.DANISH + "0.00", "kroner": S.AMOUNT, "years": S.DANISH + "0.0"}
    for i, (_, label, kind) in enumerate(FIGURES):
        cell = ws.cell(row=figures.first_row + i, column=figures.first_col, value=label)
        cell.font, cell.alignment = S.LABEL_FONT, S.WRAP
        ws.row_dimensions[figures.first_row + i].height = 26  # two lines of the narrow label column
        for j in range(2, figures.width):
            ws.cell(row=figures.first_row + i, column=figures.first_col + j).number_format = formats[kind]


def build_workbook(knowledge: Knowledge) -> Workbook:
    """The complete SØM workbook (without VBA and ribbon) for ``knowledge``."""
    wb = Workbook()
    wb.remove(wb.active)
    _forside(wb, knowledge)
    _indsats(wb)
    _simple_sheet(wb, L.KONSEKVENSER, "Konsekvenser pr. borger med succes", (L.CONSEQUENCES,))
    _simple_sheet(wb, L.PRISER, "Priser", (L.LOCAL_PRICES, L.OWN_ITEMS, L.PRICES_IN_USE))
    _resultater(wb)
    build_oplaeg_sheet(wb)
    _foelsomhed(wb)
    _opfoelgning(wb)
    _erfaringer(wb)
    viden = titled_sheet(wb, L.VIDEN, "Viden for den valgte målgruppe", "Skrivebeskyttet visning af "
                         "vidensdatabasen. Opdateres af 'Opdatér viden' og 'Beregn'.", col="A")
    for j, col in enumerate(L.KNOWLEDGE_VIEW.columns):
        viden.column_dimensions[get_column_letter(1 + j)].width = col.width
    viden.protection.sheet = True
    _lister(wb, knowledge)
    _xlwings_conf(wb)
    for name in L.HIDDEN_SHEETS:
        wb[name].sheet_state = "hidden"
    for ws in wb.worksheets:
        print_setup(ws)
    oplaeg_page(wb[L.OPLAEG])
    for name, dest in L.defined_names().items():
        _add_name(wb, name, dest)
    add_charts(wb, 10)
    wb.active = wb.sheetnames.index(L.INDSATS)
    return wb
