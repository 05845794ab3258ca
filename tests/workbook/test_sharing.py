"""Sharing: workbook → case file → new workbook → recalc gives identical results; a
broken case file changes nothing; the macro-free copy has no VBA."""

import json
import zipfile

import pytest
from openpyxl import load_workbook

from som_xl.case import parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from tests.workbook.test_recalc import block_values


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.xlsm"
    fill_from_case(path, parse_case(read_case_file(examples_dir() / "housing_first.json")), base=template_path())
    return path


def test_round_trip_export_import_recalc_gives_identical_results(tmp_path, demo):
    case_file = tmp_path / "case.json"
    assert main(["case", "export", str(demo), "-o", str(case_file)]) == 0
    data = json.loads(case_file.read_text("utf-8"))
    assert data["format"] == "som-xl-case/1"
    prov = data["provenance"]
    assert prov["knowledge"]["content_hash"].startswith("sha256:") and prov["som_xl_version"]
    other = tmp_path / "other.xlsm"
    assert main(["case", "import", str(case_file), str(other)]) == 0
    assert recalc_file(other).ok
    for block in (L.KEY_FIGURES, L.YEARS, L.ITEMS):
        assert block_values(other, block.name) == block_values(demo, block.name)


def test_a_broken_case_file_changes_nothing_in_the_target(tmp_path, demo, capsys):
    before = demo.read_bytes()
    bad = tmp_path / "bad.json"
    data = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    data["effect"]["success_rate"] = "høj"
    data["costs"][0]["payer"] = "borger"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["case", "import", str(bad), str(demo)]) == 2
    err = capsys.readouterr().err
    assert "$.effect.success_rate" in err and "$.costs[0].payer" in err
    assert demo.read_bytes() == before


def test_share_copy_is_macro_free_with_values_and_charts(tmp_path, demo):
    assert main(["share", str(demo), "-o", str(tmp_path / "copy.xlsx")]) == 0
    copy = tmp_path / "copy.xlsx"
    with zipfile.ZipFile(copy) as z:
        names = z.namelist()
        ctypes = z.read("[Content_Types].xml").decode()
    assert not any("vbaProject" in n for n in names)
    assert "macroEnabled" not in ctypes
    assert any(n.startswith("xl/charts/chart") for n in names)
    wb = load_workbook(copy)
    assert L.XLWINGS_CONF not in wb.sheetnames
    assert at_layout_place(copy, L.KEY_FIGURES) == block_values(demo, L.KEY_FIGURES.name)


def at_layout_place(path, block):
    """A block's values where the layout puts it (the copy has no defined names)."""
    ws = load_workbook(path)[block.sheet]
    return [list(r) for r in ws.iter_rows(min_row=block.first_row, max_row=block.first_row + block.rows - 1,
                                          min_col=block.first_col, max_col=block.first_col + block.width - 1,
                                          values_only=True)]
