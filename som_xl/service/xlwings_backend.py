"""The workbook backend inside Excel: named ranges of an xlwings ``Book``.

Implements :class:`som_xl.workbook.backend.Backend`, so recalculation and Opdatér viden
run the same code in Excel as headless. One range read per ``read`` (the whole named
rectangle with ``options(ndim=2)``) and one range write per ``write``, so a
recalculation costs a handful of round trips to Excel however many lines a case has.

Names are resolved in the workbook (``book.names[name].refers_to_range``), so a range
the user moved by inserting rows is still found. Writes are fitted to the range's
actual size: never beyond it, so nothing below a block is overwritten. Text that
Excel would take for a formula (starting with ``=``, ``+``, ``-`` or ``@``) is written
with a leading apostrophe, as Excel itself does for text, so nothing read from a
knowledge package or a shared case can become a formula. A write to a protected
sheet (Viden) unprotects it (no password) and protects it again.
"""

from __future__ import annotations

import math
from typing import Any

from som_xl.errors import InputError, Problem
from som_xl.workbook import layout as L
from som_xl.workbook.backend import BackendBase, RangeValues, check_extent, missing_range_problem

_FORMULA_START = ("=", "+", "-", "@")


def excel_safe(value: Any) -> Any:
    """A value as written to a cell: formula-like text as text, numpy numbers as floats."""
    kind = type(value)  # the common cases first: this runs for every cell written
    if kind is float:
        return value if math.isfinite(value) else None
    if value is None or kind is int or kind is bool:
        return value
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if hasattr(value, "item") and hasattr(value, "dtype"):  # numpy scalar (np.float64 is a float)
        return excel_safe(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def fit(values: list[list[Any]], rows: int, cols: int, name: str) -> list[list[Any]]:
    """Pad ``values`` to ``rows`` × ``cols`` with blanks; blank overflow is dropped.

    Raises
    ------
    InputError
        When non-blank values do not fit (the user made the named range smaller).
    """
    out = []
    for i, row in enumerate(values):
        row = list(row)
        if (len(row) > cols and any(v not in (None, "") for v in row[cols:])) or (
                i >= rows and any(v not in (None, "") for v in row)):
            raise InputError([Problem(
                "range-too-small", name,
                f"området '{name}' er for lille til resultatet ({len(values)} × {max(map(len, values))} celler, "
                f"området har {rows} × {cols}). Indsæt rækker inde i området, eller lav en ny projektmappe.")])
        if i < rows:
            out.append(row[:cols] + [None] * (cols - len(row[:cols])))
    return out + [[None] * cols for _ in range(rows - len(out))]


class XlwingsBackend(BackendBase):
    """Read and write the workbook's defined names through xlwings; counts range calls.

    Parameters
    ----------
    book : xlwings.Book
        The calling workbook (``xw.Book.caller()``), or any object with the same
        ``names[name].refers_to_range`` interface (tests).
    """

    def __init__(self, book):
        self.book = book
        self.reads = 0
        self.writes = 0

    def _has(self, name: str) -> bool:
        try:
            self.book.names[name]
        except Exception:  # noqa: BLE001 - as in _range
            return False
        return True

    def _range(self, name: str):
        try:
            rng = self.book.names[name].refers_to_range
        except Exception:  # noqa: BLE001 - xlwings raises KeyError, COM or AppleScript errors
            raise InputError([missing_range_problem(name, self._has(L.SETTINGS.name))]) from None
        rows, cols = rng.shape
        check_extent(name, rng.sheet.name, rng.row, rng.column, rng.row + rows - 1, rng.column + cols - 1)
        return rng

    def read(self, name: str) -> RangeValues:
        """All values of the named range (one range read; Excel errors as text, e.g. ``#DIV/0!``)."""
        rng = self._range(name)
        self.reads += 1
        values = rng.options(ndim=2, err_to_str=True).value
        return RangeValues([list(r) for r in values], rng.sheet.name, rng.row, rng.column)

    def write(self, name: str, values: list[list[Any]]) -> None:
        """Write ``values`` over the named range (one range write), fitted to its size."""
        rng = self._range(name)
        rows, cols = rng.shape
        data = [[excel_safe(v) for v in row] for row in fit(values, rows, cols, name)]
        self.writes += 1
        try:
            self.put(rng, data)
        except Exception:
            sheet = rng.sheet
            if not _set_protection(sheet, False):
                raise
            try:
                self.put(rng, data)
            finally:
                _set_protection(sheet, True)

    def show_rows(self, name: str, used: int) -> None:
        """As :meth:`OpenpyxlBackend.show_rows`: where Excel allows it (Windows); elsewhere
        the table keeps its empty rows, which only cost paper."""
        rng = self._range(name)
        first, rows = rng.row, rng.shape[0]
        shown = max(1, min(used, rows))
        try:
            sheet = rng.sheet
            sheet.range(f"{first}:{first + shown - 1}").api.EntireRow.Hidden = False
            if shown < rows:
                sheet.range(f"{first + shown}:{first + rows - 1}").api.EntireRow.Hidden = True
        except Exception:  # noqa: BLE001 - cosmetic: the values are what counts
            pass

    def put(self, rng, data: list[list[Any]]) -> None:
        """Hand ``data`` (already fitted and made safe) to Excel: xlwings' value conversion."""
        rng.value = data

    def alert(self, message: str, title: str = "SØM") -> None:
        """Show ``message`` in Excel's message box (best effort)."""
        self.book.app.alert(message, title=title, mode="critical")


def _set_protection(sheet, protect: bool) -> bool:
    """Protect or unprotect ``sheet`` (no password) on Windows or macOS; False if neither works."""
    api = sheet.api
    for method in (("Protect", "protect") if protect else ("Unprotect", "unprotect")):
        fn = getattr(api, method, None)
        if fn is None:
            continue
        try:
            fn()
            return True
        except Exception:  # noqa: BLE001
            continue
    return False
