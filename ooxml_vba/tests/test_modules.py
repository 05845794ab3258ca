"""Modules as Excel stores them: headers equal Excel's own, exports converted."""

from __future__ import annotations

import io

import pytest

from ooxml_vba import InvalidInput, class_module, document_module, module_from_export
from ooxml_vba.tests.conftest import excel_vba_project, exported_modules


def _excel_sources() -> dict[str, str]:
    olefile = pytest.importorskip("olefile")
    olevba = pytest.importorskip("oletools.olevba")
    data = excel_vba_project()
    assert olefile.isOleFile(io.BytesIO(data))
    parser = olevba.VBA_Parser("vbaProject.bin", data=data)
    return {s.split("/")[-1]: code for _, s, _, code in parser.extract_macros()}


def test_document_headers_equal_what_excel_stored() -> None:
    shipped = _excel_sources()
    assert document_module("ThisWorkbook", workbook=True).normalized_source() == shipped["ThisWorkbook"]
    assert document_module("Sheet1").normalized_source() == shipped["Sheet1"]


def test_exports_become_what_excel_stored() -> None:
    """The exported xlwings module and class, converted, equal the modules Excel stored
    from them (VBA is case-insensitive; that Excel re-cased ``Err`` in the class)."""
    shipped = _excel_sources()
    ours = {m.name: m.normalized_source() for m in exported_modules()}
    assert ours["xlwings"].replace("\r\n", "\n") == shipped["xlwings"].replace("\r\n", "\n")
    assert ours["Dictionary"].lower() == shipped["Dictionary"].lower()


def test_class_export_header_is_converted() -> None:
    exported = ('VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  \'True\r\nEND\r\n'
                'Attribute VB_Name = "Kurv"\r\nAttribute VB_GlobalNameSpace = False\r\n'
                'Attribute VB_Creatable = False\r\nAttribute VB_PredeclaredId = False\r\n'
                'Attribute VB_Exposed = False\r\nOption Explicit\r\n')
    m = module_from_export(exported)
    assert m.kind == "class" and m.name == "Kurv"
    assert m.normalized_source() == class_module("Kurv", "Option Explicit").normalized_source()


def test_export_without_vb_name_rejected() -> None:
    with pytest.raises(InvalidInput):
        module_from_export("Sub A()\r\nEnd Sub\r\n")
