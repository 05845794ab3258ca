"""Building blocks of the layout contract: sheet names, value kinds, Field/Column/Block."""

from __future__ import annotations

from dataclasses import dataclass


def get_column_letter(col: int) -> str:
    """1 → "A", 27 → "AA" (kept here so the layout imports nothing heavy)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" → 1, "AA" → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


# Sheet names (Danish, as the users see them).
FORSIDE = "Forside"
INDSATS = "Indsats"
KONSEKVENSER = "Konsekvenser"
PRISER = "Priser"
RESULTATER = "Resultater"
OPLAEG = "Oplæg"
FOELSOMHED = "Følsomhed"
OPFOELGNING = "Opfølgning"
ERFARINGER = "Erfaringer"
VIDEN = "Viden"
LISTER = "Lister"
XLWINGS_CONF = "xlwings.conf"

SHEET_ORDER = (FORSIDE, INDSATS, KONSEKVENSER, PRISER, RESULTATER, OPLAEG, FOELSOMHED, OPFOELGNING, ERFARINGER, VIDEN,
               LISTER, XLWINGS_CONF)
HIDDEN_SHEETS = (LISTER, XLWINGS_CONF)

# Value kinds: how a cell is validated, formatted and converted.
TEXT, INT, YEAR, PERCENT, MONEY, NUMBER, LIST = "text", "int", "year", "percent", "money", "number", "list"


@dataclass(frozen=True)
class Field:
    """One input cell of a settings block."""

    key: str
    """Path in the case data, e.g. ``"settings.start_year"``."""
    name: str
    """Defined name of the cell."""
    label: str
    help: str
    kind: str = TEXT
    options: str = ""
    """For kind LIST: the name of the list (see :data:`LISTS`)."""
    required: bool = False
    default: object = None
    """Value the template is built with (settings that have a sensible default)."""
    number_format: str = ""
    """A format of its own instead of its kind's (a seed is a plain integer: 20260101)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str = ""
    kind: str = TEXT
    options: str = ""
    width: float = 14
    required: bool = False
    wrap: bool = False
    """Long text in a narrow column: wrapped over several lines instead of cut."""


@dataclass(frozen=True)
class Block:
    """A contiguous range with one defined name: a settings column or a table body."""

    name: str
    sheet: str
    first_row: int
    first_col: int
    rows: int
    columns: tuple[Column, ...] = ()
    fields: tuple[Field, ...] = ()
    output: bool = False
    title: str = ""
    help: str = ""

    @property
    def width(self) -> int:
        return 1 if self.fields else len(self.columns)

    @property
    def ref(self) -> str:
        """``"$C$5:$C$20"`` (absolute, as defined names hold it)."""
        c1 = get_column_letter(self.first_col)
        c2 = get_column_letter(self.first_col + self.width - 1)
        return f"${c1}${self.first_row}:${c2}${self.first_row + self.rows - 1}"

    @property
    def destination(self) -> str:
        return f"'{self.sheet}'!{self.ref}"
