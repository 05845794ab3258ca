"""The embedded xlwings VBA matches the installed xlwings; the template's modules.

How exports become stored modules is the toolchain's: ``ooxml_vba/tests/test_modules.py``."""

from __future__ import annotations

import io
import zipfile

import pytest

from ooxml_vba import document_module
from som_xl.workbook.vba_sources import (
    som_vba_sources,
    template_modules,
    vba_xlwings_version,
    xlwings_package_dir,
    xlwings_vba_sources,
)


def test_xlwings_version_constant_equals_installed_xlwings() -> None:
    xlwings = pytest.importorskip("xlwings")
    assert vba_xlwings_version(xlwings_vba_sources()) == xlwings.__version__


def test_xlwings_modules_and_kinds() -> None:
    modules = {m.name: m for m in xlwings_vba_sources()}
    assert set(modules) == {"xlwings", "Dictionary"}
    assert modules["xlwings"].kind == "standard"
    assert modules["Dictionary"].kind == "class"
    assert "Public Function RunPython(" in modules["xlwings"].source
    assert "Sub ImportPythonUDFs()" in modules["xlwings"].source
    assert not modules["Dictionary"].source.startswith("VERSION")


def _template_sources() -> dict[str, str]:
    olefile = pytest.importorskip("olefile")
    olevba = pytest.importorskip("oletools.olevba")
    with zipfile.ZipFile(xlwings_package_dir() / "quickstart_standalone.xlsm") as zf:
        data = zf.read("xl/vbaProject.bin")
    parser = olevba.VBA_Parser("vbaProject.bin", data=data)
    assert olefile.isOleFile(io.BytesIO(data))
    return {s.split("/")[-1]: code for _, s, _, code in parser.extract_macros()}


def test_same_code_as_the_shipped_standalone_template() -> None:
    """xlwings' own standalone template holds the same modules (VBA is case-insensitive;
    the template's Dictionary was saved by an Excel that re-cased ``Err``)."""
    shipped = _template_sources()
    ours = {m.name: m.normalized_source() for m in xlwings_vba_sources()}
    assert ours["xlwings"].replace("\r\n", "\n") == shipped["xlwings"].replace("\r\n", "\n")
    assert ours["Dictionary"].lower() == shipped["Dictionary"].lower()
    # our generated document headers equal what Excel stored there
    assert document_module("ThisWorkbook", workbook=True).normalized_source() == \
        shipped["ThisWorkbook"]
    assert document_module("Sheet1").normalized_source() == shipped["Sheet1"]


def test_template_modules_order_and_content() -> None:
    modules = template_modules(["Sheet1", "Sheet2"])
    assert [m.name for m in modules[:3]] == ["ThisWorkbook", "Sheet1", "Sheet2"]
    assert [m.kind for m in modules[:3]] == ["document"] * 3
    names = [m.name for m in modules]
    assert {"SomRibbon", "xlwings", "Dictionary"} <= set(names)
    assert [m.name for m in som_vba_sources()] == ["SomRibbon"]
