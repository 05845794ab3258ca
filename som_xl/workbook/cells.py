"""Converting what a user typed into a cell to a typed value, with Danish problems.

Cells may hold numbers, text with Danish number formatting ("1.234,5", "25 %"),
booleans, dates or formulas' cached values; everything else is a problem that names
the cell and says what is allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ooxml_vba.cached_values import ERROR_VALUES
from som_xl import fmt
from som_xl.errors import Problem
from som_xl.fmt import parse_number  # one reading of Danish numbers, for cells and the CLI
from som_xl.workbook.layout import INT, MONEY, NUMBER, PERCENT, TEXT, YEAR

MAX_TEXT = 32_767
"""Excel's own limit for one cell; each field's shorter limit is the case format's
(a description may have 20,000 characters, a title 200), checked and named by cell."""
EXCEL_ERRORS = ERROR_VALUES  # one list, the toolchain's (it writes them back as errors)
"""What a cell shows when its formula failed (openpyxl and xlwings give them as text)."""


def is_excel_error(value: Any) -> bool:
    """True for an Excel error value given as text (``"#DIV/0!"``, any case, padded or not)."""
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def convert(value: Any, kind: str, where: str, label: str, problems: list[Problem]) -> Any:
    """Convert a non-blank cell value to ``kind``; on failure append a problem, return None."""
    if is_excel_error(value):
        problems.append(Problem("cell-error", where, f"{label}: cellen viser fejlen {value}; skriv en værdi."))
        return None
    if kind == TEXT:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            problems.append(Problem("too-long", where, f"{label} må højst være {MAX_TEXT} tegn."))
            return None
        return text
    if kind == PERCENT:
        if isinstance(value, str) and value.strip().endswith("%"):
            num = parse_number(value.strip()[:-1])
            num = None if num is None else num / 100
        else:
            num = parse_number(value)
        if num is None:
            problems.append(Problem("not-a-number", where,
                                    f"{label} skal være en procentsats, fx 25 % (fik {fmt.value(value)})."))
        return num
    if isinstance(value, (dt.date, dt.datetime)) and kind == YEAR:
        problems.append(Problem("not-a-number", where,
                                f"{label} skal være et årstal, fx 2025, ikke en dato (fik {value:%d-%m-%Y})."))
        return None
    num = parse_number(value)
    if num is None:
        what = {INT: "et helt tal", YEAR: "et årstal, fx 2025", MONEY: "et beløb i kr.", NUMBER: "et tal"}.get(kind,
                                                                                                               "et tal")
        problems.append(Problem("not-a-number", where, f"{label} skal være {what} (fik {fmt.value(value)})."))
        return None
    if kind in (INT, YEAR):
        if not num.is_integer():
            got = str(num).replace(".", ",") if kind == YEAR else fmt.value(num)  # 2025,5, never 2.025,5
            problems.append(Problem("not-an-integer", where, f"{label} skal være et helt tal (fik {got})."))
            return None
        return int(num)
    return num
