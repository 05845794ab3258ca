"""Put formulas' cached values back after openpyxl saves a workbook.

openpyxl keeps a formula but drops the value Excel last computed for it (``<v/>``). For
an input cell that holds a formula, that value is the input: without it the next
headless recalculation would read a blank. :func:`restore_cached_values` writes the
values read before the save back into openpyxl's output, so the cell keeps both its
formula and its value, and a second recalculation reads what the first one read.
The workbook is found at ``xl/workbook.xml``, where openpyxl saves it.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
                          "#PYTHON!"})
"""Excel's error values: a cached value spelled as one is written as an error (``t="e"``)."""


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → zip member, through xl/workbook.xml and its relationships."""
    rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    out = {}
    for sheet in SafeET.fromstring(zf.read("xl/workbook.xml")).iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return out


def _value_xml(value: Any) -> tuple[str, str]:
    """(type attribute, ``<v>`` text) of a cached value."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, (int, float)):
        return "", repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        from openpyxl.utils.datetime import to_excel  # lazy: openpyxl ≈0,1 s; ERROR_VALUES' importers skip it

        return "", repr(float(to_excel(value)))
    text = str(value)
    return (' t="e"' if text in ERROR_VALUES else ' t="str"'), escape(text)


def _restore_in_sheet(xml: str, cells: dict[str, Any]) -> str:
    for ref, value in cells.items():
        t, text = _value_xml(value)
        pattern = re.compile(rf'<c r="{ref}"((?:(?! t=")[^>])*)>(<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)<v\s*/>(</c>)')
        xml = pattern.sub(_with_value(ref, t, text), xml, count=1)
    return xml


def _with_value(ref: str, t: str, text: str):
    """The replacement for one formula cell: its attributes and formula kept, the value set."""
    def replace(m: re.Match[str]) -> str:
        return f'<c r="{ref}"{m.group(1)}{t}>{m.group(2)}<v>{text}</v></c>'
    return replace


def restore_cached_values(package: bytes, cached: dict[tuple[str, str], Any]) -> bytes:
    """``package`` (an openpyxl save) with ``cached`` ((sheet, "C16") → value) written as
    the cached values of those formula cells. Other members are copied unchanged."""
    if not cached:
        return package
    by_sheet: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in cached.items():
        by_sheet.setdefault(sheet, {})[ref] = value
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = {part: by_sheet[title] for title, part in _sheet_parts(src).items() if title in by_sheet}
        for info in src.infolist():
            data = src.read(info)
            if info.filename in parts:
                data = _restore_in_sheet(data.decode("utf-8"), parts[info.filename]).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()
