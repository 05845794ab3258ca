"""Check a request's workbook payload before xlwings sees it: shape, types and size.

The payload is what xlwings' Office.js client sends (``xw.Book(json=…)``)::

    {"client": "Office.js", "version": "0.37.8",
     "book": {"name": "Sag.xlsx", "active_sheet_index": 0, "selection": "A1"},
     "names": [{"name": "som_indstillinger", "sheet_index": 1, "address": "$C$5:$C$20",
                "scope_sheet_name": null, "scope_sheet_index": null, "book_scope": true}, …],
     "sheets": [{"name": "Forside", "values": [[…], …], "pictures": [], "tables": []}, …]}

Each sheet's ``values`` are a rectangle from A1; empty cells are ``""``. The SØM client
sends only the named ranges a command needs (other cells blank, other sheets ``[[]]``),
without trailing blank rows and columns (xlwings reads cells beyond the rectangle as
empty, as it does beyond Excel's used range).

Everything is bounded by counting, never by time: the body is read up to
:data:`MAX_BODY_BYTES`, its JSON values and nesting are counted before it is parsed
(:data:`MAX_VALUES`, :data:`MAX_DEPTH`), and the cell, name and sheet counts and text
lengths are capped, so a hostile payload costs at most a fixed amount of memory and work.
Every refusal is a :class:`PayloadError` with a Danish text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from som_xl import jsontext
from som_xl.errors import InputError, SomError
from som_xl.fmt import number

MAX_BODY_BYTES = 2_000_000
MAX_SHEETS = 40
MAX_NAMES = 400
MAX_ROWS = 2_000
MAX_COLS = 200
MAX_CELLS = 200_000
MAX_TEXT = 32_767
"""Excel's own limit for the text of one cell."""
MAX_LABEL = 255

_ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


class PayloadError(SomError):
    """A request body that is not a workbook payload the add-in accepts (Danish message)."""


def _fail(message: str) -> PayloadError:
    return PayloadError(f"Projektmappens data kunne ikke bruges: {message}")


MAX_DEPTH = 8
"""A payload nests four levels (object, sheets, rows, cells); a function call's arguments three."""
MAX_VALUES = MAX_CELLS + 50_000
"""JSON values in a body: the cells and the objects around them."""


def parse_body(body: bytes, max_bytes: int = MAX_BODY_BYTES, max_values: int = MAX_VALUES) -> Any:
    """JSON of a request body; an oversized, too deeply nested or too crowded body is
    refused before anything is built (:func:`som_xl.jsontext.loads`)."""
    if len(body) > max_bytes:
        raise _fail(f"forespørgslen er for stor ({number(len(body))} byte; højst {number(max_bytes)}).")
    try:
        return jsontext.loads(body.decode("utf-8"), "forespørgslen", max_values=max_values, max_depth=MAX_DEPTH,
                              noun="forespørgslen")
    except UnicodeDecodeError:
        raise _fail("forespørgslen er ikke UTF-8-tekst.") from None
    except InputError as exc:
        problem = exc.problems[0]
        if problem.type == "too-deep":
            raise _fail(f"dataene er indlejret for dybt (højst {MAX_DEPTH} niveauer).") from None
        if problem.type == "too-many-values":
            raise _fail(f"forespørgslen har over {number(max_values)} værdier (projektmappen må højst have "
                        f"{number(MAX_CELLS)} celler med).") from None
        raise _fail("forespørgslen er ikke gyldig JSON.") from None


def _check_type(value: Any, kinds: tuple[type, ...], where: str) -> None:
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _fail(f"{where} har en forkert type ({type(value).__name__}).")


def _check_label(value: Any, where: str, optional: bool = False) -> None:
    if optional and value is None:
        return
    _check_type(value, (str,), where)
    if len(value) > MAX_LABEL:
        raise _fail(f"{where} er længere end {MAX_LABEL} tegn.")


def _check_index(value: Any, where: str, optional: bool = True) -> None:
    if optional and value is None:
        return
    _check_type(value, (int,), where)
    if not 0 <= value < MAX_SHEETS:
        raise _fail(f"{where} er uden for 0–{MAX_SHEETS - 1}.")


