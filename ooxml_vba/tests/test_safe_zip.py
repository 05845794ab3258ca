"""The bounded package check: what it counts, and each refusal typed, before any parsing."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ooxml_vba import PackageRefused
from ooxml_vba.safe_zip import Limits, check_package
from ooxml_vba.tests.conftest import spend

ROWS, COLS = 40, 7


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in range(1, ROWS + 1):
        for c in range(1, COLS + 1):
            ws.cell(r, c, r * c)
    ws.merge_cells("J1:L3")  # 9 cells covered
    wb.create_sheet("Andet")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(base: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, data in (add or {}).items():
            info = zipfile.ZipInfo("x")
            info.filename = name  # as it goes into the index, unnormalised
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _refused(tmp_path: Path, data: bytes, limits: Limits | None = None) -> PackageRefused:
    path = tmp_path / "bog.xlsx"
    path.write_bytes(data)
    result, spent = spend(_catch, path, limits)
    assert isinstance(result, PackageRefused), result
    result.spent = spent
    return result


def _catch(path, limits):
    try:
        return check_package(path, limits)
    except PackageRefused as exc:
        return exc


def test_a_plain_workbook_passes_with_its_cells_counted(tmp_path):
    path = tmp_path / "bog.xlsx"
    path.write_bytes(_xlsx())
    tally = check_package(path)
    assert tally.cells == ROWS * COLS and tally.merged_cells == 9
    assert max(p.rows for p in tally.parts) == ROWS


def test_a_zip_bomb_is_refused_from_the_index_without_inflating(tmp_path):
    bomb = _rezip(_xlsx(), add={"xl/media/nul.bin": bytes(60 * 2**20)})
    refused = _refused(tmp_path, bomb)
    assert (refused.kind, refused.part, refused.count) == ("zip-bomb", "xl/media/nul.bin", 60 * 2**20)
    assert refused.spent.inflated == 0


@pytest.mark.parametrize("name", ["../ud.txt", "/etc/ud.txt", "xl\\..\\ud.txt", "C:/ud.txt", "xl/../../ud.txt"])
def test_a_part_name_leaving_the_package_is_refused(tmp_path, name):
    refused = _refused(tmp_path, _rezip(_xlsx(), add={name: b"x"}))
    assert (refused.kind, refused.part) == ("bad-part-name", name)


def test_rows_over_the_limit_are_refused_with_their_count(tmp_path):
    refused = _refused(tmp_path, _xlsx(), Limits(rows=ROWS - 1))
    assert (refused.kind, refused.part, refused.count) == ("too-many-rows", "xl/worksheets/sheet1.xml", ROWS)


def test_a_dtd_and_a_wide_encoding_are_refused(tmp_path):
    base = _xlsx()
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        sheet = zf.read("xl/worksheets/sheet2.xml").decode()
    laughs = ('<!DOCTYPE w [<!ENTITY a "aaaa">]>' + sheet.split("?>", 1)[-1]).encode()
    assert _refused(tmp_path, _rezip(base, {"xl/worksheets/sheet2.xml": laughs})).kind == "xml-dtd"
    wide = b"\xff\xfe" + sheet.encode("utf-16-le")
    refused = _refused(tmp_path, _rezip(base, {"xl/worksheets/sheet2.xml": wide}))
    assert (refused.kind, refused.detail) == ("xml-encoding", "UTF-16/UTF-32")


@pytest.mark.parametrize("own_ids", [False, True])
def test_two_sheet_entries_loading_one_part_are_refused(tmp_path, own_ids):
    base = _xlsx()
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        wb, rels = zf.read("xl/workbook.xml").decode(), zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="Data"[^>]*r:id="([^"]+)"', wb).group(1)
    new_id = "rIdKopi" if own_ids else rid
    wb = wb.replace("</sheets>", f'<sheet name="Kopi" sheetId="9" r:id="{new_id}"/></sheets>')
    if own_ids:
        found = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
        target = found.group(1) or found.group(2)
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdKopi" Target="{target}" Type="http://schemas.'
                            'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
    data = _rezip(base, {"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode()})
    refused = _refused(tmp_path, data)
    assert (refused.kind, refused.detail) == ("duplicate-sheet", "Data\tKopi")


def test_more_sheet_entries_than_allowed_are_refused(tmp_path):
    refused = _refused(tmp_path, _xlsx(), Limits(sheets=1))
    assert (refused.kind, refused.count) == ("too-many-sheets", 2)


def test_validations_and_conditional_formats_are_counted_against_their_limit(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx()))
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb["Data"]
    for i in range(1, 4):
        dv = DataValidation(type="whole")
        dv.add(f"A{i}")
        ws.add_data_validation(dv)
        ws.conditional_formatting.add(f"B{i}", CellIsRule(operator="greaterThan", formula=["0"]))
    buf = io.BytesIO()
    wb.save(buf)
    assert _refused(tmp_path, buf.getvalue(), Limits(rules=5)).kind == "too-many-rules"
    path = tmp_path / "seks.xlsx"
    path.write_bytes(buf.getvalue())
    check_package(path, Limits(rules=6))  # three validations + three rules: exactly the limit


def test_not_a_zip_and_a_folder_are_typed(tmp_path):
    assert _refused(tmp_path, b"Titel;Belob\n" * 100).kind == "not-a-zip"
    with pytest.raises(PackageRefused) as info:
        check_package(tmp_path)
    assert info.value.kind == "is-a-folder"
