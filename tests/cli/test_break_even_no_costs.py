"""Break-even for an actor with no net costs (issue 12, point 14).

In the demo (a mentor scheme for inmates, paid by the kommune) the state pays nothing and
gains: there is nothing to pay back, so the break-even year is "ingen omkostninger" (never
the first year) and the break-even success rate "uanset succesrate" (never "0,0 %"), said
the same way in the CLI, the sheets, the report and the JSON (``null`` plus a reason).
"""

from __future__ import annotations

import json

import pytest

from som_xl.case import compute, load_and_compute, parse_case
from som_xl.cli.main import main
from som_xl.core.entities import ACTOR_KEYS_TOTAL
from som_xl.paths import examples_dir

EXAMPLE = examples_dir() / "indsatte_mentor.json"
NO_COSTS = ("stat",)


def test_the_example_really_has_actors_without_costs_that_gain():
    r = load_and_compute(EXAMPLE).results
    for actor in NO_COSTS:
        a = ACTOR_KEYS_TOTAL.index(actor)
        assert r.pv_costs[a] == 0 and r.pv_gains[a] > 0
        assert r.no_net_costs[a]
    assert not r.no_net_costs[0]


def test_the_json_gives_null_and_a_reason(capsys):
    assert main(["calc", str(EXAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for actor in NO_COSTS:
        assert out["break_even_year"][actor] is None
        assert out["break_even_year_reason"][actor] == "ingen omkostninger"
        assert out["break_even_success_rate"][actor] is None
        assert out["break_even_success_rate_reason"][actor] == "uanset succesrate"
    assert out["break_even_year"]["kommune"] is None
    assert out["break_even_year_reason"]["kommune"] == "ikke i horisonten"
    # by hand: the kommune's 5.053 kr. a year per success (2020 prices, knowledge_tables/consequences.csv)
    # at 2023 prices, years 0-9 after success within 2026-2035, against its own costs, 3,5 %
    gain = 5053 * 118.04 / 103.87 * sum(40 * 1.035 ** -(t - 2026) for y in (2026, 2027, 2028) for t in range(y, 2036))
    costs = 40 * 45000 * (1 + 1 / 1.035 + 1 / 1.035**2) + 300000
    assert out["break_even_success_rate"]["kommune"] == pytest.approx(costs / gain, rel=1e-3)
    assert out["break_even_success_rate_reason"]["kommune"] is None


def test_the_cli_table_says_it_in_words(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # wide enough that no table cell wraps
    assert main(["calc", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    year_row = next(line for line in out.splitlines() if "Break-even-år" in line)
    rate_row = next(line for line in out.splitlines() if "Break-even-succesrate" in line)
    assert year_row.count("ingen omkostninger") == 2 and "2026" not in year_row  # the region: no costs either
    assert rate_row.count("uanset succesrate") == 1 and "0,0 %" not in rate_row


def test_the_sheet_and_the_report_say_the_same(tmp_path):
    from som_xl.report import build_document
    from som_xl.workbook.writer import key_figure_rows

    comp = load_and_compute(EXAMPLE)
    rows = key_figure_rows(comp)
    years, rates = rows[4], rows[6]
    for actor in NO_COSTS:
        a = ACTOR_KEYS_TOTAL.index(actor)
        assert years[a] == "ingen omkostninger" and rates[a] == "uanset succesrate"
    table = build_document(comp).section("noegletal").table
    year_cells = next(r for r in table.rows if r[0] == "Break-even-år")
    rate_cells = next(r for r in table.rows if r[0].startswith("Break-even-succesrate"))
    for actor in NO_COSTS:
        a = 1 + ACTOR_KEYS_TOTAL.index(actor)
        assert year_cells[a] == "ingen omkostninger" and rate_cells[a] == "uanset succesrate"


def test_net_savings_count_as_no_net_costs():
    """Avoided costs larger than the costs: nothing to pay back either (not a negative rate)."""
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["costs"] = [{"label": "Sparet", "payer": "kommune", "kind": "sparet", "basis": "total", "amount": -1e6,
                      "year": 2026}]
    r = compute(parse_case(data)).results
    assert r.no_net_costs[0] and r.break_even_success_rate[0] is None and r.break_even_year[0] is None
