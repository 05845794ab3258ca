"""Build the SØM workbook from the layout contract and a knowledge package.

``build_workbook`` returns an openpyxl ``Workbook`` with every sheet, label, help text,
style, data validation, list and defined name; ``add_charts`` (re)creates the native
charts on Resultater (openpyxl drops charts on load, so recalculation calls it again).
The VBA project and the ribbon are added afterwards by :mod:`som_xl.workbook.build`.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from som_xl import __version__
from som_xl.workbook import layout as L
from som_xl.workbook import styles as S
from som_xl.workbook.layout import get_column_letter

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
    "",
    "Gule felter er input; blå felter udfyldes af beregningen og må ikke rettes.",
    "Tal markeret 'illustrativ' er projektets eksempeltal, ikke SØM's officielle skøn.",
    "Uden Python kan projektmappen stadig læses: resultaterne står som tal.",
    f"Brugervejledning (trin for trin, med billeder): {GUIDE} i som_xl's kildekode.",
)


def _validation(kind: str, options: str, help_text: str, title: str, n_options: int | None = None):
    if kind == L.LIST:
        dv = DataValidation(type="list", formula1=options, allow_blank=True)
        dv.error = f"Vælg en værdi fra listen ({title})."
    elif kind == L.PERCENT:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True)
        dv.error = f"{title} skal være en procentsats mellem 0 % og 100 %."
    elif kind == L.YEAR:
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
        dv.error = f"{title} skal være et årstal mellem 2000 og 2100."
    elif kind == L.INT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = f"{title} skal være et helt tal på 0 eller mere."
    elif kind in (L.MONEY, L.NUMBER):
        dv = DataValidation(type="decimal", operator="between", formula1="-1000000000000",
                            formula2="1000000000000", allow_blank=True)
        dv.error = f"{title} skal være et tal."
    else:
        return None
    dv.errorTitle = "Ugyldig værdi"
    dv.showErrorMessage = True
    dv.promptTitle = title[:32]
    dv.prompt = help_text[:255] if help_text else None
    dv.showInputMessage = bool(help_text)
    return dv


def _add_name(wb: Workbook, name: str, destination: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=destination)


def _section(ws, row: int, col: int, title: str, help_text: str = "") -> None:
    ws.cell(row=row, column=col, value=title).font = S.SECTION_FONT
    if help_text:
        ws.cell(row=row + 1, column=col, value=help_text).font = S.HELP_FONT


def _table(ws, block: L.Block, validations: dict) -> None:
    """Headers, help row, body styles and validations of a table block."""
    _section(ws, block.first_row - 3, block.first_col, block.title, block.help)
    header_row = block.first_row - 1
    for j, col in enumerate(block.columns):
        c = block.first_col + j
        cell = ws.cell(row=header_row, column=c, value=col.header)
        cell.font, cell.fill, cell.alignment = S.HEADER_FONT, S.HEADER_FILL, S.WRAP
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, col.width)
        fmt = S.NUMBER_FORMATS.get(col.kind)
        for r in range(block.first_row, block.first_row + block.rows):
            body = ws.cell(row=r, column=c)
            body.fill = S.OUTPUT_FILL if block.output else S.INPUT_FILL
            body.border = S.BORDER
            if fmt:
                body.number_format = fmt
        if not block.output:
            dv = _validation(col.kind, col.options, col.help, col.header)
            if dv is not None:
                key = (col.kind, col.options, col.help, col.header)
                if key not in validations:
                    validations[key] = dv
                    ws.add_data_validation(dv)
                validations[key].add(f"{letter}{block.first_row}:{letter}{block.first_row + block.rows - 1}")


def _forside(wb: Workbook, knowledge) -> None:
    ws = wb.create_sheet(L.FORSIDE)
    ws["B2"] = "SØM – Den Socialøkonomiske Investeringsmodel"
    ws["B2"].font = S.TITLE_FONT
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
    ws = wb.create_sheet(L.INDSATS)
    ws["B1"] = "Indsats: indstillinger, deltagere, omkostninger og effekt"
    ws["B1"].font = S.TITLE_FONT
    ws["B2"] = "Udfyld de gule felter. Hold musen over et felt for en forklaring; forklaringen står også til højre."
    ws["B2"].font = S.HELP_FONT
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 24
    ws.column_dimensions["D"].width = 16
    _fields(ws, L.SETTINGS)
    ws.cell(row=L.SETTINGS.first_row + L.SETTINGS.rows, column=2, value="* skal udfyldes").font = S.HELP_FONT
    validations: dict = {}
    for block in (L.COHORTS, L.COSTS):
        _table(ws, block, validations)
    ws.freeze_panes = "A4"


def _fields(ws, block: L.Block) -> None:
    """A settings column: label, input cell (with its default), help text, validation."""
    _section(ws, block.first_row - 1, 2, block.title)
    for f in block.fields:
        row, col = L.field_cell(f)
        ws.cell(row=row, column=2, value=f.label + (" *" if f.required else "")).font = S.LABEL_FONT
        cell = ws.cell(row=row, column=col, value=f.default)
        cell.fill, cell.border = S.INPUT_FILL, S.BORDER
        if f.kind in S.NUMBER_FORMATS:
            cell.number_format = S.NUMBER_FORMATS[f.kind]
        ws.cell(row=row, column=col + 1, value=f.help).font = S.HELP_FONT
        dv = _validation(f.kind, f.options, f.help, f.label)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)


def _foelsomhed(wb: Workbook) -> None:
    ws = wb.create_sheet(L.FOELSOMHED)
    ws["B1"] = "Følsomhed: hvor sikre er tallene?"
    ws["B1"].font = S.TITLE_FONT
    ws["B2"] = ("Break-even-succesrate, én ændring ad gangen (tornado) og Monte Carlo. Udfyldes af Beregn; "
                "de gule felter styrer spændene.")
    ws["B2"].font = S.HELP_FONT
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 16
    _fields(ws, L.SENSITIVITY)
    validations: dict = {}
    for block in L.SENSITIVITY_OUTPUTS:
        _table(ws, block, validations)
    labels = ("Sandsynlighed for nutidsværdi ≥ 0", "Middel", "P10", "P50 (median)", "P90", "Træk / seed")
    for i, label in enumerate(labels):
        ws.cell(row=L.MC_SUMMARY.first_row + i, column=L.MC_SUMMARY.first_col, value=label)
    for j in range(1, 5):
        ws.cell(row=L.MC_SUMMARY.first_row, column=L.MC_SUMMARY.first_col + j).number_format = "0.0%"


def _simple_sheet(wb: Workbook, name: str, title: str, blocks) -> None:
    ws = wb.create_sheet(name)
    ws["B1"] = title
    ws["B1"].font = S.TITLE_FONT
    validations: dict = {}
    for block in blocks:
        _table(ws, block, validations)


def _resultater(wb: Workbook) -> None:
    ws = wb.create_sheet(L.RESULTATER)
    ws["B1"] = "Resultater"
    ws["B1"].font = S.TITLE_FONT
    ws.column_dimensions["B"].width = 30
    for block, label in ((L.STATUS, "Status"), (L.HEADLINE, "Kort fortalt")):
        ws.cell(row=block.first_row, column=2, value=label).font = S.LABEL_FONT
        cell = ws.cell(row=block.first_row, column=block.first_col)
        cell.fill, cell.alignment = S.OUTPUT_FILL, S.WRAP
    ws.merge_cells(start_row=L.HEADLINE.first_row, start_column=3, end_row=L.HEADLINE.first_row, end_column=7)
    ws.row_dimensions[L.HEADLINE.first_row].height = 45
    kf = L.KEY_FIGURES
    _section(ws, kf.first_row - 2, 2, kf.title + " (kr., nutidsværdi i prisniveauet)")
    for j, h in enumerate(L.ACTOR_HEADERS):
        cell = ws.cell(row=kf.first_row - 1, column=kf.first_col + j, value=h)
        cell.font, cell.fill = S.HEADER_FONT, S.HEADER_FILL
        ws.column_dimensions[get_column_letter(kf.first_col + j)].width = 16
    row_formats = ("#,##0", "#,##0", "#,##0", "#,##0", "0", "0.00", "0.0%")
    for i, label in enumerate(L.KEY_FIGURE_ROWS):
        ws.cell(row=kf.first_row + i, column=2, value=label).font = S.LABEL_FONT
        for j in range(4):
            c = ws.cell(row=kf.first_row + i, column=kf.first_col + j)
            c.fill, c.border, c.number_format = S.OUTPUT_FILL, S.BORDER, row_formats[i]
    validations: dict = {}
    for block in (L.MESSAGES, L.YEARS, L.AREAS, L.ITEMS, L.PROVENANCE):
        _table(ws, block, validations)


# Oplæg (decision report): fonts, and the columns right-aligned per table section.
_OPL_BODY = Font(name="Calibri", size=9)
_OPL_HEAD = Font(name="Calibri", size=11, bold=True, color="1F4E79")
_OPL_RIGHT = {"noegletal": (1, 2, 3, 4), "usikkerhed": (3, 4, 5), "omkostninger": (4,), "priser": (2,)}
_OPL_CENTER = {"omkostninger": (5,), "priser": (3,)}


def _opl_align(key: str, j: int) -> str | None:
    return "right" if j in _OPL_RIGHT.get(key, ()) else "center" if j in _OPL_CENTER.get(key, ()) else None


def _oplaeg(wb: Workbook) -> None:
    """The Oplæg sheet: styles, merged paragraph rows and heights for every block; all
    text is written by recalculation (som_xl.report)."""
    ws = wb.create_sheet(L.OPLAEG)
    ws.column_dimensions["A"].width = 2
    for j, col in enumerate(L.OPLAEG_COLUMNS):
        ws.column_dimensions[get_column_letter(2 + j)].width = col.width
    last = get_column_letter(1 + len(L.OPLAEG_COLUMNS))
    for spec, block in zip(L.OPLAEG_SECTIONS, L.OPLAEG_PARTS):
        r0, body = block.first_row, block.first_row + block.rows - spec.body_rows
        lines = spec.lines or (1,) * spec.body_rows
        if spec.key == "titel":
            fonts = (Font(name="Calibri", size=16, bold=True, color="1F4E79"),
                     Font(name="Calibri", size=10, italic=True, color="595959"))
        else:
            ws.cell(row=r0, column=2).font = _OPL_HEAD  # not merged: the heading overflows to the right
            fonts = (Font(name="Calibri", size=10),) * spec.body_rows if spec.key == "kort" else (_OPL_BODY,) * spec.body_rows
        if spec.kind in ("table", "pairs"):
            for j in range(block.width):
                cell = ws.cell(row=body - 1, column=2 + j)
                cell.font, cell.fill = Font(name="Calibri", size=9, bold=True, color="FFFFFF"), S.HEADER_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=_opl_align(spec.key, j))
            if spec.kind == "pairs":
                ws.merge_cells(f"C{body - 1}:{last}{body - 1}")
        for i in range(spec.body_rows):
            row = body + i
            if spec.kind == "paragraphs" or spec.kind == "pairs":
                ws.row_dimensions[row].height = 2 + 13 * lines[i] * (fonts[i].sz or 9) / 9
            first = 3 if spec.kind == "pairs" else 2
            if spec.kind != "table":
                ws.merge_cells(f"{get_column_letter(first)}{row}:{last}{row}")
            for j in range(block.width):
                cell = ws.cell(row=row, column=2 + j)
                cell.font = Font(name="Calibri", size=9, bold=True) if spec.kind == "pairs" and j == 0 else fonts[i]
                cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=_opl_align(spec.key, j))
                if spec.kind != "paragraphs":
                    cell.border = Border(bottom=S.THIN)
        if spec.key == L.OPLAEG_PAGE_BREAK_AFTER:
            ws.row_breaks.append(Break(id=block.first_row + block.rows + spec.gap_after - 1))


def _oplaeg_page(ws) -> None:
    """A4 portrait, one page wide, header (title, kommune, date) and footer (page x of y)."""
    from som_xl.report.sheet import TEMPLATE_HEADER, apply_header

    ws.page_setup.orientation = "portrait"
    ws.print_area = f"A1:{get_column_letter(1 + len(L.OPLAEG_COLUMNS))}{L.OPLAEG_LAST_ROW}"
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.6, header=0.3, footer=0.25)
    ws.print_options.horizontalCentered = True
    ws.sheet_view.showGridLines = False
    apply_header(ws, TEMPLATE_HEADER, escape=False)


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, so PDFs (and printouts) do not spill sideways."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _lister(wb: Workbook, knowledge) -> dict[str, int]:
    ws = wb.create_sheet(L.LISTER)
    groups = knowledge.target_groups()
    dynamic = {
        "liste_maalgrupper": [t.name_da for t in groups] + [L.OWN_TARGET_GROUP],
        "liste_maalgruppe_id": [t.target_group for t in groups] + [""],
        "liste_succesmaal": [o.name_da for o in knowledge.outcomes()],
        "liste_varer": [i.item for i in knowledge.items()],
    }
    counts = {}
    for name, (col, header, values) in L.LISTS.items():
        values = dynamic.get(name, values)
        ws.cell(row=1, column=col, value=header).font = S.LABEL_FONT
        for i, v in enumerate(values):
            ws.cell(row=2 + i, column=col, value=v)
        counts[name] = len(values)
    return counts


def _xlwings_conf(wb: Workbook) -> None:
    ws = wb.create_sheet(L.XLWINGS_CONF)
    for i, (key, value) in enumerate(L.XLWINGS_CONF_ROWS, start=1):
        ws.cell(row=i, column=1, value=key)
        ws.cell(row=i, column=2, value=value)


def _erfaringer(wb: Workbook) -> None:
    ws = wb.create_sheet(L.ERFARINGER)
    ws["B1"] = "Erfaringer: beregninger og erfaringer delt mellem kommuner"
    ws["B1"].font = S.TITLE_FONT
    ws["B2"] = ("Udfyld søgefelterne og tryk 'Søg erfaringer' på fanen SØM. 'Del beregning' lægger denne "
                "beregning i databasen; 'Importér beregning' henter input fra det valgte id.")
    ws["B2"].font = S.HELP_FONT
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 40
    _fields(ws, L.EXPERIENCE_SEARCH)
    ws.cell(row=L.EXPERIENCE_STATUS.first_row, column=2, value="Status").font = S.LABEL_FONT
    ws.cell(row=L.EXPERIENCE_STATUS.first_row, column=3).fill = S.OUTPUT_FILL
    _table(ws, L.EXPERIENCE_RESULTS, {})


def add_tornado_chart(wb, n_rows: int) -> None:
    """(Re)create the tornado chart on Følsomhed: total NPV at each factor's two ends."""
    ws = wb[L.FOELSOMHED]
    ws._charts = []
    t = L.TORNADO
    col = {c.key: t.first_col + j for j, c in enumerate(t.columns)}
    first, last = t.first_row, t.first_row + max(1, n_rows) - 1
    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"
    chart.title = "Tornado: samlet nutidsværdi ved lav og høj ende (kr.)"
    chart.x_axis.tickLblPos = "low"
    chart.y_axis.number_format = "#,##0"
    for key in ("low_i alt", "high_i alt"):
        chart.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col["factor"], min_row=first, max_row=last))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, L.CHART_TORNADO_ANCHOR)


