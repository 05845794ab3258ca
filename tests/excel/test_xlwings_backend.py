"""XlwingsBackend over a stand-in for an xlwings Book (no Excel): one range call per read/write."""

from __future__ import annotations

import pytest

from som_xl.errors import InputError
from som_xl.excel.ribbon import beregn, opdater_viden
from som_xl.service.xlwings_backend import XlwingsBackend, excel_safe, fit
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from tests.excel.conftest import filled
from tests.excel.fake_book import FakeBook, FakeName


def test_beregn_and_opdater_viden_through_xlwings_backend(case, knowledge):
    memory = filled(case, knowledge, MemoryBackend())
    book = FakeBook(memory.cells)
    backend = XlwingsBackend(book)
    assert beregn(backend=backend, knowledge=knowledge).ok
    assert book.range_reads == backend.reads <= 11 and book.range_writes == backend.writes <= 29
    assert book.sheets[L.VIDEN].protected  # written, and protected again
    assert memory.read(L.KNOWLEDGE_VIEW.name).values[0][1] == "Voksne i hjemløshed"
    problems = opdater_viden(backend=backend, knowledge=knowledge)
    assert problems[0].severity == "info"


def test_formula_like_text_is_written_as_text():
    assert excel_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [excel_safe(v) for v in ("+45", "-3", "@x", "ok", 1.5, None, float("nan"))] == [
        "'+45", "'-3", "'@x", "ok", 1.5, None, None]
    import numpy as np

    assert type(excel_safe(np.float64(2.0))) is float


def test_fit_pads_and_refuses_to_write_beyond_the_range():
    assert fit([[1]], 2, 2, "x") == [[1, None], [None, None]]
    assert fit([[1], [None], [""]], 1, 1, "x") == [[1]]
    with pytest.raises(InputError, match="for lille"):
        fit([[1], [2]], 1, 1, "som_aar")
    with pytest.raises(InputError, match="for lille"):
        fit([[1, 2]], 1, 1, "som_aar")


def test_missing_name_is_a_danish_input_error():
    book = FakeBook({})
    del book.names[L.GROUNDS.name]  # a block a workbook from an older template lacks
    with pytest.raises(InputError) as info:
        XlwingsBackend(book).read(L.GROUNDS.name)
    problem = info.value.problems[0]
    assert problem.type == "missing-range" and "'som_grundlag' mangler i projektmappen" in problem.message
    assert "ældre udgave af som_xl's skabelon" in problem.message
    assert "som-xl upgrade" in problem.message
    del book.names[L.SETTINGS.name]  # without the settings block it is no som_xl workbook at all
    with pytest.raises(InputError, match="det navngivne område 'som_grundlag' mangler"):
        XlwingsBackend(book).read(L.GROUNDS.name)


def test_a_named_range_over_whole_columns_is_refused_before_excel_reads_it(case, knowledge):
    """Issue 12, point 10: the xlwings backend checks a name's size before asking Excel for
    a million rows (the stand-in counts the range reads: none happens)."""
    memory = filled(case, knowledge, MemoryBackend())
    book = FakeBook(memory.cells)
    book.names[L.COSTS.name] = FakeName(book, f"'{L.INDSATS}'!$B$1:$H$1048576")
    backend = XlwingsBackend(book)
    with pytest.raises(InputError) as info:
        backend.read(L.COSTS.name)
    assert info.value.problems[0].type == "range-too-large" and book.range_reads == 0
