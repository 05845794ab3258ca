"""Hostile payloads are refused by the site with Danish messages, within bounded memory
and work (accounts and roles: test_through_the_site.py)."""

from __future__ import annotations

import json

import pytest

from som_xl.addin import payload as P
from tests.addin.conftest import specs
from tests.addin.officejs import payload


def _spec(client, key):
    return specs(client)[key]


def _post(client, body: bytes):
    return client.post("/addin/api/commands/beregn", content=body, headers={"Content-Type": "application/json"})


def test_huge_body_is_refused_before_parsing(client):
    r = _post(client, b"[" * (P.MAX_BODY_BYTES + 1))
    assert r.status_code == 413 and "for stor" in r.json()["detail"]


def test_deep_nesting_is_refused(client):
    r = _post(client, b"[" * 200_000 + b"]" * 200_000)
    assert r.status_code == 400 and "indlejret" in r.json()["detail"]


@pytest.mark.parametrize("mutate, words", [
    (lambda b: b.update(client="Google Apps Script"), "Office.js"),
    (lambda b: b.update(sheets="ark"), "forkert type"),
    (lambda b: b["sheets"][0].update(values=[[{"a": 1}]]), "forkert type"),
    (lambda b: b["sheets"][0].update(values=[["x" * (P.MAX_TEXT + 1)]]), "tegn"),
    (lambda b: b["sheets"][0].update(values=[[0] * (P.MAX_COLS + 1)]), "kolonner"),
    (lambda b: b["sheets"][0].update(values=[[0]] * (P.MAX_ROWS + 1)), "rækker"),
    (lambda b: b["sheets"].extend([{"name": f"x{i}", "values": [[0] * 150] * 1500} for i in range(3)]), "celler"),
    (lambda b: b["names"].append({"name": "x", "sheet_index": 99, "address": "A1"}), "uden for"),
    (lambda b: b["names"].append({"name": 7, "sheet_index": 0, "address": "A1"}), "forkert type"),
    (lambda b: b["book"].update(active_sheet_index="0"), "forkert type"),
    (lambda b: b["sheets"][0].update(pictures=[{"name": "p"}]), "pictures"),
    (lambda b: b["sheets"][1]["values"][-1].pop(), "ikke lige lange"),
], ids=["client", "sheets-type", "cell-type", "long-text", "wide", "tall", "too-many-cells", "sheet-index",
        "name-type", "active-type", "pictures", "ragged"])
def test_hostile_payloads_are_refused_in_danish(client, sag, mutate, words):
    body = payload(sag, _spec(client, "beregn"))
    mutate(body)
    r = client.post("/addin/api/commands/beregn", json=body)
    assert r.status_code in (400, 413), r.text
    assert r.json()["detail"].startswith(("Projektmappens data kunne ikke bruges", "Forespørgslen er for stor"))
    assert words in r.json()["detail"]


def test_nan_and_infinity_are_refused(client, sag):
    body = json.dumps(payload(sag, _spec(client, "beregn"))).replace('"Sag.xlsx"', '"Sag.xlsx", "x": NaN', 1)
    body = body.replace('"values": [[]]', '"values": [[Infinity]]', 1)
    r = _post(client, body.encode())
    assert r.status_code == 400 and "endeligt" in r.json()["detail"]


def test_iso_text_with_offset_is_read_not_crashed(client, sag):
    """xlwings reads ISO texts as dates and only understands "Z"; the timestamp text of an
    earlier run (with an offset) must not turn the next Beregn into an internal error."""
    import openpyxl

    from som_xl.workbook import layout as L
    from som_xl.workbook.backend import parse_destination

    wb = openpyxl.load_workbook(sag)
    sheet, r1, c1, r2, _ = parse_destination(wb.defined_names[L.PROVENANCE.name].attr_text)
    row = next(r for r in range(r1, r2 + 1) if wb[sheet].cell(row=r, column=c1).value == "Beregnet")
    wb[sheet].cell(row=row, column=c1 + 1).value = "2026-01-02T03:04:05+02:00"
    body = payload(wb, _spec(client, "beregn"))
    assert "2026-01-02T03:04:05+02:00" in json.dumps(body)
    r = client.post("/addin/api/commands/beregn", json=body)
    assert r.status_code == 200 and r.json()["ok"], r.json()
