"""The request's book (``xw.Book(json=…)``) through the desktop backend: the add-in's fast
write path gives exactly the actions xlwings' own value conversion gives."""

from __future__ import annotations

import datetime as dt

import pytest

from som_xl.addin import xlwings_pro

ROW = [None, 1, 2.5, True, False, "tekst", "=SUM(A1)", float("nan"), dt.datetime(2026, 1, 2, 3, 4, 5),
       dt.datetime(2026, 1, 2), dt.date(2026, 3, 4)]


def _book_payload() -> dict:
    return {"client": "Office.js", "version": "0.37.8",
            "book": {"name": "Sag.xlsx", "active_sheet_index": 0, "selection": None},
            "names": [{"name": "som_ud", "sheet_index": 0, "address": "B2:L3", "scope_sheet_name": None,
                       "scope_sheet_index": None, "book_scope": True}],
            "sheets": [{"name": "Ark", "values": [[]], "pictures": [], "tables": []}]}


def _actions(backend_of) -> list[dict]:
    xlwings_pro.ensure_engine("noncommercial")
    with xlwings_pro.open_book(_book_payload()) as book:
        backend = backend_of(book)
        backend.write("som_ud", [ROW, ROW[::-1]])
        backend.write("som_ud", [[1]])  # a shorter write clears the rest of the range
        return xlwings_pro.book_actions(book)


def test_fast_write_equals_xlwings_conversion():
    from som_xl.service.xlwings_backend import XlwingsBackend

    fast, generic = _actions(xlwings_pro.make_backend), _actions(XlwingsBackend)
    assert fast == generic
    first = fast[0]
    assert (first["start_row"], first["start_column"], first["row_count"], first["column_count"]) == (1, 1, 2, 11)
    assert first["values"][0][:8] == ["", 1, 2.5, True, False, "tekst", "'=SUM(A1)", ""]
    assert first["values"][0][8:] == ["2026-01-02 03:04:05", "2026-01-02", "2026-03-04"]
    assert fast[1]["values"] == [[1] + [""] * 10, [""] * 11]


def test_range_lookups_are_made_once_per_name():
    xlwings_pro.ensure_engine("noncommercial")
    with xlwings_pro.open_book(_book_payload()) as book:
        backend = xlwings_pro.make_backend(book)
        assert backend._range("som_ud") is backend._range("som_ud")
        with pytest.raises(Exception, match="som_mangler"):
            backend._range("som_mangler")
