"""The converter layer: cells as xlwings hands them → floats, ints, rates, texts; errors as text."""

from __future__ import annotations

import datetime as dt

import pytest

from som_xl.service import udf_convert as C


@pytest.mark.parametrize("value, expected", [
    (12.5, 12.5), ("1.234,5", 1234.5), ("  -40 ", -40.0), ("2,5", 2.5), ([[7.0]], 7.0), (None, None), ("", None),
])
def test_number_accepts_numbers_danish_text_and_one_cell_ranges(value, expected):
    assert C.number(value, "x") == expected


@pytest.mark.parametrize("value, message", [
    ("abc", "x skal være et tal (fik 'abc')"),
    ("#DIV/0!", "x viser fejlen #DIV/0!"),
    ([[1.0, 2.0]], "x skal være én celle, ikke et område med 2 celler"),
    (True, "x skal være et tal"),
    (dt.datetime(2025, 1, 1), "x skal være et tal"),
])
def test_number_rejects_with_danish_message(value, message):
    with pytest.raises(C.UdfError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        C.number(value, "x")


@pytest.mark.parametrize("value, expected", [
    (None, None), (0.035, 0.035), ("3,5 %", 0.035), ("4%", 0.04), ("0,02", 0.02), (0.0, 0.0),
])
def test_rate_is_a_fraction(value, expected):
    assert C.rate(value) == pytest.approx(expected) if expected is not None else C.rate(value) is None


@pytest.mark.parametrize("value", [3.5, "3,5", "150 %", "x %"])
def test_rate_rejects_percent_numbers_and_nonsense(value):
    with pytest.raises(C.UdfError, match="rente"):
        C.rate(value)


def test_integer_bounds_and_fractions():
    assert C.integer(2025.0, "år") == 2025
    assert C.integer(None, "år", default=0) == 0
    with pytest.raises(C.UdfError, match="helt tal"):
        C.integer(2.5, "år")
    with pytest.raises(C.UdfError, match="mellem 0 og 70"):
        C.integer(71, "år", lo=0, hi=70)


def test_numbers_row_column_blanks_and_trailing_blanks():
    assert C.numbers([[1.0, None, "2,5", None, None]], "beløb") == [1.0, 0.0, 2.5]
    assert C.numbers([[1.0], [2.0]], "beløb") == [1.0, 2.0]
    assert C.numbers(5.0, "beløb") == [5.0]
    assert C.numbers([[None]], "beløb") == []


@pytest.mark.parametrize("value, message", [
    ([[1.0, 2.0], [3.0, 4.0]], "én række eller én kolonne"),
    ([[1.0, "#N/A"]], "fejlen #N/A"),
    ([[1.0, "tre"]], "celle nr. 2 er ikke et tal"),
])
def test_numbers_rejects(value, message):
    with pytest.raises(C.UdfError, match=message):
        C.numbers(value, "beløb")


def test_text_and_rows():
    assert C.text(2.0, "vare") == "2"
    assert C.text("  a ", "vare") == "a"
    assert C.text(None, "vare", "std") == "std"
    assert C.rows(None) == [] and C.rows(3) == [[3]] and C.rows([1, 2]) == [[1, 2]]


def test_output_conversion():
    import numpy as np

    assert C.out_number(np.float64(2.5)) == 2.5 and type(C.out_number(np.float64(2.5))) is float
    assert C.out_number(float("nan")).startswith(C.ERROR_PREFIX)
    assert C.out_table([["a", None, np.float64(1.5)], [2]]) == [["a", "", 1.5], [2, "", ""]]
    assert C.error_text("ukendt vare 'x'") == "#SØM: ukendt vare 'x'"
