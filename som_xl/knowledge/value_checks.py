"""Checks of single cells that no table schema states: numbers that are finite and of a
size a price can have, and text without control or direction-override characters.

Frictionless's ``number`` type accepts ``NaN``, ``INF`` and ``1e308``, and Python's
``float`` does too; such a price would pass validation and then print ``inf kr.`` or
break a workbook. A NUL or a C1 control (U+009B is a terminal's CSI) in an item name,
or a right-to-left override in a title, would reach terminals, reports and workbooks.
Both are refused here, for :func:`~som_xl.knowledge.load_knowledge` and
``som-xl knowledge validate`` alike, naming the file, row and column.
"""

from __future__ import annotations

import math
import re

from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import Problem
from som_xl.knowledge.rawpackage import (
    ROLE_INDEX,
    ROLE_PRICE_CHANGES,
    ROLE_PRICES,
    ROLE_REFUSION,
    RawPackage,
    RawTable,
)
from som_xl.knowledge.rawpackage import problem_at as _p

MAX_NUMBER = 1e12
"""The largest size of any number in a package (kroner, index points, rates): a thousand
billion kroner is far above any unit price, and far below where sums lose their meaning."""
BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""C0 controls (tab and line breaks allowed), DEL, C1 controls, and the bidirectional
embeddings, overrides and isolates that make text display in another order than it reads."""
_NUMERIC_BY_TABLE = {"effects": ("success_rate", "low", "high"), "consequences": ("per_success",),
                     "discount_rates": ("rate",)}
_NUMERIC_BY_ROLE = {ROLE_PRICES: ACTOR_KEYS, ROLE_PRICE_CHANGES: ACTOR_KEYS, ROLE_INDEX: ("index",),
                    ROLE_REFUSION: ("threshold", "state_share")}


def numeric_columns(table: RawTable) -> set[str]:
    """The columns read as numbers: those the loader converts, and any the schema types as numbers."""
    fields = (table.descriptor.get("schema") or {}).get("fields") or []
    declared = {str(f.get("name")) for f in fields if isinstance(f, dict) and f.get("type") in ("number", "integer")}
    known = set(_NUMERIC_BY_TABLE.get(table.name, ())) | set(_NUMERIC_BY_ROLE.get(table.role, ()))
    return (declared | known) & set(table.columns)


def _number_problem(table: RawTable, line: int, column: str, text: str) -> Problem | None:
    try:
        value = float(text)
    except ValueError:
        return None  # not a number at all: the type checks say so
    if math.isfinite(value) and abs(value) <= MAX_NUMBER:
        return None
    what = "ikke et endeligt tal" if not math.isfinite(value) else "større end 1.000.000.000.000"
    return _p("number-out-of-range", table, line, column,
              f"værdien '{text[:30]}' i tabellen {table.name} er {what}; et tal i vidensdatabasen skal være "
              "endeligt og højst 10^12 (fx 1234.5).")


def check_values(pkg: RawPackage) -> list[Problem]:
    """Numbers that are not finite or are absurdly large; text with control or bidi characters."""
    out = []
    for table in pkg.tables.values():
        numeric = numeric_columns(table)
        for row in table.rows:
            for column, text in row.values.items():
                if not text:
                    continue
                bad = BAD_TEXT.search(text)
                if bad:
                    out.append(_p("bad-text", table, row.line, column,
                                  f"teksten indeholder et ugyldigt tegn (U+{ord(bad.group()):04X}, et styretegn "
                                  "eller en retningsmarkør, der vender teksten); skriv den igen uden."))
                elif column in numeric:
                    problem = _number_problem(table, row.line, column, text.strip())
                    if problem:
                        out.append(problem)
    return out
