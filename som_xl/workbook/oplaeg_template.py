"""The Oplæg sheet's layout in the template (A4 portrait print page): fonts, merged
paragraph rows, row heights and the page break. The text itself is written by
:mod:`som_xl.workbook.oplaeg_sheet` on every recalculation."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from som_xl.workbook import layout as L
from som_xl.workbook import styles as S
from som_xl.workbook.layout import get_column_letter
from som_xl.workbook.oplaeg_sheet import TEMPLATE_HEADER, apply_header

_OPL_BODY = Font(name="Calibri", size=9)
_OPL_HEAD = Font(name="Calibri", size=11, bold=True, color="1F4E79")
_OPL_RIGHT = {"noegletal": (1, 2, 3, 4), "usikkerhed": (3, 4, 5), "omkostninger": (4,), "priser": (2,),
              "opfoelgning": (1, 2, 3)}
_OPL_CENTER = {"omkostninger": (5,), "priser": (3,)}


def _opl_align(key: str, j: int) -> str | None:
    return "right" if j in _OPL_RIGHT.get(key, ()) else "center" if j in _OPL_CENTER.get(key, ()) else None


def build_oplaeg_sheet(wb) -> None:
    """The Oplæg sheet: styles, merged paragraph rows and heights for every block; all
    text is written by recalculation (:mod:`som_xl.workbook.oplaeg_sheet`)."""
    ws = wb.create_sheet(L.OPLAEG)
    ws.column_dimensions["A"].width = 2
    for j, col in enumerate(L.OPLAEG_COLUMNS):
        ws.column_dimensions[get_column_letter(2 + j)].width = col.width
    last = get_column_letter(1 + len(L.OPLAEG_COLUMNS))
    for spec, block in zip(L.OPLAEG_SECTIONS, L.OPLAEG_PARTS, strict=True):
        r0, body = block.first_row, block.first_row + block.rows - spec.body_rows
        lines = spec.lines or (1,) * spec.body_rows
        if spec.key == "titel":
            fonts = (Font(name="Calibri", size=16, bold=True, color="1F4E79"),
                     Font(name="Calibri", size=10, italic=True, color="595959"))
        else:
            ws.cell(row=r0, column=2).font = _OPL_HEAD  # not merged: the heading overflows to the right
            fonts = (Font(name="Calibri", size=10),) * spec.body_rows if spec.key == "kort" else (_OPL_BODY,
                                                                                                  ) * spec.body_rows
        if spec.kind in ("table", "pairs"):
            for j in range(block.width):
                cell = ws.cell(row=body - 1, column=2 + j)
                # An optional section is often blank: no filled bar or lines where it has no text.
                cell.font = Font(name="Calibri", size=9, bold=True, color="1F4E79" if spec.optional else "FFFFFF")
                if not spec.optional:
                    cell.fill = S.HEADER_FILL
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
                if spec.kind != "paragraphs" and not spec.optional:
                    cell.border = Border(bottom=S.THIN)
        if spec.key == L.OPLAEG_PAGE_BREAK_AFTER:
            ws.row_breaks.append(Break(id=block.first_row + block.rows + spec.gap_after - 1))


def oplaeg_page(ws) -> None:
    """A4 portrait, one page wide, header (title, kommune, date) and footer (page x of y)."""
    ws.page_setup.orientation = "portrait"
    ws.print_area = f"A1:{get_column_letter(1 + len(L.OPLAEG_COLUMNS))}{L.OPLAEG_LAST_ROW}"
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.6, header=0.3, footer=0.25)
    ws.print_options.horizontalCentered = True
    ws.sheet_view.showGridLines = False
    apply_header(ws, TEMPLATE_HEADER, escape=False)
