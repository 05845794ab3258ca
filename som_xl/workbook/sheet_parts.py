"""Building blocks the sheet builders share: a titled sheet, a settings column of
fields, a table with headers and validations, and the print set-up."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from som_xl.workbook import layout as L
from som_xl.workbook import styles as S
from som_xl.workbook.layout import get_column_letter


def titled_sheet(wb, name: str, title: str, help_text: str = "", col: str = "B", row: int = 1):
    """A new sheet with its Danish title (and a short help line under it)."""
    ws = wb.create_sheet(name)
    ws[f"{col}{row}"] = title
    ws[f"{col}{row}"].font = S.TITLE_FONT
    if help_text:
        ws[f"{col}{row + 1}"] = help_text
        ws[f"{col}{row + 1}"].font = S.HELP_FONT
    return ws


def validation(kind: str, options: str, help_text: str, title: str, n_options: int | None = None):
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


def section(ws, row: int, col: int, title: str, help_text: str = "") -> None:
    ws.cell(row=row, column=col, value=title).font = S.SECTION_FONT
    if help_text:
        ws.cell(row=row + 1, column=col, value=help_text).font = S.HELP_FONT


def header_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes, wrapped at words, in a column ``width`` characters wide
    (a character of room is the cell's margin).

    >>> header_lines("Omkostninger kommune", 13), header_lines("Akk. diskonteret netto region", 13)
    (2, 3)
    """
    room = max(1, int(width) - 1)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def table(ws, block: L.Block, validations: dict) -> None:
    """Headers, help row, body styles and validations of a table block. The header row is
    as tall as its longest header needs (a header cut after one line could not tell the
    actors' columns apart)."""
    section(ws, block.first_row - 3, block.first_col, block.title, block.help)
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
            if col.wrap:
                body.alignment = S.WRAP
    lines = max(header_lines(col.header, ws.column_dimensions[get_column_letter(block.first_col + j)].width)
                for j, col in enumerate(block.columns))
    if lines > 1:
        ws.row_dimensions[header_row].height = max(ws.row_dimensions[header_row].height or 0, 15.0 * lines)
        if not block.output:
            dv = validation(col.kind, col.options, col.help, col.header)
            if dv is not None:
                key = (col.kind, col.options, col.help, col.header)
                if key not in validations:
                    validations[key] = dv
                    ws.add_data_validation(dv)
                validations[key].add(f"{letter}{block.first_row}:{letter}{block.first_row + block.rows - 1}")


def fields(ws, block: L.Block) -> None:
    """A settings column: label, input cell (with its default), help text, validation."""
    section(ws, block.first_row - 1, 2, block.title)
    for f in block.fields:
        row, col = L.field_cell(f)
        ws.cell(row=row, column=2, value=f.label + (" *" if f.required else "")).font = S.LABEL_FONT
        cell = ws.cell(row=row, column=col, value=f.default)
        cell.fill, cell.border = S.INPUT_FILL, S.BORDER
        if f.number_format or f.kind in S.NUMBER_FORMATS:
            cell.number_format = f.number_format or S.NUMBER_FORMATS[f.kind]
        ws.cell(row=row, column=col + 1, value=f.help).font = S.HELP_FONT
        dv = validation(f.kind, f.options, f.help, f.label)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)


def print_setup(ws) -> None:
    """A4 landscape, one page wide, so PDFs (and printouts) do not spill sideways; narrow
    margins (1 cm at the sides), as a wide sheet then prints larger."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
