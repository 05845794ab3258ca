"""``som-xl new Sag.xlsx``: the macro-free workbook has the .xlsm's sheets, names and validation."""

from __future__ import annotations

import zipfile

import openpyxl

from som_xl.cli.main import main
from som_xl.paths import template_path


def _validations(wb):
    return {(ws.title, str(dv.sqref), dv.type, dv.formula1) for ws in wb.worksheets
            for dv in ws.data_validations.dataValidation}


def test_new_xlsx_matches_the_template_without_vba(tmp_path):
    path = tmp_path / "Sag.xlsx"
    assert main(["new", str(path)]) == 0
    with zipfile.ZipFile(path) as z:
        parts = z.namelist()
        types = z.read("[Content_Types].xml").decode()
    assert not any("vba" in p.lower() or "customui" in p.lower() for p in parts)
    assert "macroEnabled" not in types
    xlsx, xlsm = openpyxl.load_workbook(path), openpyxl.load_workbook(template_path(), keep_vba=True)
    assert xlsx.sheetnames == xlsm.sheetnames
    assert {n: d.attr_text for n, d in xlsx.defined_names.items()} == \
        {n: d.attr_text for n, d in xlsm.defined_names.items()}
    assert _validations(xlsx) == _validations(xlsm) and _validations(xlsx)


def test_new_xlsx_from_a_case_is_computed(tmp_path, capsys):
    from tests.addin.conftest import ROOT

    path = tmp_path / "Sag.xlsx"
    assert main(["new", str(path), "--case", str(ROOT / "examples" / "housing_first.json")]) == 0
    assert main(["recalc", str(path)]) == 0
    assert "nettoresultat" in capsys.readouterr().out


def test_wrong_suffix_is_refused_in_danish(tmp_path, capsys):
    assert main(["new", str(tmp_path / "Sag.xls")]) == 2
    assert ".xlsx (uden makroer" in capsys.readouterr().err