def add_oplaeg_chart(wb, n_years: int) -> None:
    """(Re)create the Oplæg chart: net per year by actor (bars) and the cumulative
    discounted net in total (line), from Resultater's per-year table."""
    ws, res = wb[L.OPLAEG], wb[L.RESULTATER]
    ws._charts = []
    y = L.YEARS
    first, last = y.first_row, y.first_row + max(1, n_years) - 1
    col = {c.key: y.first_col + j for j, c in enumerate(y.columns)}
    bar = BarChart()
    bar.type, bar.grouping = "col", "clustered"
    for key in ("net_k", "net_r", "net_s", "cdn_t"):
        chart = bar if key != "cdn_t" else LineChart()
        chart.add_data(Reference(res, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
        if chart is not bar:
            chart.series[0].smooth = False
            chart.set_categories(Reference(res, min_col=col["year"], min_row=first, max_row=last))
            bar += chart
    bar.set_categories(Reference(res, min_col=col["year"], min_row=first, max_row=last))
    bar.y_axis.number_format = "[$-406]#,##0"  # Danish separators in LibreOffice too
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.x_axis.tickLblPos = "low"
    bar.legend.position = "b"
    diagram = L.oplaeg_part("diagram")
    bar.height, bar.width = 0.5 * L.OPLAEG_CHART_ROWS, 19
    ws.add_chart(bar, f"B{diagram.first_row + diagram.rows}")


def add_charts(wb, n_years: int, n_tornado: int = 5) -> None:
    """(Re)create the native charts: two on Resultater for ``n_years`` rows of results,
    and the tornado on Følsomhed."""
    add_tornado_chart(wb, n_tornado)
    if L.OPLAEG in wb.sheetnames:
        add_oplaeg_chart(wb, n_years)
    ws = wb[L.RESULTATER]
    ws._charts = []
    y = L.YEARS
    n = max(1, n_years)
    first, last = y.first_row, y.first_row + n - 1
    col = {c.key: y.first_col + j for j, c in enumerate(y.columns)}
    cats = Reference(ws, min_col=col["year"], min_row=first, max_row=last)

    bar = BarChart()
    bar.type, bar.grouping = "col", "clustered"
    bar.title = "Nettoresultat pr. år fordelt på aktør (kr.)"
    bar.y_axis.title = "kr."
    bar.y_axis.number_format = "#,##0"
    for key in ("net_k", "net_r", "net_s"):
        bar.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    bar.set_categories(cats)
    bar.x_axis.tickLblPos = "low"  # year labels below the bars, also when they are negative
    bar.height, bar.width = 7.5, 18
    ws.add_chart(bar, L.CHART_NET_ANCHOR)

    line = LineChart()
    line.title = "Akkumuleret diskonteret nettoresultat (kr.)"
    line.y_axis.title = "kr."
    line.y_axis.number_format = "#,##0"
    for key in ("cdn_k", "cdn_r", "cdn_s", "cdn_t"):
        line.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    line.set_categories(cats)
    line.x_axis.tickLblPos = "low"
    line.height, line.width = 7.5, 18
    ws.add_chart(line, L.CHART_CDN_ANCHOR)


def build_workbook(knowledge) -> Workbook:
    """The complete SØM workbook (without VBA and ribbon) for ``knowledge``."""
    wb = Workbook()
    wb.remove(wb.active)
    _forside(wb, knowledge)
    _indsats(wb)
    _simple_sheet(wb, L.KONSEKVENSER, "Konsekvenser pr. borger med succes", (L.CONSEQUENCES,))
    _simple_sheet(wb, L.PRISER, "Priser", (L.LOCAL_PRICES, L.OWN_ITEMS, L.PRICES_IN_USE))
    _resultater(wb)
    _oplaeg(wb)
    _foelsomhed(wb)
    _erfaringer(wb)
    viden = wb.create_sheet(L.VIDEN)
    viden["A1"] = "Viden for den valgte målgruppe"
    viden["A1"].font = S.TITLE_FONT
    viden["A2"] = "Skrivebeskyttet visning af vidensdatabasen. Opdateres af 'Opdatér viden' og 'Beregn'."
    viden["A2"].font = S.HELP_FONT
    for j, col in enumerate(L.KNOWLEDGE_VIEW.columns):
        viden.column_dimensions[get_column_letter(1 + j)].width = col.width
    viden.protection.sheet = True
    counts = _lister(wb, knowledge)
    _xlwings_conf(wb)
    for name in L.HIDDEN_SHEETS:
        wb[name].sheet_state = "hidden"
    for ws in wb.worksheets:
        _print_setup(ws)
    _oplaeg_page(wb[L.OPLAEG])
    for name, dest in L.defined_names().items():
        if name in L.LISTS:
            dest = L.list_ref(name, max(1, counts[name]))
        _add_name(wb, name, dest)
    add_charts(wb, 10)
    wb.active = wb.sheetnames.index(L.INDSATS)
    return wb
