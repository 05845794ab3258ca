"""xlsm packaging: VBA + ribbon parts, codeNames, determinism, reinjection, LibreOffice."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from ooxml_vba import build_vba_project
from ooxml_vba.package import (
    CT_MACRO_MAIN,
    REL_RIBBON,
    REL_VBA,
    RIBBON_PART,
    finalize_xlsm,
    reinject_ribbon,
    ribbon_intact,
    sheet_codenames,
)
from ooxml_vba.tests.conftest import sample_modules, spend, xlwings_dir

RIBBON = ('<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
          '<tab id="t" label="T"><group id="g" label="G"><button id="b" label="Knap" onAction="Knap"/>'
          '</group></tab></tabs></ribbon></customUI>')


def render_custom_ui() -> str:
    return RIBBON


def _workbook_bytes(created: datetime | None = None, rows: int = 3) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Input"
    for r in range(1, rows + 1):
        ws.cell(r, 1, r)
        ws.cell(r, 2, f"=A{r}*2")
    res = wb.create_sheet("Resultat")
    res.sheet_properties.codeName = "shResultat"
    res["A1"] = "=SUM(Input!B1:B3)"
    wb.create_sheet("Æbler og Ø")
    if created:
        wb.properties.created = wb.properties.modified = created
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _template(xlsx: bytes) -> bytes:
    names = sheet_codenames(xlsx)
    project = build_vba_project(sample_modules(list(names.values())))
    return finalize_xlsm(xlsx, vba_project=project, ribbon_xml=render_custom_ui(),
                         codenames=names)


@pytest.fixture(scope="module")
def xlsm() -> bytes:
    return _template(_workbook_bytes())


def _part(package: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return zf.read(name).decode("utf-8")


def test_codenames_keep_existing_and_fill_defaults() -> None:
    assert sheet_codenames(_workbook_bytes()) == {
        "Input": "Sheet1", "Resultat": "shResultat", "Æbler og Ø": "Sheet3"}


def test_opens_with_openpyxl_keep_vba(xlsm: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsm), keep_vba=True)
    assert wb.sheetnames == ["Input", "Resultat", "Æbler og Ø"]
    assert wb["Input"]["B2"].value == "=A2*2"
    assert wb.vba_archive is not None
    assert wb.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in wb] == ["Sheet1", "shResultat", "Sheet3"]


def test_parts_relationships_and_content_types(xlsm: bytes) -> None:
    ct = _part(xlsm, "[Content_Types].xml")
    assert f'PartName="/xl/workbook.xml" ContentType="{CT_MACRO_MAIN}"' in ct
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in ct
    wb_rels = _part(xlsm, "xl/_rels/workbook.xml.rels")
    assert wb_rels.count(REL_VBA) == 1 and 'Target="vbaProject.bin"' in wb_rels
    root_rels = _part(xlsm, "_rels/.rels")
    assert root_rels.count(REL_RIBBON) == 1 and f'Target="{RIBBON_PART}"' in root_rels
    assert _part(xlsm, RIBBON_PART) == render_custom_ui()
    assert '<workbookPr codeName="ThisWorkbook"/>' in _part(xlsm, "xl/workbook.xml")
    core = _part(xlsm, "docProps/core.xml")
    assert core.count("2025-01-01T00:00:00Z") == 2


def test_document_modules_match_sheet_codenames(xlsm: bytes) -> None:
    olevba = pytest.importorskip("oletools.olevba")
    parser = olevba.VBA_Parser("t.xlsm", data=xlsm)
    modules = {s.split("/")[-1] for _, s, _, _ in parser.extract_macros()}
    sheet_codes = set()
    for i in (1, 2, 3):
        match = re.search(r'<sheetPr[^>]*codeName="([^"]+)"',
                          _part(xlsm, f"xl/worksheets/sheet{i}.xml"))
        sheet_codes.add(match.group(1))
    assert sheet_codes == {"Sheet1", "shResultat", "Sheet3"}
    assert sheet_codes | {"ThisWorkbook", "Knapper", "xlwings", "Dictionary"} == modules


def test_two_builds_byte_identical_despite_different_save_times() -> None:
    a = _template(_workbook_bytes(datetime(2020, 5, 1)))
    b = _template(_workbook_bytes(datetime(2023, 9, 9, 13, 14, 15)))
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {(i.date_time, i.create_system, i.external_attr, i.compress_type) for i in infos} == \
        {((2025, 1, 1, 0, 0, 0), 0, 0o600 << 16, zipfile.ZIP_DEFLATED)}


def test_fixed_time_is_a_parameter() -> None:
    xlsx = _workbook_bytes()
    names = sheet_codenames(xlsx)
    out = finalize_xlsm(xlsx, vba_project=build_vba_project(sample_modules(list(names.values()))),
                        ribbon_xml=render_custom_ui(),
                        fixed_time=datetime(2030, 6, 7, 8, 9, 10, tzinfo=UTC))
    assert "2030-06-07T08:09:10Z" in _part(out, "docProps/core.xml")


def test_finalize_replaces_existing_vba_and_ribbon_relationships(xlsm: bytes) -> None:
    """Finalizing an .xlsm that already has a project and ribbon leaves one of each."""
    again = _template(xlsm)
    assert _part(again, "_rels/.rels").count(REL_RIBBON) == 1
    assert _part(again, "xl/_rels/workbook.xml.rels").count(REL_VBA) == 1
    assert again == xlsm


def test_openpyxl_roundtrip_of_the_xlwings_template_then_finalize() -> None:
    """A keep_vba .xlsm from elsewhere (Excel-written parts, prefixes, mc:Ignorable)."""
    wb = openpyxl.load_workbook(xlwings_dir() / "quickstart_standalone.xlsm",
                                keep_vba=True)
    buf = io.BytesIO()
    wb.save(buf)
    out = _template(buf.getvalue())
    assert ribbon_intact(out)
    loaded = openpyxl.load_workbook(io.BytesIO(out), keep_vba=True)
    assert [ws.sheet_properties.codeName for ws in loaded] == ["Sheet1", "Sheet2"]


def test_reinject_after_openpyxl_save(xlsm: bytes) -> None:
    assert ribbon_intact(xlsm)
    wb = openpyxl.load_workbook(io.BytesIO(xlsm), keep_vba=True)
    wb["Input"]["A1"] = 42
    buf = io.BytesIO()
    wb.save(buf)
    saved = buf.getvalue()
    assert not ribbon_intact(saved)  # openpyxl drops the customUI14 relationship
    fixed = reinject_ribbon(saved, render_custom_ui())
    assert ribbon_intact(fixed)
    assert _part(fixed, "_rels/.rels").count(REL_RIBBON) == 1
    loaded = openpyxl.load_workbook(io.BytesIO(fixed), keep_vba=True)
    assert loaded["Input"]["A1"].value == 42
    assert loaded.code_name == "ThisWorkbook"
    with zipfile.ZipFile(io.BytesIO(fixed)) as a, zipfile.ZipFile(io.BytesIO(xlsm)) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
    assert reinject_ribbon(fixed, render_custom_ui()) == fixed


def test_ribbon_intact_rejects_broken_packages(xlsm: bytes) -> None:
    assert not ribbon_intact(b"not a zip")
    assert not ribbon_intact(_workbook_bytes())
    with zipfile.ZipFile(io.BytesIO(xlsm)) as src:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as dst:
            for info in src.infolist():
                if info.filename != RIBBON_PART:
                    dst.writestr(info, src.read(info))
    assert not ribbon_intact(buf.getvalue())  # relationship without its part


def test_rejects_bad_input() -> None:
    xlsx = _workbook_bytes()
    with pytest.raises(ValueError):
        finalize_xlsm(xlsx, vba_project=b"PK", ribbon_xml=render_custom_ui())
    project = build_vba_project(sample_modules(["Sheet1"]))
    with pytest.raises(ValueError):
        finalize_xlsm(xlsx, vba_project=project, ribbon_xml=render_custom_ui(),
                      codenames={"Input": "Sheet1"})  # sheets without a codeName
    with pytest.raises(ValueError):
        finalize_xlsm(xlsx, vba_project=project, ribbon_xml="<customUI",
                      codenames={"Input": "A", "Resultat": "B", "Æbler og Ø": "C"})
    with pytest.raises(ValueError):
        finalize_xlsm(xlsx, vba_project=project, ribbon_xml=render_custom_ui(),
                      codenames={"Input": "A", "Resultat": "a", "Æbler og Ø": "C"})


def test_reinject_reads_each_part_once_on_a_larger_workbook() -> None:
    """Linear work, bounded memory (never a wall-clock bound: time says more about the machine)."""
    xlsm = _template(_workbook_bytes(rows=20000))
    with zipfile.ZipFile(io.BytesIO(xlsm)) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    out, spent = spend(reinject_ribbon, xlsm, render_custom_ui())
    assert ribbon_intact(out)
    assert spent.inflated <= unpacked  # every part inflated once, none twice
    assert spent.peak < 4 * unpacked + 8 * 2**20


def _convert(src: Path, fmt: str, outdir: Path) -> Path:
    env = dict(os.environ, HOME=tempfile.mkdtemp())
    subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--norestore", "--convert-to", fmt,
                    "--outdir", str(outdir), str(src)], check=True, env=env,
                   capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{fmt}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_to_pdf_and_imports_the_vba(xlsm: bytes, tmp_path: Path) -> None:
    src = tmp_path / "makroer.xlsm"
    src.write_bytes(xlsm)
    pdf = _convert(src, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    ods = _convert(src, "ods", tmp_path / "ods")
    with zipfile.ZipFile(ods) as zf:
        basic = {n.rsplit("/", 1)[-1][:-4]: zf.read(n).decode("utf-8")
                 for n in zf.namelist() if n.startswith("Basic/VBAProject/")
                 and not n.endswith("script-lb.xml")}
    types = {name: re.search(r'script:moduleType="(\w+)"', text).group(1)
             for name, text in basic.items()}
    assert types == {"ThisWorkbook": "document", "Sheet1": "document",
                     "shResultat": "document", "Sheet3": "document", "Knapper": "normal",
                     "xlwings": "normal", "Dictionary": "class"}
    assert "Public Sub Knap(control As IRibbonControl)" in basic["Knapper"]