def _cell(value: Any, where: str) -> Any:
    """A cell as xlwings should see it; finite numbers, booleans, texts up to Excel's limit."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise _fail(f"{where} er ikke et endeligt tal.")
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _fail(f"{where} har mere end {MAX_TEXT} tegn.")
        if _ISO_WITH_OFFSET.match(value):
            # xlwings reads ISO texts as dates but only understands a trailing "Z"; a text
            # with an offset (e.g. a timestamp som_xl wrote) would otherwise break the read.
            return dt.datetime.fromisoformat(value).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return value
    raise _fail(f"{where} har en forkert type ({type(value).__name__}); kun tal, tekst og sandhedsværdier.")


_SHORT_TEXT = 20
"""Texts shorter than this can be neither too long nor an ISO timestamp: passed as they are."""


def _clean_row(row: list[Any], where: str) -> None:
    """Check and clean one row in place; the common cells (blank, short text, numbers) cheaply."""
    for c, v in enumerate(row):
        kind = type(v)
        if (kind is str and len(v) < _SHORT_TEXT) or kind is int or (kind is float and math.isfinite(v)):
            continue
        row[c] = _cell(v, where)


def _check_sheet(sheet: Any, i: int, budget: list[int]) -> None:
    where = f"ark nr. {i + 1}"
    _check_type(sheet, (dict,), where)
    _check_label(sheet.get("name"), f"navnet på {where}")
    values = sheet.get("values")
    _check_type(values, (list,), f"cellerne på {where}")
    if len(values) > MAX_ROWS:
        raise _fail(f"{where} har mere end {MAX_ROWS} rækker.")
    width = None
    for r, row in enumerate(values):
        _check_type(row, (list,), f"række {r + 1} på {where}")
        if len(row) > MAX_COLS:
            raise _fail(f"række {r + 1} på {where} har mere end {MAX_COLS} kolonner.")
        if width is not None and len(row) != width:
            # xlwings cuts ranges out of a rectangle; a ragged one would misplace cells.
            raise _fail(f"rækkerne på {where} er ikke lige lange (række {r + 1}).")
        width = len(row)
        budget[0] -= len(row)
        if budget[0] < 0:
            raise _fail(f"projektmappen har mere end {number(MAX_CELLS)} celler med.")
        _clean_row(row, f"en celle i række {r + 1} på {where}")
    for key in ("pictures", "tables"):
        sheet.setdefault(key, [])
        _check_type(sheet[key], (list,), f"{key} på {where}")
        if sheet[key]:
            raise _fail(f"{where} må ikke have {key} med (tilføjelsesprogrammet sender dem ikke).")


def _check_name(item: Any, i: int, sheets: int) -> None:
    where = f"navn nr. {i + 1}"
    _check_type(item, (dict,), where)
    _check_label(item.get("name"), where)
    _check_label(item.get("address"), f"adressen for {where}", optional=True)
    _check_index(item.get("sheet_index"), f"arket for {where}")
    if item.get("sheet_index") is not None and item["sheet_index"] >= sheets:
        raise _fail(f"{where} peger på et ark, der ikke er med.")
    _check_label(item.get("scope_sheet_name"), f"arket for {where}", optional=True)
    _check_index(item.get("scope_sheet_index"), f"arket for {where}")
    _check_type(item.get("book_scope", True), (bool,), f"book_scope for {where}")


def check_payload(data: Any) -> dict[str, Any]:
    """``data`` checked and cleaned in place for ``xw.Book(json=…)``; raises :class:`PayloadError`."""
    _check_type(data, (dict,), "forespørgslen")
    if data.get("client") != "Office.js":
        raise _fail("den kommer ikke fra SØM-tilføjelsesprogrammet (client skal være 'Office.js').")
    _check_label(data.get("version"), "versionen")
    book = data.get("book")
    _check_type(book, (dict,), "projektmappen")
    _check_label(book.get("name"), "projektmappens navn")
    _check_index(book.get("active_sheet_index"), "det aktive ark", optional=False)
    _check_label(book.get("selection"), "markeringen", optional=True)
    sheets, names = data.get("sheets"), data.get("names")
    _check_type(sheets, (list,), "arkene")
    _check_type(names, (list,), "navnene")
    if not 0 < len(sheets) <= MAX_SHEETS:
        raise _fail(f"der skal være 1–{MAX_SHEETS} ark med (fik {len(sheets)}).")
    if len(names) > MAX_NAMES:
        raise _fail(f"der er mere end {MAX_NAMES} navngivne områder med.")
    if book["active_sheet_index"] >= len(sheets):
        raise _fail("det aktive ark er ikke med.")
    budget = [MAX_CELLS]
    for i, sheet in enumerate(sheets):
        _check_sheet(sheet, i, budget)
    for i, item in enumerate(names):
        _check_name(item, i, len(sheets))
    args = data.get("args", [])
    _check_type(args, (list,), "argumenterne")
    return data
