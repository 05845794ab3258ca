"""``som-xl portfolio``, ``som-xl follow-up`` and ``calc --json``'s ``follow_up``: the
JSON contract, Danish text, and exit code 2 with Danish messages on bad input."""

import itertools
import json

import pytest

from som_xl.case import load_and_compute, results_to_json
from som_xl.cli.main import main
from som_xl.core import ACTOR_KEYS_TOTAL
from som_xl.paths import examples_dir

PLAN = examples_dir() / "housing_first.json"
MENTOR = examples_dir() / "egen_maalgruppe_mentor.json"
FOLLOWED = examples_dir() / "housing_first_opfoelgning.json"
ACTORS = {"kommune", "region", "stat", "total"}


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_portfolio_json_contract_and_exact_choice(capsys):
    sources = [str(MENTOR), str(PLAN), str(FOLLOWED)]
    out = run_json(capsys, "portfolio", *sources, "--budget", "6.000.000", "--budget-years", "2025-2028",
                   "--draws", "500", "--json")
    items = out["interventions"]
    assert [i["title"] for i in items] == [load_and_compute(s).case.title for s in sources]
    for item, source in zip(items, sources, strict=True):
        assert set(item["npv"]) == ACTORS
        # one price level and start year: each NPV is the case's own
        assert item["npv"] == pytest.approx(dict(zip(ACTOR_KEYS_TOTAL, load_and_compute(source).results.npv.tolist(),
                                                            strict=True)))
        assert 0 <= item["probability_npv_nonnegative"]["total"] <= 1
    assert {"year", "actor", "net"} <= set(out["combined"]["years"][0])
    sel = out["selection"]
    assert sel["budget_actor"] == "kommune" and sel["budget_years"] == [2025, 2026, 2027, 2028]
    # Brute force over the 2^3 sets with the costs the JSON reports.
    costs = [i["budget_net_cost"] for i in items]
    npv = [i["npv"]["total"] for i in items]
    best = max((s for k in range(4) for s in itertools.combinations(range(3), k)
                if sum(costs[i] for i in s) <= 6_000_000), key=lambda s: sum(npv[i] for i in s))
    assert sel["chosen"] == list(best)
    assert sel["objective_npv"] == pytest.approx(sum(npv[i] for i in best))
    assert set(sel["greedy"]) == {"chosen", "objective_npv", "net_cost"}


def test_portfolio_without_budget_has_no_selection(capsys):
    out = run_json(capsys, "portfolio", str(PLAN), "--draws", "100", "--json")
    assert "selection" not in out
    assert out["combined"]["budget_year"] == 2025 and out["combined"]["budget_period"] == [2025, 2026, 2027, 2028]
    assert out["interventions"][0]["npv"] == pytest.approx(results_to_json(load_and_compute(PLAN))["npv"])


def test_portfolio_prints_danish_tables(capsys):
    assert main(["portfolio", str(MENTOR), str(PLAN), "--budget", "3000000", "--draws", "100"]) == 0
    out = capsys.readouterr().out
    for words in ("Portefølje: 2 indsatser", "Samlet nettoresultat pr. år", "(budgetår)", "(overslagsår)",
                  "Budget: kommunens nettoudgift (omkostninger minus gevinster, ikke diskonteret)",
                  "Bedste valg (præcist", "illustrative"):
        assert words in out


@pytest.mark.parametrize("argv, words", [
    (["--budget", "mange penge"], "--budget: skal være et beløb i kroner"),
    (["--budget", "1000", "--budget-years", "2029-2026"], "--budget-years: skal være et år eller et interval"),
    (["--budget", "1000", "--budget-actor", "borger"], "--budget-actor: skal være en af kommune, region"),
    (["--budget", "-5"], "budgettet skal være et beløb på 0 kr. eller mere"),
])
def test_portfolio_bad_options_exit_2_in_danish(capsys, argv, words):
    assert main(["portfolio", str(PLAN), "--draws", "10", *argv]) == 2
    assert words in capsys.readouterr().err


