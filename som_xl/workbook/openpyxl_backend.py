"""The headless backend: named ranges of an openpyxl workbook.

Reads resolve each defined name in the workbook itself (so ranges a user moved are
still found). A formula in an input cell is never evaluated: its cached value (what Excel
last computed and saved) is read, and the cell is listed in ``formula_cells`` for a
warning; a link to another file is never followed. Values are written as values; text that looks like a
formula is stored as text, so nothing from a knowledge package or a shared case can become a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from som_xl.errors import InputError, Problem
from som_xl.workbook import layout as L
from som_xl.workbook.backend import BackendBase, RangeValues, check_extent, missing_range_problem, parse_destination
from som_xl.workbook.layout import get_column_letter
from som_xl.workbook.safe_open import open_workbook

_EXTERNAL_REF = re.compile(r"\[[^\]]+\]")  # '[other.xlsx]Ark1'!A1, or [1]Ark1!A1 once loaded
_FORMULA_START = ("=", "+", "-", "@")


def _is_formula_object(v: Any) -> bool:
    """Array and data-table formulas, which openpyxl gives as objects, not ``"=…"`` text."""
    return isinstance(v, (ArrayFormula, DataTableFormula))


class OpenpyxlBackend(BackendBase):
    """Read and write named ranges of an openpyxl ``Workbook``; counts calls."""

    def __init__(self, wb: Workbook, values_wb: Workbook | None = None, path: Path | None = None):
        self.wb: Workbook = wb
        self._values_wb = values_wb
        self.path = path
        """The file ``wb`` was loaded from: formula cells' cached values are read from it (never written)."""
        self.reads = 0
        self.writes = 0
        self.formula_cells: list[str] = []
        """Input cells that held a formula; their cached value was used (warned about)."""
        self.external_link_cells: list[str] = []
        """The subset of ``formula_cells`` that refer to another workbook (never opened)."""
        self.uncached_cells: list[str] = []
        """Formula cells without a saved value (a file never calculated by Excel): an error."""
        self.cached_values: dict[tuple[str, str], Any] = {}
        """(sheet, cell) → the cached value read, for :func:`save_workbook` to put back."""

    def show_rows(self, name: str, used: int) -> None:
        """Show the first ``used`` rows of the named output range (at least one) and hide the
        rest, so a printout holds no empty rows of a table that is longer than its results."""
        sheet, r1, _, r2, _ = self.destination(name, merged_ok=True)
        dims = self.wb[sheet].row_dimensions
        for r in range(r1, r2 + 1):
            dims[r].hidden = r >= r1 + max(1, used)

    def destination(self, name: str, written_rows: int = 0, merged_ok: bool = False) -> tuple[str, int, int, int, int]:
        """Where the defined name ``name`` points: (sheet, row1, col1, row2, col2), checked —
        the name exists and points at cells of a sheet there is, within bounds
        (:func:`~som_xl.workbook.backend.check_extent`, ``written_rows`` for a write) and,
        unless ``merged_ok``, without merged cells inside. Danish :class:`InputError` otherwise."""
        dn = self.wb.defined_names.get(name)
        if dn is None:
            raise InputError([missing_range_problem(name, L.SETTINGS.name in self.wb.defined_names)])
        try:
            sheet, r1, c1, r2, c2 = parse_destination(dn.attr_text)
        except (ValueError, IndexError):
            raise InputError([Problem("bad-range", name,
                                      f"det navngivne område '{name}' peger ikke på et område af celler "
                                      f"(fik {str(dn.attr_text)[:80]!r}); ret det under Formler → Navnestyring, "
                                      "eller lav en ny projektmappe med 'som-xl new'.")]) from None
        if sheet not in self.wb.sheetnames:
            raise InputError([Problem("missing-sheet", name, f"arket '{sheet}' mangler i projektmappen.")])
        check_extent(name, sheet, r1, c1, r2, c2, written_rows)
        if not merged_ok:
            self._check_not_merged(name, sheet, r1, c1, r2, c2)
        return sheet, r1, c1, r2, c2

    def _check_not_merged(self, name: str, sheet: str, r1: int, c1: int, r2: int, c2: int) -> None:
        """Merged cells inside a named range hide values (only the first cell of a merge
        holds one) and cannot be written: refuse them, naming the merge and the range. A
        merge whose first cell is the only one in the range is harmless (a wide headline)."""
        for merged in self.wb[sheet].merged_cells.ranges:
            top, bottom = max(r1, merged.min_row), min(r2, merged.max_row)
            left, right = max(c1, merged.min_col), min(c2, merged.max_col)
            if top > bottom or left > right:
                continue  # no overlap
            if (top, left, bottom, right) == (merged.min_row, merged.min_col, merged.min_row, merged.min_col):
                continue  # only the merge's first cell is in the range (e.g. a headline spread wide)
            whole = f"{sheet}!{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
            raise InputError([Problem(
                "merged-cells", f"{sheet}!{merged.coord}",
                f"cellerne {merged.coord} er flettet og ligger i området '{name}' ({whole}); ophæv "
                "fletningen (Start → Flet og centrer), så hver værdi har sin egen celle.")])

    def values_workbook(self):
        """The workbook loaded with ``data_only=True`` (formulas' cached values), once; None
        for a workbook that exists only in memory."""
        if self._values_wb is None and self.path:
            self._values_wb = open_workbook(self.path, data_only=True)  # checked like every open
        return self._values_wb

    def read(self, name: str) -> RangeValues:
        self.reads += 1
        sheet, r1, c1, r2, c2 = self.destination(name)
        ws = self.wb[sheet]
        values = []
        for i, row in enumerate(ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2)):
            out = []
            for j, cell in enumerate(row):
                v = cell.value
                # a formula by the cell's type: text that merely starts with "=" is text
                if cell.data_type == "f" or _is_formula_object(v):
                    where = f"{sheet}!{get_column_letter(c1 + j)}{r1 + i}"
                    if isinstance(v, str) and _EXTERNAL_REF.search(v):
                        self.external_link_cells.append(where)
                    v = self._cached_value(sheet, r1 + i, c1 + j, where)
                out.append(v)
            values.append(out)
        return RangeValues(values, sheet, r1, c1)

    def _cached_value(self, sheet: str, row: int, col: int, where: str) -> Any:
        """A formula's last computed value (never evaluated or followed here); remembered,
        so the save can put it back (openpyxl drops cached values when it saves)."""
        self.formula_cells.append(where)
        vwb = self.values_workbook()
        value = None if vwb is None else vwb[sheet].cell(row=row, column=col).value
        if value is None:
            self.uncached_cells.append(where)
        else:
            self.cached_values[(sheet, where.rsplit("!", 1)[1])] = value
        return value

    def write(self, name: str, values: list[list[Any]]) -> None:
        self.writes += 1
        sheet, r1, c1, _, _ = self.destination(name, written_rows=len(values))
        ws = self.wb[sheet]
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                cell = ws.cell(row=r1 + i, column=c1 + j)
                if isinstance(v, str):
                    v = ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)  # control characters cannot be stored
                cell.value = v
                if isinstance(v, str) and v.startswith(_FORMULA_START):
                    cell.data_type = "s"  # text, never a formula


def open_backend(path) -> OpenpyxlBackend:
    """The workbook at ``path`` (checked by :func:`~som_xl.workbook.safe_open.open_workbook`)
    as a backend that reads formulas' cached values from the same file."""
    return OpenpyxlBackend(open_workbook(Path(path)), path=Path(path))
