"""The few operations the workbook logic needs from a spreadsheet, and an in-memory one.

Reading and writing happen one *named range* at a time, so a recalculation costs a
handful of calls however many lines a case has: the openpyxl backend (headless), the
xlwings backend (Excel) and the in-memory backend (tests) implement the same protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from som_xl.errors import InputError, Problem
from som_xl.fmt import number
from som_xl.workbook import layout as L
from som_xl.workbook.layout import column_index, defined_names, get_column_letter

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_RANGE_CELLS = 50_000
"""Cells one named range may cover; the largest block of the template has 2,800 (a user
who inserts rows inside a table makes it larger, never this large)."""
MAX_RANGE_ROW = 100_000
"""The last row a named range may reach: a sheet longer than this is refused on opening
(``safe_open.MAX_ROWS``), so a write beyond it would lock the user out of the file."""


MISSING_TYPES = ("missing-range", "missing-sheet")
"""Problem types of a block the workbook lacks (an older template tolerates some of them)."""


def is_missing_block(exc: InputError) -> bool:
    """Whether ``exc`` says only that a named range or its sheet is not in the workbook
    (a workbook from an older template), nothing else."""
    return all(p.type in MISSING_TYPES for p in exc.problems)


def missing_range_problem(name: str, has_inputs: bool) -> Problem:
    """The Danish problem for a defined name the workbook lacks. ``has_inputs``: the
    workbook has the template's settings block, so it is som_xl's own workbook from an
    older template (a newer output block is missing), which ``som-xl upgrade`` carries
    over; otherwise the workbook is not made from the template (or the name was deleted)."""
    if has_inputs:
        return Problem("missing-range", name,
                       f"det navngivne område '{name}' mangler i projektmappen: den er lavet med en ældre "
                       "udgave af som_xl's skabelon, eller området er slettet. 'som-xl upgrade' på filen flytter "
                       "dine input over i en ny projektmappe fra den nuværende skabelon og ændrer ikke den gamle "
                       "(uden Python: lav en ny projektmappe og kopiér input over).")
    return Problem("missing-range", name,
                   f"det navngivne område '{name}' mangler i projektmappen; den er ikke lavet ud fra som_xl's "
                   "skabelon, eller området er slettet. Lav en ny projektmappe med 'som-xl new' og kopiér "
                   "input over.")


@dataclass(frozen=True)
class RangeValues:
    """The values of a named range as a full rectangle, and where it actually is."""

    values: list[list[Any]]
    sheet: str
    row: int
    col: int

    def address(self, r: int, c: int) -> str:
        """``"Indsats!D14"`` for offset (r, c) inside the range."""
        return f"{self.sheet}!{get_column_letter(self.col + c)}{self.row + r}"


class Backend(Protocol):
    """Every capability the workbook logic uses; a backend without one inherits
    :class:`BackendBase`'s answer (nothing is probed with ``getattr``)."""

    writes: int
    """Range writes so far (tests of call counts; the Oplæg sheet's direct write counts too)."""

    def read(self, name: str) -> RangeValues:
        """Values of the defined name ``name`` (a full rectangle, blanks as None)."""

    def write(self, name: str, values: list[list[Any]]) -> None:
        """Write a full rectangle of values over the defined name ``name``."""

    def show_rows(self, name: str, used: int) -> None:
        """Show the first ``used`` rows of an output table and hide the rest, where the backend can."""

    def alert(self, message: str, title: str = "SØM") -> None:
        """Show ``message`` in a message box, where there is one."""

    @property
    def formula_cells(self) -> Sequence[str]:
        """Input cells read that held a formula (their cached value was used)."""

    @property
    def external_link_cells(self) -> Sequence[str]:
        """The formula cells that refer to another workbook."""

    @property
    def uncached_cells(self) -> Sequence[str]:
        """The formula cells without a saved value."""

    @property
    def max_draws(self) -> int | None:
        """A server's cap on the Monte Carlo draws per calculation; None: no cap."""

    @property
    def wb(self) -> Workbook | None:
        """The openpyxl workbook underneath (sheet formatting, merged cells); None in Excel and in memory."""

    @property
    def book(self) -> Any:
        """The Excel workbook underneath (an xlwings ``Book``); None outside Excel."""


class BackendBase:
    """What a backend answers for a capability it does not have: no formulas read, no cap
    on draws, no openpyxl or Excel workbook underneath, rows and alerts left alone."""

    reads: int = 0
    writes: int = 0
    formula_cells: Sequence[str] = ()
    external_link_cells: Sequence[str] = ()
    uncached_cells: Sequence[str] = ()
    max_draws: int | None = None
    wb: Workbook | None = None
    book: Any = None

    def show_rows(self, name: str, used: int) -> None:
        """Nothing: the table keeps its empty rows (they only cost paper)."""

    def alert(self, message: str, title: str = "SØM") -> None:
        """Nothing: no message box here (the status cell on Resultater says it)."""


