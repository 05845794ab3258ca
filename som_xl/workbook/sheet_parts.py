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


def table(ws, block: L.Block, validations: dict) -> None:
    """Headers, help row, body styles and validations of a table block."""
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
        if f.kind in S.NUMBER_FORMATS:
            cell.number_format = S.NUMBER_FORMATS[f.kind]
        ws.cell(row=row, column=col + 1, value=f.help).font = S.HELP_FONT
        dv = validation(f.kind, f.options, f.help, f.label)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)


def print_setup(ws) -> None:
    """A4 landscape, one page wide, so PDFs (and printouts) do not spill sideways."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
