"""Recalculating with another knowledge version warns and shows, per actor, the NPV
before and after and which prices changed (workbook and case file)."""

import csv
import json
import shutil

import pytest

from som_xl.case import parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.knowledge import load_knowledge
from som_xl.paths import default_knowledge_dir, examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from tests.workbook.test_recalc import block_values


@pytest.fixture
def changed_knowledge(tmp_path):
    """The shipped package with the forsorgshjem price doubled and the version bumped."""
    pkg = tmp_path / "viden"
    shutil.copytree(default_knowledge_dir(), pkg)
    rows = list(csv.DictReader((pkg / "prices.csv").open(encoding="utf-8")))
    for r in rows:
        if r["item"] == "forsorgshjem_110":
            r["kommune"] = str(float(r["kommune"]) * 2)
    with (pkg / "prices.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    meta = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    meta["version"] = "2099.1.0"
    (pkg / "datapackage.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
    return load_knowledge(pkg)


def test_workbook_recalc_with_other_knowledge_warns_with_npv_before_and_after(tmp_path, changed_knowledge):
    path = tmp_path / "demo.xlsm"
    case = parse_case(read_case_file(examples_dir() / "housing_first.json"))
    fill_from_case(path, case, base=template_path())
    before = block_values(path, L.KEY_FIGURES.name)[2]
    outcome = recalc_file(path, changed_knowledge)
    warning = next(p for p in outcome.problems if p.type == "knowledge-changed")
    assert load_knowledge().version in warning.message and "2099.1.0" in warning.message
    assert "forsorgshjem_110" in warning.message
    from som_xl import fmt

    after = block_values(path, L.KEY_FIGURES.name)[2]
    assert f"kommunen {fmt.kroner(before[0])} → {fmt.kroner(after[0])}" in warning.message
    assert after[0] > before[0]  # doubling an avoided service's price raises the kommune's gain
    messages = [r[2] for r in block_values(path, L.MESSAGES.name) if r[2]]
    assert warning.message in messages
    assert all(p.type != "knowledge-changed" for p in recalc_file(path, changed_knowledge).problems)


def test_case_file_computed_with_other_knowledge_warns_on_calc(tmp_path, changed_knowledge, capsys):
    path = tmp_path / "demo.xlsm"
    fill_from_case(path, parse_case(read_case_file(examples_dir() / "housing_first.json")), base=template_path())
    case_file = tmp_path / "case.json"
    assert main(["case", "export", str(path), "-o", str(case_file)]) == 0
    assert main(["calc", str(case_file), "--knowledge", str(changed_knowledge.path)]) == 0
    out = capsys.readouterr().out
    assert "2099.1.0" in out and "forsorgshjem_110" in out and "Nutidsværdi før → nu" in out