def parse_destination(dest: str) -> tuple[str, int, int, int, int]:
    """``"'Indsats'!$C$5:$C$20"`` → (sheet, row1, col1, row2, col2)."""
    sheet, ref = dest.rsplit("!", 1)
    sheet = sheet.strip("'").replace("''", "'")
    parts = ref.replace("$", "").split(":")

    def split(cell: str) -> tuple[int, int]:
        letters = "".join(ch for ch in cell if ch.isalpha())
        return int(cell[len(letters):]), column_index(letters)

    r1, c1 = split(parts[0])
    r2, c2 = split(parts[-1])
    return sheet, r1, c1, r2, c2


def check_extent(name: str, sheet: str, r1: int, c1: int, r2: int, c2: int, written_rows: int = 0) -> None:
    """Refuse a named range that is too large to read, or that a write would carry past
    :data:`MAX_RANGE_ROW`, before any cell is touched (a name pointing at whole columns).

    ``written_rows``: the rows a write puts from ``r1`` down (0 for a read).
    """
    rows, cols = abs(r2 - r1) + 1, abs(c2 - c1) + 1
    last = max(r1, r2, r1 + written_rows - 1)
    if rows * cols <= MAX_RANGE_CELLS and last <= MAX_RANGE_ROW:
        return
    ref = f"{get_column_letter(min(c1, c2))}{min(r1, r2)}:{get_column_letter(max(c1, c2))}{max(r1, r2)}"
    raise InputError([Problem(
        "range-too-large", f"{sheet}!{get_column_letter(min(c1, c2))}{min(r1, r2)}",
        f"det navngivne område '{name}' peger på {sheet}!{ref} ({number(rows)} rækker × {cols} kolonner); et område "
        f"må højst have {number(MAX_RANGE_CELLS)} celler og ligge over række {number(MAX_RANGE_ROW)}. Ret det under "
        "Formler → Navnestyring, eller lav en ny projektmappe med 'som-xl new' og kopiér input over.")])


@dataclass
class MemoryBackend(BackendBase):
    """A workbook as a dict of cells; counts reads and writes (tests of call counts)."""

    cells: dict[tuple[str, int, int], Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=defined_names)
    reads: int = 0
    writes: int = 0

    def _rect(self, name: str):
        return parse_destination(self.names[name])

    def read(self, name: str) -> RangeValues:
        self.reads += 1
        sheet, r1, c1, r2, c2 = self._rect(name)
        values = [[self.cells.get((sheet, r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return RangeValues(values, sheet, r1, c1)

    def write(self, name: str, values: list[list[Any]]) -> None:
        self.writes += 1
        sheet, r1, c1, r2, c2 = self._rect(name)
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                self.cells[(sheet, r1 + i, c1 + j)] = v

    def set(self, name: str, r: int, c: int, value: Any) -> None:
        """Type into a cell of a named range (offsets from its top-left)."""
        sheet, r1, c1, _, _ = self._rect(name)
        self.cells[(sheet, r1 + r, c1 + c)] = value


class OlderTemplateBackend(BackendBase):
    """Reads a workbook made from an older template through ``backend``: a block the older
    template did not have reads as the current template's blank block, and its name is kept
    in :attr:`missing`. The settings block must be there (without it the workbook is not
    som_xl's). Only for reading the inputs to carry them over (``som-xl upgrade``); it
    writes nothing."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self.missing: list[str] = []

    def read(self, name: str) -> RangeValues:
        try:
            return self._backend.read(name)
        except InputError as exc:
            if name == L.SETTINGS.name or not is_missing_block(exc):
                raise
        self.missing.append(name)
        sheet, r1, c1, r2, c2 = parse_destination(defined_names()[name])
        return RangeValues([[None] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)], sheet, r1, c1)

    def write(self, name: str, values: list[list[Any]]) -> None:
        raise TypeError("OlderTemplateBackend only reads")

    @property
    def formula_cells(self) -> Sequence[str]:  # type: ignore[override]
        return self._backend.formula_cells

    @property
    def external_link_cells(self) -> Sequence[str]:  # type: ignore[override]
        return self._backend.external_link_cells

    @property
    def uncached_cells(self) -> Sequence[str]:  # type: ignore[override]
        return self._backend.uncached_cells

    @property
    def wb(self) -> Workbook | None:  # type: ignore[override]
        return self._backend.wb
