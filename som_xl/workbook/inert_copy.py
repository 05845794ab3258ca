"""Make a loaded workbook inert: values only, nothing that runs, fetches or points outside.

``som-xl share`` sends a copy to other municipalities; it must open anywhere without a
macro warning and without anything that could run or reach out when opened. The copy
is loaded with ``data_only=True`` (every formula replaced by the value Excel last
computed), then :func:`make_inert` removes what else a file can carry:

* VBA, the ribbon, and the hidden ``xlwings.conf`` sheet;
* every defined name (print areas and print titles are kept: they are per sheet);
* external links (``xl/externalLinks``) and cell hyperlinks (external relationships);
* data validations, conditional formatting, tables and pivot tables (their formulas);
* charts, images and legacy drawings from the file (the copy's charts are made anew by
  :func:`som_xl.workbook.charts.add_charts`, over the copy's own cells);
* custom document properties.

openpyxl writes no custom XML parts, connections, OLE objects or ActiveX controls it
did not create, so those never reach the copy.
"""

from __future__ import annotations


def freeze_formulas(wb, values_wb) -> int:
    """Replace every formula in ``wb`` by its cached value from ``values_wb`` (the same file
    loaded with ``data_only=True``; None: blanks). Returns how many cells were formulas."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

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


def make_inert(wb) -> None:
    """Strip ``wb`` (loaded with ``data_only=True``) down to values, styles and print set-up."""
    from som_xl.workbook import layout as L

    wb.vba_archive = None
    if L.XLWINGS_CONF in wb.sheetnames:
        del wb[L.XLWINGS_CONF]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb._external_links = []
    if hasattr(wb, "custom_doc_props"):
        from openpyxl.packaging.custom import CustomPropertyList

        wb.custom_doc_props = CustomPropertyList()
    for ws in wb.worksheets:
        _strip_sheet(ws)


def _strip_sheet(ws) -> None:
    from openpyxl.formatting.formatting import ConditionalFormattingList
    from openpyxl.worksheet.datavalidation import DataValidationList

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
