"""A report document (:class:`som_xl.report.Document`) laid out on a fresh sheet, top to
bottom: title, subtitle, then each section's heading, paragraphs (merged across the
columns, wrapped) and table. Used for the portfolio's Resumé sheet, whose length depends
on the document (the case's Oplæg sheet has a fixed layout instead, in the template).

Row heights are set from the text (LibreOffice keeps stored heights and would cut
wrapped text), with the same line measure as the Oplæg sheet.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font

from som_xl.workbook import styles as S
from som_xl.workbook.layout import get_column_letter
from som_xl.workbook.oplaeg_heights import LINE_PT, lines_needed

_TITLE = Font(name="Calibri", size=16, bold=True, color="1F4E79")
_SUBTITLE = Font(name="Calibri", size=10, italic=True, color="595959")
_HEAD = Font(name="Calibri", size=11, bold=True, color="1F4E79")
_BODY = Font(name="Calibri", size=9)
_TABLE_HEAD = Font(name="Calibri", size=9, bold=True, color="FFFFFF")


def _text_row(ws, row: int, text: str, font: Font, widths: tuple[float, ...], size: int) -> None:
    last = 1 + len(widths)
    cell = ws.cell(row=row, column=2, value=text)
    cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="top")
    cell.data_type = "s"
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
    ws.row_dimensions[row].height = max(1, lines_needed(text, sum(widths), size)) * LINE_PT.get(size, 12.0) + 2


def _table(ws, row: int, headers, rows, widths: tuple[float, ...]) -> int:
    """Header row and body rows from ``row``; returns the next free row."""
    for r, values in enumerate((headers, *rows)):
        lines = 1
        for j, v in enumerate(values):
            cell = ws.cell(row=row + r, column=2 + j, value=v or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="right" if j and str(v).endswith(("kr.", "%")) else None)
            cell.font = _TABLE_HEAD if r == 0 else _BODY
            if r == 0:
                cell.fill = S.HEADER_FILL
            else:
                cell.border = Border(bottom=S.THIN)
            lines = max(lines, lines_needed(str(v), widths[j] if j < len(widths) else widths[-1], 9))
        ws.row_dimensions[row + r].height = lines * LINE_PT[9] + 2
    return row + len(rows) + 1


def write_document(ws, doc, widths: tuple[float, ...], chart_rows: int = 16) -> int | None:
    """Write ``doc`` on ``ws`` (columns B onwards, ``widths`` wide); return the row where
    the first section marked ``chart`` leaves room for a chart (None if none is)."""
    ws.column_dimensions["A"].width = 2
    for j, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(2 + j)].width = w
    ws.sheet_view.showGridLines = False
    _text_row(ws, 1, doc.title, _TITLE, widths, 16)
    _text_row(ws, 2, doc.subtitle, _SUBTITLE, widths, 10)
    row, chart_at = 4, None
    for s in doc.sections:
        ws.cell(row=row, column=2, value=s.title).font = _HEAD
        row += 1
        for p in s.paragraphs:
            _text_row(ws, row, p, _BODY, widths, 9)
            row += 1
        if s.table is not None:
            row = _table(ws, row, s.table.headers, s.table.rows, widths)
        if s.chart and chart_at is None:
            chart_at = row
            for r in range(row, row + chart_rows):
                ws.row_dimensions[r].height = 15
            row += chart_rows
        row += 1
    return chart_at
