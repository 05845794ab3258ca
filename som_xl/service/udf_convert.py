"""Converters between what Excel hands a UDF and what the engine takes, and back.

xlwings gives a UDF plain Python values: a cell as a scalar (float, str, bool,
datetime, None for blank), a range as a list of lists when the argument is declared
``ndim=2``, and Excel errors as text such as ``"#DIV/0!"`` when declared
``err_to_str=True``. The functions here turn those into floats, integers, rates and
texts, accepting Danish number text ("1.234,5", "3,5 %"), and raise :class:`UdfError`
with a short Danish message otherwise. :func:`error_text` is what a cell shows.
No xlwings import: these run (and are tested) anywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from som_xl import fmt
from som_xl.workbook.cells import is_blank, is_excel_error, parse_number  # one list of Excel's error values

ERROR_PREFIX = "#SØM: "


class UdfError(ValueError):
    """A bad UDF argument; the message is the Danish text the cell shows after ``#SØM: ``."""


def error_text(message: str) -> str:
    """``"#SØM: ukendt vare 'x'"``: what a UDF returns instead of raising."""
    return ERROR_PREFIX + message


def cells(value: Any) -> list[Any]:
    """Every cell of a scalar, a 1-D or a 2-D argument, row by row."""
    if isinstance(value, (list, tuple)):
        out: list[Any] = []
        for v in value:
            out.extend(cells(v) if isinstance(v, (list, tuple)) else [v])
        return out
    return [value]


def single(value: Any, what: str) -> Any:
    """The one value of a scalar argument (a one-cell range is fine; more cells are not)."""
    values = cells(value)
    if len(values) != 1:
        raise UdfError(f"{what} skal være én celle, ikke et område med {len(values)} celler")
    v = values[0]
    if is_excel_error(v):
        raise UdfError(f"{what} viser fejlen {v}")
    return v


def number(value: Any, what: str, default: float | None = None) -> float | None:
    """A number from a number or Danish number text; ``default`` when blank."""
    v = single(value, what)
    if is_blank(v):
        return default
    if isinstance(v, bool) or isinstance(v, (dt.date, dt.datetime)):
        raise UdfError(f"{what} skal være et tal (fik {_show(v)})")
    num = parse_number(v)
    if num is None:
        raise UdfError(f"{what} skal være et tal (fik {_show(v)})")
    return num


def integer(value: Any, what: str, default: int | None = None, lo: int | None = None,
            hi: int | None = None) -> int | None:
    """A whole number within ``lo..hi``; ``default`` when blank."""
    num = number(value, what)
    if num is None:
        return default
    if not float(num).is_integer():
        raise UdfError(f"{what} skal være et helt tal (fik {_show(num)})")
    n = int(num)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise UdfError(f"{what} skal være mellem {lo} og {hi} (fik {n})")
    return n


def rate(value: Any, what: str = "rente") -> float | None:
    """A discount rate as a fraction (0,035 or "3,5 %"); None when blank (the FM schedule)."""
    v = single(value, what)
    if isinstance(v, str) and v.strip().endswith("%"):
        num = parse_number(v.strip()[:-1].strip())
        if num is None:
            raise UdfError(f"{what} skal være en procentsats, fx 3,5 % (fik {_show(v)})")
        num /= 100
    else:
        num = number(v, what)
        if num is None:
            return None
        if num >= 1:
            raise UdfError(f"{what} angives som brøk, fx 0,035 eller 3,5 % (fik {_show(num)})")
    if not -0.5 < num < 1:
        raise UdfError(f"{what} skal være mellem -50 % og 100 % (fik {_show(num)})")
    return num


def text(value: Any, what: str, default: str | None = None) -> str | None:
    """Stripped text (numbers as written, 2.0 → "2"); ``default`` when blank."""
    v = single(value, what)
    if is_blank(v):
        return default
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def numbers(value: Any, what: str) -> list[float]:
    """A row or column of amounts as floats; blank cells count as 0, text numbers are parsed.

    A 2-D range must be a single row or a single column (no way to tell the year order
    otherwise). Trailing blanks are dropped so a range longer than the data is fine.
    """
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        if len(value) > 1 and len(value[0]) > 1:
            raise UdfError(f"{what} skal være én række eller én kolonne (fik {len(value)} × {len(value[0])})")
    out: list[float] = []
    for i, v in enumerate(cells(value)):
        if is_excel_error(v):
            raise UdfError(f"{what} indeholder fejlen {v} (celle nr. {i + 1})")
        if is_blank(v):
            out.append(0.0)
            continue
        num = None if isinstance(v, bool) else parse_number(v)
        if num is None:
            raise UdfError(f"{what}: celle nr. {i + 1} er ikke et tal (fik {_show(v)})")
        out.append(num)
    while out and out[-1] == 0.0:
        out.pop()
    return out


def rows(value: Any) -> list[list[Any]]:
    """A range argument as a list of rows (a scalar is one row of one cell, None no rows)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if value and not isinstance(value[0], (list, tuple)):
        return [list(value)]
    return [list(r) for r in value]


def out_number(value: float | None) -> float | str:
    """A result number for a cell (numpy scalars become floats; no NaN or infinity)."""
    if value is None or not math.isfinite(float(value)):
        return error_text("resultatet er ikke defineret")
    return float(value)


def out_table(table: list[list[Any]]) -> list[list[Any]]:
    """A rectangular table for a dynamic array: numpy numbers as floats, blanks as ""."""
    width = max((len(r) for r in table), default=1)

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, (bool, str, int)):
            return v
        if isinstance(v, (int, float)) or hasattr(v, "__float__"):
            f = float(v)
            return f if math.isfinite(f) else ""
        return str(v)

    return [[cell(v) for v in r] + [""] * (width - len(r)) for r in table] or [[""]]


def _show(v: Any) -> str:
    return fmt.value(v)
