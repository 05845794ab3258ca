"""Make an openpyxl workbook inert: values only, nothing that runs, fetches or points outside.

For a copy sent to others, which must open anywhere without a macro warning and without
anything that could run or reach out when opened. Load the file with ``data_only=True``
(every formula replaced by the value Excel last computed), or call
:func:`freeze_formulas` on a normally loaded one, then :func:`make_inert` removes:

* VBA (and with it the ribbon's callbacks) and any sheets the caller names;
* every defined name (print areas and print titles are kept: they are per sheet);
* external links (``xl/externalLinks``) and cell hyperlinks (external relationships);
* data validations, conditional formatting, tables and pivot tables (their formulas);
* charts, images and legacy drawings (a caller draws its own anew);
* custom document properties.

openpyxl writes no custom XML parts, connections, OLE objects or ActiveX controls it did
not create, so those never reach the copy. Needs openpyxl (imported on use).
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.packaging.custom import CustomPropertyList
from openpyxl.worksheet.datavalidation import DataValidationList
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula


def freeze_formulas(wb, values_wb) -> int:
    """Replace every formula in ``wb`` by its cached value from ``values_wb`` (the same file
    loaded with ``data_only=True``; None: blanks). Returns how many cells were formulas."""
    n = 0
    for ws in wb.worksheets:
        values = values_wb[ws.title] if values_wb is not None and ws.title in values_wb.sheetnames else None
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula)):
                    value = None if values is None else values[cell.coordinate].value
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"  # a text result that starts with "=" stays text
                    n += 1
    return n


def make_inert(wb, drop_sheets: Iterable[str] = ()) -> None:
    """Strip ``wb`` (loaded with ``data_only=True``) down to values, styles and print set-up;
    the sheets named in ``drop_sheets`` (an add-in's settings sheet, say) are removed."""
    wb.vba_archive = None
    for name in drop_sheets:
        if name in wb.sheetnames:
            del wb[name]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb._external_links = []
    if hasattr(wb, "custom_doc_props"):
        wb.custom_doc_props = CustomPropertyList()
    for ws in wb.worksheets:
        _strip_sheet(ws)


def _strip_sheet(ws) -> None:
    for name in list(getattr(ws, "defined_names", {})):
        del ws.defined_names[name]
    ws.data_validations = DataValidationList()
    ws.conditional_formatting = ConditionalFormattingList()
    ws._hyperlinks = []
    for row in ws.iter_rows():
        for cell in row:
            if cell.hyperlink is not None:
                cell.hyperlink = None
            if cell.data_type == "f":  # no cached value was found: a blank, never a formula
                cell.value = None
    for table in list(ws.tables):
        del ws.tables[table]
    ws._pivots = []
    ws._charts = []
    ws._images = []
    ws.legacy_drawing = None
