"""Imports validate before they touch a workbook; recalculation never destroys an input.

* ``case import`` and ``new --case`` reject what ``calc`` rejects, and what the workbook
  cannot hold (more lines than a table has rows), with exit 2 and the workbook byte for
  byte as it was (point 1 of issue 12).
* An input cell holding a formula keeps its formula and its cached value through a
  recalculation, and a second recalculation gives what the first gave (point 3).
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from som_xl.case import compute, parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from tests.reliability import hostile as H
from tests.reliability.checks import check_problem

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("computed") / "sag.xlsm"
    fill_from_case(path, parse_case(copy.deepcopy(EXAMPLE)), base=template_path())
    return path


def _changed(**paths) -> dict:
    data = copy.deepcopy(EXAMPLE)
    for dotted, value in paths.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        node[int(last) if last.isdigit() else last] = value
    return data


CALC_REJECTS = {
    "unknown local-price item": _changed(local_prices=[{"item": "findes_ikke", "price_year": 2024, "kommune": 1,
                                                        "region": 0, "stat": 0}]),
    "unknown target group": _changed(target_group="findes_ikke"),
    "unknown item in a line": _changed(consequences=[{"item": "findes_ikke", "per_success_by_year": [1]}]),
    "unknown outcome": _changed(effect__outcome="findes_ikke"),
    "unknown discount schedule": _changed(settings__discount_schedule="fm_1999"),
    "price year outside the index": _changed(settings__price_year=2001),
    "over-long description": _changed(description="x" * 20_001),
}
WORKBOOK_CANNOT_HOLD = {
    "31 cost lines": _changed(costs=[dict(EXAMPLE["costs"][0], label=f"Linje {i}") for i in range(31)]),
    "21 cohorts": _changed(settings__horizon_years=30,
                           programme__cohorts=[{"year": 2025 + i, "participants": 1} for i in range(21)]),
    "a line of 30 years": _changed(consequences=[{"item": "forsorgshjem_110", "per_success_by_year": [1] * 30}]),
    "21 local prices": _changed(local_prices=[{"item": i, "price_year": 2024, "kommune": 1, "region": 0, "stat": 0}
                                              for i in ["forsorgshjem_110"] * 21]),
}


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("name", sorted(CALC_REJECTS))
def test_a_case_calc_rejects_leaves_the_workbook_byte_identical(tmp_path, computed, capsys, name):
    case = _write(tmp_path, CALC_REJECTS[name])
    target = tmp_path / "mål.xlsm"
    target.write_bytes(computed.read_bytes())
    assert main(["calc", str(case)]) == 2
    calc_err = capsys.readouterr().err
    assert main(["case", "import", str(case), str(target)]) == 2
    import_err = capsys.readouterr().err
    assert target.read_bytes() == computed.read_bytes()
    assert calc_err.splitlines()[1:] == import_err.splitlines()[1:]  # the same problems, word for word
    assert main(["new", str(tmp_path / "ny.xlsm"), "--case", str(case)]) == 2
    assert not (tmp_path / "ny.xlsm").exists()


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsx"])
def test_new_with_a_refused_case_leaves_no_file_and_an_existing_one_as_it_was(tmp_path, capsys, suffix):
    """The case parses but names a target group the knowledge lacks: refused when it is
    resolved. The .xlsx workbook once was written blank first and left behind."""
    case = _write(tmp_path, CALC_REJECTS["unknown target group"])
    target = tmp_path / f"ny{suffix}"
    assert main(["new", str(target), "--case", str(case)]) == 2
    assert "målgruppen 'findes_ikke' findes ikke" in capsys.readouterr().err
    assert not target.exists()
    target.write_bytes(b"brugerens egen fil")
    assert main(["new", str(target), "--case", str(case), "--force"]) == 2
    assert target.read_bytes() == b"brugerens egen fil"


@pytest.mark.parametrize("name", sorted(WORKBOOK_CANNOT_HOLD))
def test_a_case_the_workbook_cannot_hold_is_refused_not_cut_short(tmp_path, computed, capsys, name):
    data = WORKBOOK_CANNOT_HOLD[name]
    if name == "21 local prices":  # duplicates are a calc error too; give each its own item
        items = [i.item for i in __import__("som_xl.knowledge").knowledge.load_knowledge().items()][:21]
        for price, item in zip(data["local_prices"], items, strict=True):
            price["item"] = item
    case = _write(tmp_path, data)
    target = tmp_path / "mål.xlsm"
    target.write_bytes(computed.read_bytes())
    assert main(["case", "import", str(case), str(target)]) == 2
    err = capsys.readouterr().err
    assert "plads til" in err or "kolonner til år 0–20" in err
    assert target.read_bytes() == computed.read_bytes()


def test_the_import_check_names_json_paths_in_danish():
    from som_xl.errors import InputError
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.inputs_writer import check_importable

    with pytest.raises(InputError) as info:
        check_importable(parse_case(WORKBOOK_CANNOT_HOLD["a line of 30 years"]), load_knowledge())
    (p,) = info.value.problems
    check_problem(p)
    assert p.location == "$.consequences[0].per_success_by_year"


# ---------------------------------------------------------------------------------
# Formulas in input cells (point 3)
# ---------------------------------------------------------------------------------

RATE = f"C{L.field_cell(L.field_by_key('effect.success_rate'))[0]}"
PEOPLE = f"C{L.COHORTS.first_row}"


def _cell(path: Path, ref: str, data_only: bool):
    wb = load_workbook(path, data_only=data_only)
    return wb[L.INDSATS][ref]


def test_an_input_formula_keeps_its_formula_and_value_through_two_recalcs(tmp_path, computed):
    path = tmp_path / "formel.xlsm"
    path.write_bytes(H.with_formulas(computed.read_bytes(), L.INDSATS, {RATE: "0.1+0.15", PEOPLE: "10*2"}))
    expected = compute(parse_case(read_case_file(examples_dir() / "housing_first.json"))).results.npv
    rate_before = _cell(path, RATE, data_only=True).value
    npvs = []
    for _ in range(2):
        outcome = recalc_file(path)
        assert outcome.ok, outcome.problems
        npvs.append(outcome.computation.results.npv.tolist())
        assert _cell(path, RATE, data_only=False).value == "=0.1+0.15"  # the formula is kept
        assert _cell(path, RATE, data_only=True).value == rate_before  # and so is its value
        assert _cell(path, PEOPLE, data_only=False).value == "=10*2"
    assert npvs[0] == npvs[1] == pytest.approx(expected.tolist())


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell(tmp_path, computed):
    data = H.with_formulas(computed.read_bytes(), L.INDSATS, {RATE: "0.1+0.15"})
    part = H.sheet_part(data, L.INDSATS)
    xml = re.sub(rf'(<c r="{RATE}"[^>]*><f>[^<]*</f>)<v>[^<]*</v>', r"\g<1>", H.member(data, part).decode())
    path = tmp_path / "uden.xlsm"
    path.write_bytes(H.rezip(data, replace={part: xml.encode()}))
    with zipfile.ZipFile(path) as z:
        sheet_before = z.read(part)
    outcome = recalc_file(path)
    assert not outcome.ok
    (p,) = [p for p in outcome.problems if p.type == "formula-without-value"]
    assert p.location == f"{L.INDSATS}!{RATE}"
    check_problem(p)
    assert _cell(path, RATE, data_only=False).value == "=0.1+0.15"
    with zipfile.ZipFile(path) as z:
        assert f'<c r="{RATE}"'.encode() in z.read(part) and sheet_before


def test_text_that_starts_like_a_formula_is_read_as_text_not_as_a_formula(tmp_path):
    """A title "=1+1" typed as text (or imported) is text: read back as itself, no warning."""
    data = _changed(title="=1+1", description="@SUM(A1)", owner={"name": "+45 12 34 56 78"})
    path = tmp_path / "tekst.xlsm"
    outcome = fill_from_case(path, parse_case(data), base=template_path())
    assert outcome.ok
    again = recalc_file(path)
    assert again.ok and not [p for p in again.problems if p.type.startswith("formula")]
    case = again.computation.case
    assert (case.title, case.description, case.owner.name) == ("=1+1", "@SUM(A1)", "+45 12 34 56 78")


def test_text_that_starts_like_a_formula_reaches_the_report_and_the_share_copy_as_text(tmp_path):
    """Point 4 all the way through: import, export, report (Markdown and the Oplæg sheet), share."""
    from som_xl.service.workbooks import export_case, share_copy
    from som_xl.workbook.oplaeg_export import make_report

    texts = {"title": "=1+1", "description": "@SUM(A1)", "owner": {"name": "+45 12 34 56 78"}}
    data = _changed(**{k: v for k, v in texts.items()})
    data["costs"][0]["label"] = "-2+3"
    path = tmp_path / "tekst.xlsm"
    fill_from_case(path, parse_case(data), base=template_path())
    exported = export_case(path, tmp_path / "ud.json")
    assert (exported["title"], exported["description"], exported["owner"]["name"], exported["costs"][0]["label"]) \
        == ("=1+1", "@SUM(A1)", "+45 12 34 56 78", "-2+3")
    md = (make_report(path, tmp_path / "o.md", fmt="md"), (tmp_path / "o.md").read_text("utf-8"))[1]
    for text in ("=1+1", "@SUM(A1)", "+45 12 34 56 78", "-2+3"):
        assert text in re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md), text
    copy = share_copy(path)
    for file in (path, copy):
        wb = load_workbook(file)
        cells = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if c.value in ("=1+1", "@SUM(A1)", "+45 12 34 56 78", "-2+3")}
        assert set(cells) >= {"=1+1", "@SUM(A1)", "+45 12 34 56 78", "-2+3"}, (file.name, cells)
        assert set(cells.values()) == {"s"}, (file.name, cells)
