"""Test helpers: workbook payloads exactly as an Office.js client sends them, and the
answer's actions applied back to an openpyxl workbook the way Excel applies them.

:func:`payload` builds xlwings' Office.js format (``client``, ``version``, ``book``,
``names``, ``sheets`` with values from A1, empty cells as ``""``, dates as ISO text with
``Z``) from a real ``.xlsx``: either everything, as xlwings' own client sends it, or only
what a command needs (``spec`` from ``GET /addin/api/commands``), as SØM's client sends it
(read ranges only, no trailing blank rows or columns).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from som_xl.workbook.backend import parse_destination

VERSION = "0.37.8"


def _js(value: Any) -> Any:
    """A cell value as Office.js gives it (``range.values``), dates as xlwings' client sends them."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat(timespec="milliseconds") + "Z"
    return value


def _ranges(wb) -> dict[str, tuple[str, int, int, int, int]]:
    """Book-scoped names that refer to a plain range (Office.js type "Range")."""
    out = {}
    for name, dn in wb.defined_names.items():
        try:
            out[name] = parse_destination(dn.attr_text)
        except (ValueError, IndexError):
            continue  # a formula name such as OFFSET(...): not a "Range" item
    return out


def address(r1: int, c1: int, r2: int, c2: int) -> str:
    """``"C5:C20"`` (``"C5"`` for one cell): Office.js's ``range.address`` after the sheet name."""
    first = f"{get_column_letter(c1)}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{get_column_letter(c2)}{r2}"


def trim(values: list[list[Any]]) -> list[list[Any]]:
    """Without trailing blank rows and columns, as SØM's client sends a sheet; ``[[]]`` if empty."""
    rows = len(values)
    while rows and all(v == "" for v in values[rows - 1]):
        rows -= 1
    cols = max((max((c + 1 for c, v in enumerate(row) if v != ""), default=0) for row in values[:rows]),
               default=0)
    return [row[:cols] for row in values[:rows]] if rows else [[]]


def payload(wb_or_path, spec: dict | None = None, book_name: str = "Sag.xlsx") -> dict[str, Any]:
    """The request body for a workbook (openpyxl ``Workbook`` or path)."""
    wb = wb_or_path if isinstance(wb_or_path, openpyxl.Workbook) else openpyxl.load_workbook(wb_or_path)
    ranges = _ranges(wb)
    index = {name: i for i, name in enumerate(wb.sheetnames)}
    if spec is not None:
        ranges = {n: ranges[n] for n in spec["names"] if n in ranges}  # in the order the client asks
    names = [{"name": n, "sheet_index": index[s], "scope_sheet_name": None, "scope_sheet_index": None,
              "book_scope": True,
              "address": address(r1, c1, r2, c2)}
             for n, (s, r1, c1, r2, c2) in ranges.items()]
    sheets = []
    for ws in wb.worksheets:
        if spec is None:
            values = [[_js(c.value) for c in row] for row in
                      ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1))]
        else:
            reads = [r for n, r in ranges.items() if n in spec["reads"] and r[0] == ws.title]
            if not reads:
                values = [[]]
            else:
                rows, cols = max(r[3] for r in reads), max(r[4] for r in reads)
                values = [[""] * cols for _ in range(rows)]
                for _, r1, c1, r2, c2 in reads:
                    for r in range(r1, r2 + 1):
                        for c in range(c1, c2 + 1):
                            values[r - 1][c - 1] = _js(ws.cell(row=r, column=c).value)
            values = trim(values)
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": []})
    return {"client": "Office.js", "version": VERSION,
            "book": {"name": book_name, "active_sheet_index": 0, "selection": None},
            "names": names, "sheets": sheets}


def excel_value(v: Any) -> Any:
    """What a cell holds after Office.js writes ``v``: ``""`` is blank, a leading apostrophe marks text."""
    if v == "" or v is None:
        return None
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    return v


def apply_actions(wb, actions: list[dict]) -> list[dict]:
    """Apply ``setValues`` to ``wb`` as Excel would; returns the other actions (alerts, activate).

    Raises AssertionError if a non-blank value would land in a covered cell of a merge
    (Excel refuses that write).
    """
    rest = []
    for a in actions:
        if a["func"] != "setValues":
            rest.append(a)
            continue
        ws = wb.worksheets[a["sheet_position"]]
        assert len(a["values"]) == a["row_count"] and all(len(r) == a["column_count"] for r in a["values"])
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                cell = ws.cell(row=a["start_row"] + 1 + i, column=a["start_column"] + 1 + j)
                if isinstance(cell, MergedCell):
                    assert excel_value(v) is None, f"value {v!r} into merged cell {cell.coordinate}"
                    continue
                cell.value = excel_value(v)
    return rest
