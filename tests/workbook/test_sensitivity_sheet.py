"""The Følsomhed sheet is filled by the same recalculation (headless here), with the
ranges it carries, and shows every distribution beside the Monte Carlo results."""

import copy
import io
import json

import pytest
from openpyxl import load_workbook

from som_xl.case import compute, parse_case
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from tests.workbook.test_recalc import block_values

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("sens") / "demo.xlsm"
    fill_from_case(path, parse_case(EXAMPLE), base=template_path())
    return path


def test_tornado_success_low_row_equals_a_direct_calculation(demo):
    rows = block_values(demo, L.TORNADO.name)
    row = next(r for r in rows if r[0] and "ucces" in r[0])
    low = copy.deepcopy(EXAMPLE)
    low["effect"]["success_rate"] = EXAMPLE["effect"]["low"]
    direct = compute(parse_case(low)).results.npv
    assert row[3:7] == pytest.approx([float(v) for v in direct], rel=1e-12)


def test_monte_carlo_shows_seed_draws_and_distributions(demo):
    summary = block_values(demo, L.MC_SUMMARY.name)
    assert summary[5][0] == "10.000 træk, seed 20260101"
    assert all(0 <= p <= 1 for p in summary[0][1:5])
    dists = [r for r in block_values(demo, L.MC_DISTRIBUTIONS.name) if r[0]]
    assert dists[0][2:5] == pytest.approx([0.10, 0.25, 0.40])  # the effect's low–rate–high
    hist = [r for r in block_values(demo, L.MC_HISTOGRAM.name) if r[0] is not None]
    assert sum(r[2] for r in hist) == 10000
    be = [r for r in block_values(demo, L.MC_BREAK_EVEN.name) if r[0] is not None]
    assert sum(r[1] for r in be) == 10000


def test_the_ranges_are_settings_on_the_sheet(tmp_path, demo):
    path = tmp_path / "d.xlsm"
    path.write_bytes(demo.read_bytes())
    wb = load_workbook(path, keep_vba=True)
    row, col = L.field_cell(next(f for f in L.SENSITIVITY_FIELDS if f.key == "seed"))
    wb[L.FOELSOMHED].cell(row=row, column=col, value=7)
    row, col = L.field_cell(next(f for f in L.SENSITIVITY_FIELDS if f.key == "cost_relative"))
    wb[L.FOELSOMHED].cell(row=row, column=col, value=0.5)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    assert recalc_file(path).ok
    assert block_values(path, L.MC_SUMMARY.name)[5][0] == "10.000 træk, seed 7"
    costs = next(r for r in block_values(path, L.TORNADO.name) if r[0] and "mkostning" in r[0])
    base = compute(parse_case(EXAMPLE)).results
    # costs −50 %: NPV rises by half the PV of costs (avoided costs scale too).
    assert costs[6] == pytest.approx(float(base.npv[3] + 0.5 * base.pv_costs[3]), rel=1e-9)
