"""Shared test data: workbooks and VBA that Excel itself wrote, as an independent reference.

xlwings ships ``quickstart_standalone.xlsm`` (saved by Excel, with a real VBA project)
and its VBA as exported text; the package is located without importing it. Tests that
need them are skipped where xlwings is not installed.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from ooxml_vba import VbaModule, document_module, module_from_export, standard_module


def xlwings_dir() -> Path:
    """The installed xlwings package's folder (skips the test without it)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("xlwings (the source of Excel-made reference files) is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def excel_vba_project() -> bytes:
    """``vbaProject.bin`` as Excel wrote it (xlwings' standalone quickstart workbook)."""
    with zipfile.ZipFile(xlwings_dir() / "quickstart_standalone.xlsm") as zf:
        return zf.read("xl/vbaProject.bin")


def exported_modules() -> list[VbaModule]:
    """Two real exported modules: xlwings' standard module and its Dictionary class."""
    root = xlwings_dir()
    return [module_from_export((root / "xlwings.bas").read_bytes().decode("cp1252")),
            module_from_export((root / "addin" / "Dictionary.cls").read_bytes().decode("cp1252"))]


def sample_modules(codenames: list[str]) -> list[VbaModule]:
    """A project as an application would build it: documents, one own module, exported ones."""
    own = standard_module("Knapper", "Public Sub Knap(control As IRibbonControl)\r\n"
                                     "    MsgBox \"Hej\"\r\nEnd Sub")
    return ([document_module("ThisWorkbook", workbook=True)] + [document_module(c) for c in codenames]
            + [own] + exported_modules())


def spend(fn, *args):
    """``fn(*args)`` and what it cost without a clock: (result, Spent(peak, inflated)), the
    peak of Python's allocations (tracemalloc) and the bytes zipfile inflated."""
    import tracemalloc
    from types import SimpleNamespace

    original = zipfile.ZipExtFile._update_crc  # every way of reading a member passes here
    inflated = [0]

    def counted(self, newdata):
        inflated[0] += len(newdata)
        return original(self, newdata)

    zipfile.ZipExtFile._update_crc = counted  # type: ignore[method-assign]
    tracemalloc.start()
    try:
        result = fn(*args)
        return result, SimpleNamespace(peak=tracemalloc.get_traced_memory()[1], inflated=inflated[0])
    finally:
        tracemalloc.stop()
        zipfile.ZipExtFile._update_crc = original  # type: ignore[method-assign]
