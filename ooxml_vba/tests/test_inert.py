"""An inert copy keeps values and drops everything that can run, fetch or point outside."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ooxml_vba.inert import freeze_formulas, make_inert


def _book() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"], ws["A2"], ws["A3"] = 5, "=A1*2", '=WEBSERVICE("http://example.invalid")'
    ws["B1"].hyperlink = "http://example.invalid"
    dv = DataValidation(type="whole")
    dv.add("A1")
    ws.add_data_validation(dv)
    wb.defined_names["hent"] = DefinedName("hent", attr_text="Data!$A$1")
    wb.create_sheet("Indstillinger")["A1"] = "hemmelig"
    return wb


def test_formulas_become_their_cached_values_and_the_rest_is_stripped():
    wb = _book()
    n = freeze_formulas(wb, None)  # no cached values (never computed): blanks
    make_inert(wb, drop_sheets=("Indstillinger",))
    buf = io.BytesIO()
    wb.save(buf)
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ws = back["Data"]
    assert n == 2 and back.sheetnames == ["Data"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == [5, None, None]
    assert ws["B1"].hyperlink is None and not ws.data_validations.dataValidation
    assert list(back.defined_names) == []


def test_text_that_looks_like_a_formula_stays_text():
    wb = _book()
    values = openpyxl.Workbook()
    values.active.title = "Data"
    values["Data"]["A2"], values["Data"]["A3"] = 10, "=ikke en formel"
    freeze_formulas(wb, values)
    assert wb["Data"]["A2"].value == 10
    assert wb["Data"]["A3"].value == "=ikke en formel" and wb["Data"]["A3"].data_type == "s"