def test_portfolio_names_the_file_with_the_problem(tmp_path, capsys):
    bad = tmp_path / "forkert.json"
    data = json.loads(PLAN.read_text("utf-8"))
    data["effect"]["success_rate"] = 2
    bad.write_text(json.dumps(data), "utf-8")
    assert main(["portfolio", str(PLAN), str(bad), str(tmp_path / "mangler.json"), "--draws", "10"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: $.effect.success_rate" in err and "mangler.json" in err and "findes ikke" in err


def test_calc_json_has_follow_up_only_with_actuals(capsys):
    assert "follow_up" not in run_json(capsys, "calc", str(PLAN), "--json")
    out = run_json(capsys, "calc", str(FOLLOWED), "--json")
    f = out["follow_up"]
    assert f["realised_success_rate"] == 3 / 18
    assert set(f["reforecast"]["npv"]) == ACTORS and set(f["reforecast"]["break_even_year"]) == ACTORS
    row = f["years"][0]
    assert set(row) == {"year", "actor", "planned_costs", "actual_costs"}
    kommune_2025 = next(r for r in f["years"] if r["year"] == 2025 and r["actor"] == "kommune")
    # Plan 2025: start-up 250,000 + 20 × (85,000 + 12,000); actual as typed.
    assert kommune_2025 == {"year": 2025, "actor": "kommune", "planned_costs": 250_000 + 20 * 97_000,
                            "actual_costs": 2_050_000}
    assert out["npv"] == f["plan"]["npv"]  # the calculation itself stays the plan


def test_follow_up_prints_danish_and_json(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # wide enough that no table cell wraps
    assert main(["follow-up", str(FOLLOWED), "--draws", "200"]) == 0
    out = capsys.readouterr().out
    assert "Realiseret succesrate: 3 succeser blandt 18 deltagere" in out
    assert "Omkostninger pr. år (kr.), plan og faktisk" in out and "Nettoresultat, ny prognose" in out
    data = run_json(capsys, "follow-up", str(FOLLOWED), "--draws", "200", "--json")
    assert set(data["probability_npv_nonnegative"]) == {"plan", "reforecast"}
    calc = run_json(capsys, "calc", str(FOLLOWED), "--json")
    assert data["reforecast"]["npv"] == calc["follow_up"]["reforecast"]["npv"]


def test_follow_up_without_actuals_exits_2(capsys):
    assert main(["follow-up", str(PLAN)]) == 2
    assert "sagen har ingen faktiske tal" in capsys.readouterr().err


def test_portfolio_flags_a_workbook_last_computed_with_other_knowledge(tmp_path, capsys):
    from openpyxl import load_workbook

    from som_xl.case import parse_case, read_case_file
    from som_xl.paths import template_path
    from som_xl.service.workbooks import fill_from_case
    from som_xl.workbook import layout as L

    book = tmp_path / "sag.xlsm"
    fill_from_case(book, parse_case(read_case_file(PLAN)), base=template_path())
    wb = load_workbook(book, keep_vba=True)
    ws = wb[L.RESULTATER]
    for row in range(L.PROVENANCE.first_row, L.PROVENANCE.first_row + L.PROVENANCE.rows):
        label = ws.cell(row=row, column=L.PROVENANCE.first_col).value
        if label in ("Vidensdatabase", "Indholds-hash"):
            ws.cell(row=row, column=L.PROVENANCE.first_col + 1,
                    value="gammel-viden 2020.1" if label == "Vidensdatabase" else "sha256:gammel")
    wb.save(book)
    out = run_json(capsys, "portfolio", str(book), str(MENTOR), "--draws", "50", "--json")
    assert out["interventions"][0]["recorded_knowledge"] == "gammel-viden 2020.1"
    assert any("blev sidst beregnet med vidensdatabasen gammel-viden 2020.1" in n for n in out["notes"])
    assert out["interventions"][1]["recorded_knowledge"] is None
