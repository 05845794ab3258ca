"""Broken and hostile knowledge packages and experience import files: each refused with a
Danish message within bounded memory (tracemalloc's peak), never by wall time.

A limit on a file's size is not enough: 45 MB of two-byte lines is 23 million rows, and
a JSON file of ``[{},{},…]`` takes twenty-five times its size in memory. So rows,
columns, resources, records and JSON values are counted before anything is built from
them. The makers of the files are in ``tests/reliability/hostile.py``.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from som_xl.experience import files as xfiles
from som_xl.knowledge import rawpackage
from tests.reliability import hostile as H
from tests.reliability.budget import rejected, spend
from tests.reliability.checks import check_problem


@pytest.fixture
def package(tmp_path) -> Path:
    return H.knowledge_copy(tmp_path / "viden")


def _load(path):
    from som_xl.knowledge import load_knowledge

    return load_knowledge(path)


def _validate(path):
    from som_xl.errors import InputError
    from som_xl.knowledge import validate_package

    problems = validate_package(path)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return problems


# ---------------------------------------------------------------------------------
# Knowledge packages
# ---------------------------------------------------------------------------------

# Seeded bytes and named ids: the parallel workers (pytest-xdist) must collect the same tests.
@pytest.mark.parametrize("content", [random.Random(5000).randbytes(5000), b"item,name\n" + bytes(3000) + b"\n",
                                     b"\xff\xfe" + "item,navn\n".encode("utf-16-le"),
                                     b'item,name\n"' + b"x" * 300_000 + b'"\n', b""],
                         ids=["random-bytes", "nul-bytes", "utf-16", "300k-cell", "empty"])
def test_a_broken_or_binary_knowledge_csv_is_a_danish_problem(package, content):
    (package / "prices.csv").write_bytes(content)
    exc = rejected(_load, package, peak_mb=50)
    assert any("prices.csv" in p.location or "prices.csv" in p.message for p in exc.problems)


def test_a_huge_knowledge_csv_is_refused_by_its_size(package):
    H.sparse_file(package / "items.csv", 200 * 2**20)  # no newline: reading it would take 200 MB at once
    exc = rejected(_load, package, type_="package-error", peak_mb=5)
    assert "items.csv" in exc.problems[0].location


def test_a_knowledge_resource_pointing_outside_the_package_is_refused(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    descriptor["resources"][0]["path"] = "../../../../etc/passwd"
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    exc = rejected(_load, package, type_="bad-path", peak_mb=20)
    assert "etc/passwd" in exc.problems[0].message


def test_full_validation_of_a_binary_csv_reports_in_danish(package):
    (package / "outcomes.csv").write_bytes(os.urandom(3000))
    rejected(_validate, package, peak_mb=150)


@pytest.mark.parametrize("check", [_load, _validate], ids=["load", "validate"])
def test_millions_of_short_rows_under_the_size_limit_are_refused_while_streaming(package, check):
    H.many_short_rows(package / "items.csv", megabytes=45)
    assert (package / "items.csv").stat().st_size < rawpackage.MAX_CSV_BYTES
    exc = rejected(check, package, type_="too-many-rows", peak_mb=60)
    assert "items.csv" in exc.problems[0].location and "rækker" in exc.problems[0].message


def test_a_header_of_millions_of_columns_is_refused(package):
    H.wide_header(package / "prices.csv")
    exc = rejected(_load, package, type_="too-many-columns", peak_mb=60)
    assert "prices.csv" in exc.problems[0].location


def test_a_refusal_keeps_the_commas_of_a_file_name(package):
    """Only the numbers get Danish thousands separators, not the rest of the message."""
    (package / "prices.csv").rename(package / "priser, kopi.csv")
    descriptor = package / "datapackage.json"
    descriptor.write_text(descriptor.read_text("utf-8").replace('"prices.csv"', '"priser, kopi.csv"'), "utf-8")
    H.wide_header(package / "priser, kopi.csv")
    exc = rejected(_load, package, type_="too-many-columns", peak_mb=60)
    assert exc.problems[0].message.startswith("priser, kopi.csv har ")
    assert "en tabel må højst have 200." in exc.problems[0].message


def test_tens_of_thousands_of_resources_are_refused(package):
    H.many_resources(package, 20_000)
    exc = rejected(_load, package, type_="too-many-resources", peak_mb=60)
    assert "datapackage.json" in exc.problems[0].location


def test_a_package_just_under_the_row_limit_loads_within_bounds(package):
    """Filler sources up to the row limit (all tables together): loaded, not refused, and
    within bounds (the bound is on what the limit lets through)."""
    used = sum(len(f.read_text("utf-8").splitlines()) - 1 for f in package.glob("*.csv"))
    text = (package / "sources.csv").read_text("utf-8")
    rest = text.splitlines()[1].split(",", 1)[1]
    filler = "".join(f"fyld_{i},{rest}\n" for i in range(rawpackage.MAX_TABLE_ROWS - used))
    (package / "sources.csv").write_text(text.rstrip("\n") + "\n" + filler, "utf-8")
    result, spent = spend(_load, package)
    assert not isinstance(result, Exception), result
    assert spent.peak < 300 * 2**20, f"{spent.peak / 2**20:.0f} MB"


@pytest.fixture
def no_frictionless(monkeypatch):
    """Full validation must refuse these before frictionless reads a file."""
    import frictionless

    def refuse(*args, **kwargs):
        raise AssertionError("frictionless was asked to validate")

    monkeypatch.setattr(frictionless, "validate", refuse)


@pytest.mark.parametrize("check", [_load, _validate], ids=["load", "validate"])
def test_blank_lines_count_against_the_row_limit(package, check, no_frictionless):
    """99,000 blank lines per table: each table is under the limit, all of them are not."""
    H.blank_lines(package, 99_000)
    exc = rejected(check, package, type_="too-many-rows", peak_mb=60)
    assert "tomme rækker medregnet" in exc.problems[0].message


def test_blank_lines_are_reported_without_frictionless(package, no_frictionless):
    """Frictionless takes seconds per blank row; validation names them itself, then stops."""
    H.blank_lines(package, 1_000)
    lines = len((package / "items.csv").read_text("utf-8").splitlines()) - 1000
    exc = rejected(_validate, package, type_="blank-row", peak_mb=60)
    located = {p.location for p in exc.problems if p.type == "blank-row"}
    assert f"items.csv række {lines + 1}" in located and "items.csv" in located
    assert any(p.message == "items.csv har 1.000 tomme rækker i alt; slet dem." for p in exc.problems)


@pytest.mark.parametrize("key", ["path", "schema", "dialect", "profile"])
def test_a_resource_naming_a_url_is_refused_before_anything_is_fetched(package, key, no_frictionless,
                                                                       monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    H.remote_reference(package, key)
    for check in (_load, _validate):
        exc = rejected(check, package, type_="remote-reference", peak_mb=60)
        (p,) = [p for p in exc.problems if p.type == "remote-reference"]
        assert "ressourcen 'items'" in p.location and "intet hentes" in p.message


@pytest.mark.parametrize("value", ["inf", "-Infinity", "nan", "1e308", "2e12"])
def test_a_price_that_is_not_a_finite_sensible_number_is_refused(package, value):
    H.set_cell(package / "prices.csv", 3, "region", value)
    for check in (_load, _validate):
        exc = rejected(check, package, type_="number-out-of-range", peak_mb=60)
        (p,) = [p for p in exc.problems if p.type == "number-out-of-range"]
        assert p.location == "prices.csv række 3, kolonne region"
        assert "tabellen prices" in p.message and len(p.message) < 300


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x9b", "\u202e", "\u2067"])
def test_control_and_direction_characters_in_a_name_are_refused(package, char):
    H.set_cell(package / "items.csv", 2, "name_da", f"Ophold{char}[31mpå forsorgshjem")
    for check in (_load, _validate):
        exc = rejected(check, package, type_="bad-text", peak_mb=60)
        (p,) = [p for p in exc.problems if p.type == "bad-text"]
        assert p.location == "items.csv række 2, kolonne name_da" and f"U+{ord(char):04X}" in p.message


def test_a_csv_with_a_byte_order_mark_names_the_mark(package):
    (package / "items.csv").write_bytes(b"\xef\xbb\xbf" + (package / "items.csv").read_bytes())
    for check in (_load, _validate):
        exc = rejected(check, package, type_="csv-bom", peak_mb=60)
        assert exc.problems[0].location == "items.csv" and "BOM" in exc.problems[0].message


def test_a_csv_separated_by_semicolons_names_the_delimiter(package):
    text = (package / "target_groups.csv").read_text("utf-8")
    (package / "target_groups.csv").write_text(text.replace(",", ";"), "utf-8")
    for check in (_load, _validate):
        exc = rejected(check, package, type_="csv-delimiter", peak_mb=60)
        assert exc.problems[0].location == "target_groups.csv" and "semikolon" in exc.problems[0].message


# ---------------------------------------------------------------------------------
# Experience import files
# ---------------------------------------------------------------------------------

def test_an_import_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = H.sparse_file(tmp_path / "eksport.json", xfiles.MAX_IMPORT_BYTES + 1)
    rejected(xfiles.read_import_file, path, type_="too-large", peak_mb=1)


def test_an_import_file_of_tiny_json_values_is_refused_before_it_is_built(tmp_path):
    """``[{},{},…]`` under the size limit would take twenty-five times its size as objects."""
    path = tmp_path / "eksport.json"
    n = (xfiles.MAX_IMPORT_BYTES - 10) // 3
    path.write_bytes(b"[" + b"{}," * (n - 1) + b"{}]")
    exc = rejected(xfiles.read_import_file, path, type_="too-many-values", peak_mb=3.5 * path.stat().st_size / 2**20)
    assert "værdier" in exc.problems[0].message


def test_an_import_file_with_too_many_records_is_refused(tmp_path):
    path = H.experience_import_file(tmp_path / "eksport.json", H.experience_records(xfiles.MAX_IMPORT_RECORDS + 1))
    exc = rejected(xfiles.read_import_file, path, type_="too-many-records", peak_mb=400)
    assert f"{xfiles.MAX_IMPORT_RECORDS:,}".replace(",", ".") in exc.problems[0].message


def test_an_import_file_of_broken_json_names_line_and_column_in_danish(tmp_path):
    path = tmp_path / "eksport.json"
    path.write_text('{"format": "som-xl-experience/1",\n "records": [1, 2,]}', "utf-8")
    exc = rejected(xfiles.read_import_file, path, type_="bad-json", peak_mb=5)
    (p,) = exc.problems
    check_problem(p)
    assert "linje 2" in p.location and "kolonne" in p.location
    assert "Expecting" not in p.message
