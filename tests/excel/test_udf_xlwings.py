"""The UDFs through xlwings' own machinery: Windows decorators and the conversion layer.

``@xw.func``/``@xw.arg`` are no-ops on Linux, so the module is imported a second time
with xlwings' real Windows decorators (:mod:`tests.excel.xlwings_harness`); the
resulting ``__xlfunc__`` is what ``Importér funktioner`` turns into VBA wrappers and
Function Wizard texts. Arguments and results then go through ``xlwings.conversion``
exactly as ``xlwings.udfs.call_udf`` sends them, with COM-style values (tuples of
tuples, error codes, the "missing" marker).
"""

from __future__ import annotations

import re

import numpy_financial as npf
import pytest

from som_xl.excel import udfs as plain
from tests.excel.xlwings_harness import MISSING, call_like_excel, excel_engine, load_with_windows_decorators

DANISH = re.compile(r"\b(og|eller|en|af|for|som|fra|pr\.|med|til|år|tom|valgfri\w*)\b|[æøå]", re.IGNORECASE)


@pytest.fixture(scope="module")
def win():
    return load_with_windows_decorators()


@pytest.fixture(autouse=True, scope="module")
def engine():
    with excel_engine():
        yield


NAMES = [f.__name__ for f in plain.UDFS]


@pytest.mark.parametrize("name", NAMES)
def test_every_udf_has_danish_wizard_texts_within_excels_limits(win, name):
    info = getattr(win, name).__xlfunc__
    assert info["name"] == name and info["category"] == "SØM" and not info["sub"]
    doc = info["ret"]["doc"]
    assert doc and len(doc) <= 255 and DANISH.search(doc), doc
    for arg in info["args"]:
        assert arg["doc"] != f"Positional argument {arg['pos'] + 1}", f"{name}.{arg['name']} has no doc"
        assert len(arg["doc"]) <= 255 and DANISH.search(arg["doc"]), arg["doc"]
        assert arg["name"].isascii() and arg["name"].isidentifier()  # becomes a VBA parameter name
        assert arg["options"].get("err_to_str") is True


def test_plain_udfs_are_callable_and_documented_on_linux():
    for f in plain.UDFS:
        assert callable(f) and f.__doc__ and len(f.__doc__) <= 255


def test_optional_arguments_are_optional_in_vba(win):
    args = {a["name"]: a for a in win.SOM_PRIS.__xlfunc__["args"]}
    assert "optional" not in args["vare"] and args["aktoer"]["optional"] is None
    ranges = {a["name"]: a["options"].get("ndim") for a in win.SOM_BEREGN.__xlfunc__["args"]}
    assert set(ranges.values()) == {2}


def test_nutidsvaerdi_through_conversion_with_a_row_a_column_and_missing_optionals(win):
    amounts = (-1000.0, 300.0, None, 500.0)
    expected = npf.npv(0.04, [-1000.0, 300.0, 0.0, 500.0])
    assert call_like_excel(win.SOM_NUTIDSVAERDI, (amounts,), 0.04, MISSING) == [[pytest.approx(expected)]]
    column = tuple((a,) for a in amounts)
    assert call_like_excel(win.SOM_NUTIDSVAERDI, column, "4 %", MISSING) == [[pytest.approx(expected)]]
    assert call_like_excel(win.SOM_NUTIDSVAERDI, 250.0, MISSING, MISSING) == [[250.0]]  # one number


def test_excel_error_cells_arrive_as_text_and_give_danish_text(win):
    got = call_like_excel(win.SOM_NUTIDSVAERDI, ((1.0, -2146826281),), MISSING, MISSING)
    assert got == [["#SØM: beløb indeholder fejlen #DIV/0! (celle nr. 2)"]]
    got = call_like_excel(win.SOM_PRIS, -2146826246, MISSING, MISSING)
    assert got == [["#SØM: vare viser fejlen #N/A"]]


def test_pris_and_konsekvens_through_conversion(win):
    assert call_like_excel(win.SOM_PRIS, "forsorgshjem_110", "kommune", 2023.0) == [[pytest.approx(1506.85)]]
    assert call_like_excel(win.SOM_KONSEKVENS, "hjemloese_voksne", "forsorgshjem_110", 1.0, MISSING) == [[-44.0]]
    assert call_like_excel(win.SOM_PRIS, "x", MISSING, MISSING) == [["#SØM: ukendt vare 'x'"]]


def test_tables_come_back_rectangular_with_blanks_as_empty_text(win, case, knowledge):
    table = call_like_excel(win.SOM_VIDEN, "hjemloese_voksne", MISSING, MISSING)
    assert len({len(r) for r in table}) == 1 and None not in {v for r in table for v in r}
    from som_xl.workbook import layout as L
    from tests.excel.conftest import filled

    backend = filled(case, knowledge)
    com = [tuple(tuple(r) for r in backend.read(b.name).values)
           for b in (L.SETTINGS, L.COHORTS, L.COSTS, L.CONSEQUENCES, L.LOCAL_PRICES, L.OWN_ITEMS)]
    got = call_like_excel(win.SOM_BEREGN, *com)
    assert got == plain.SOM_BEREGN(*[[list(r) for r in c] for c in com])
    assert got[0] == ["Nøgletal", "Kommune", "Region", "Stat", "I alt"] and len(got) == 8
