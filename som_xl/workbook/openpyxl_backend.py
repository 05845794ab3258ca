"""The headless backend: named ranges of an openpyxl workbook.

Reads resolve each defined name in the workbook itself (so ranges a user moved are
still found). Values are written as values; text that looks like a formula is stored
as text, so nothing from a knowledge package or a shared case can become a formula.
"""

from __future__ import annotations

from typing import Any

from som_xl.errors import InputError, Problem
from som_xl.workbook.backend import RangeValues, parse_destination

_FORMULA_START = ("=", "+", "-", "@")


class OpenpyxlBackend:
    """Read and write named ranges of an openpyxl ``Workbook``; counts calls."""

    def __init__(self, wb, values_wb=None):
        self.wb = wb
        self._values_wb = values_wb
        self.reads = 0
        self.writes = 0
        self.formula_cells: list[str] = []
        """Input cells that held a formula; their cached value was used (warned about)."""

    def _destination(self, name: str) -> tuple[str, int, int, int, int]:
        dn = self.wb.defined_names.get(name)
        if dn is None:
            raise InputError([Problem("missing-range", name,
                                      f"det navngivne område '{name}' mangler i projektmappen; den er ikke "
                                      "lavet ud fra som_xl's skabelon, eller området er slettet. "
                                      "Lav en ny projektmappe med 'som-xl new' og kopiér input over.")])
        sheet, r1, c1, r2, c2 = parse_destination(dn.attr_text)
        if sheet not in self.wb.sheetnames:
            raise InputError([Problem("missing-sheet", name, f"arket '{sheet}' mangler i projektmappen.")])
        return sheet, r1, c1, r2, c2

    def _values_workbook(self):
        if self._values_wb is None and getattr(self, "path", None):
            from openpyxl import load_workbook

            self._values_wb = load_workbook(self.path, data_only=True, read_only=False)
        return self._values_wb

    def read(self, name: str) -> RangeValues:
        self.reads += 1
        sheet, r1, c1, r2, c2 = self._destination(name)
        ws = self.wb[sheet]
        values = [list(row) for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2,
                                                     values_only=True)]
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if isinstance(v, str) and v.startswith("="):
                    values[i][j] = self._cached_value(sheet, r1 + i, c1 + j)
        return RangeValues(values, sheet, r1, c1)

    def _cached_value(self, sheet: str, row: int, col: int) -> Any:
        """A formula's last computed value (never evaluated or followed here)."""
        from som_xl.workbook.layout import get_column_letter

        self.formula_cells.append(f"{sheet}!{get_column_letter(col)}{row}")
        vwb = self._values_workbook()
        return None if vwb is None else vwb[sheet].cell(row=row, column=col).value

    def write(self, name: str, values: list[list[Any]]) -> None:
        self.writes += 1
        sheet, r1, c1, _, _ = self._destination(name)
        ws = self.wb[sheet]
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                cell = ws.cell(row=r1 + i, column=c1 + j)
                cell.value = v
                if isinstance(v, str) and v.startswith(_FORMULA_START):
                    cell.data_type = "s"  # text, never a formula
