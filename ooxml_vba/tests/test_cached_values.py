"""Formulas keep the value Excel computed through an openpyxl save."""

from __future__ import annotations

import io

import openpyxl

from ooxml_vba.cached_values import ERROR_VALUES, restore_cached_values


def _saved() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Input"
    ws["A1"], ws["A2"], ws["A3"] = "=1+1", "=B1", "=1/0"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_openpyxl_drops_the_values_and_they_come_back_with_the_formulas():
    saved = _saved()
    assert openpyxl.load_workbook(io.BytesIO(saved), data_only=True)["Input"]["A1"].value is None
    fixed = restore_cached_values(saved, {("Input", "A1"): 2, ("Input", "A2"): "tekst & <mere>",
                                          ("Input", "A3"): "#DIV/0!"})
    values = openpyxl.load_workbook(io.BytesIO(fixed), data_only=True)["Input"]
    formulas = openpyxl.load_workbook(io.BytesIO(fixed))["Input"]
    assert [values[c].value for c in ("A1", "A2", "A3")] == [2, "tekst & <mere>", "#DIV/0!"]
    assert [formulas[c].value for c in ("A1", "A2", "A3")] == ["=1+1", "=B1", "=1/0"]
    assert values["A3"].data_type == "e" and "#DIV/0!" in ERROR_VALUES


def test_nothing_to_restore_leaves_the_bytes():
    saved = _saved()
    assert restore_cached_values(saved, {}) == saved
