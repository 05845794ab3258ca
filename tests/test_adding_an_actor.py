"""Adding an actor is a data change (issue 14): one ``Actor`` in ``som_xl/core/entities.py``
and a column of that name in the knowledge package's tables with a column per actor, nothing else.

A copy of som_xl gets an unemployment fund (``akasse``) as a fourth actor, and each of the
knowledge package's tables with a column per actor a column of that name; a case gives
it one cost of 1.000 kr. in the second year. The case file is validated (its schema is
derived), computed, and recalculated through the workbook logic with the real layout
(every sheet column, list, sentence and the Oplæg sheet follow the axis). Expected by
hand: the fund's NPV is −1.000 / 1,035 (Finansministeriet's 3,5 % in year 1), the other
actors' NPVs are those of the unchanged program, and the total is the sum.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from som_xl.case import load_and_compute
from som_xl.paths import examples_dir

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, sys
from som_xl.case import load_and_compute, results_to_json, parse_case, read_case_file
from som_xl.case.text import headline
from som_xl.knowledge import load_knowledge
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.recalc import recalculate

comp = load_and_compute(sys.argv[1])
knowledge = load_knowledge()
backend = MemoryBackend()
write_case_inputs(backend, parse_case(read_case_file(sys.argv[1])), knowledge)
for i, f in enumerate(L.SENSITIVITY_FIELDS):
    backend.set(L.SENSITIVITY.name, i, 0, f.default if f.key != "draws" else 200)
outcome = recalculate(backend, knowledge)
print(json.dumps({
    "npv": results_to_json(comp)["npv"],
    "headline": headline(comp),
    "ok": outcome.ok,
    "sheet_npv": backend.read(L.KEY_FIGURES.name).values[2],
    "payers": [h for h in L.LISTS["liste_betaler"][2]],
    "break_even_sentences": len(outcome.uncertainty.break_even),
}))
"""


def _with_fund(tmp_path: Path) -> Path:
    """A copy of som_xl and of the knowledge package with the actor ``akasse`` added."""
    shutil.copytree(ROOT / "som_xl", tmp_path / "som_xl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "knowledge_tables", tmp_path / "knowledge_tables")
    entities = tmp_path / "som_xl" / "core" / "entities.py"
    text = entities.read_text("utf-8")
    stat = '    Actor("stat", "Stat", "staten"),\n'
    assert stat in text
    entities.write_text(text.replace(stat, stat + '    Actor("akasse", "A-kasse", "a-kassen"),\n'), "utf-8")
    package = tmp_path / "knowledge_tables" / "datapackage.json"
    descriptor = json.loads(package.read_text("utf-8"))
    for resource in descriptor["resources"]:  # every table with a column per actor
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        if not {"kommune", "region", "stat"} <= set(names):
            continue
        at = names.index("stat") + 1
        fields.insert(at, dict(fields[at - 1], name="akasse"))
        table = tmp_path / "knowledge_tables" / resource["path"]
        rows = list(csv.reader(io.StringIO(table.read_text("utf-8"))))
        col = rows[0].index("stat") + 1
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            r[:col] + (["akasse"] if i == 0 else ["0" if r[col - 1] != "" else ""]) + r[col:]
            for i, r in enumerate(rows))
        table.write_text(out.getvalue(), "utf-8")
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")
    return tmp_path


@pytest.mark.slow
def test_an_unemployment_fund_as_fourth_actor_is_a_data_change(tmp_path):
    case = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    unchanged = load_and_compute(examples_dir() / "housing_first.json").results.npv
    root = _with_fund(tmp_path / "copy")
    case["costs"].append({"label": "Kursus i a-kassen", "payer": "akasse", "kind": "drift", "basis": "total",
                          "amount": 1000, "year": case["settings"]["start_year"] + 1})
    for price in case.get("local_prices", []) + case.get("items", []):
        price["akasse"] = 0
    case_file = tmp_path / "sag.json"
    case_file.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    env = {"PYTHONPATH": str(root), "SOM_XL_KNOWLEDGE": str(root / "knowledge_tables"), "SOM_XL_NO_CACHE": "1",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(case_file)], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    npv = got["npv"]
    assert list(npv) == ["kommune", "region", "stat", "akasse", "total"]
    assert npv["akasse"] == pytest.approx(-1000 / 1.035)
    assert [npv["kommune"], npv["region"], npv["stat"]] == pytest.approx(list(unchanged[:3]))
    assert npv["total"] == pytest.approx(unchanged[3] - 1000 / 1.035)
    assert "og a-kassen -966 kr." in got["headline"]
    assert got["ok"] and got["sheet_npv"] == pytest.approx(list(npv.values()))
    assert got["payers"] == ["kommune", "region", "stat", "akasse"]
    assert got["break_even_sentences"] == 5
