"""One Danish wording per break-even state on every surface (issue 23, point 2).

An actor without net costs has nothing to pay back: its break-even year reads "ingen
omkostninger" everywhere (CLI, sheets, report, web page, ``experience show``, JSON),
never "ikke opnået" and never "ikke i horisonten". The shipped own-target-group example
has such an actor: the state pays nothing and gains every year. A variant whose costs
are all avoided costs has no net costs for the public sector as a whole, which the
portfolio and the Monte Carlo report for the total.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from som_xl.case import compute, load_and_compute, parse_case
from som_xl.case.text import NO_COSTS, NOT_IN_HORIZON
from som_xl.cli.main import main
from som_xl.core.entities import ACTOR_KEYS_TOTAL, TOTAL_INDEX
from som_xl.paths import examples_dir

MENTOR = examples_dir() / "egen_maalgruppe_mentor.json"
STAT = ACTOR_KEYS_TOTAL.index("stat")
WRONG = ("ikke opnået",)


def mentor() -> dict:
    return json.loads(MENTOR.read_text("utf-8"))


def with_actuals(data: dict) -> dict:
    """The example followed up after its first year, with the plan's own costs and participants."""
    data = copy.deepcopy(data)
    first = data["programme"]["cohorts"][0]
    plan = compute(parse_case(data)).results
    data["actuals"] = [{"year": first["year"], "participants": first["participants"],
                        "costs": {k: float(plan.costs[a, 0]) for a, k in enumerate(ACTOR_KEYS_TOTAL[:TOTAL_INDEX])},
                        "successes": 0}]
    return data


def all_savings(data: dict) -> dict:
    """The example with avoided costs only: nothing to pay back for anyone."""
    data = copy.deepcopy(data)
    data["costs"] = [{"label": "Sparet sagsbehandling", "payer": "kommune", "kind": "sparet", "basis": "total",
                      "amount": -500000, "year": data["settings"]["start_year"]}]
    return data


def write(tmp_path, name: str, data: dict):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def row_cells(text: str, label: str) -> str:
    """The table row(s) that start with ``label`` (a row may wrap over the following lines)."""
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if label in line)
    return " ".join(lines[i:i + 3])


def test_the_example_has_a_state_without_costs_that_gains_every_year():
    r = load_and_compute(MENTOR).results
    assert r.no_net_costs[STAT] and r.break_even_year[STAT] is None
    assert r.pv_costs[STAT] == 0 and r.npv[STAT] > 0
    assert (r.cumulative_discounted_net[STAT] > 0).all()


def test_cli_calc_report_and_json(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["calc", str(MENTOR)]) == 0
    row = row_cells(capsys.readouterr().out, "Break-even-år")
    assert row.count(NO_COSTS) == 2  # region and stat
    assert main(["calc", str(MENTOR), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["break_even_year"]["stat"] is None and data["break_even_year_reason"]["stat"] == NO_COSTS
    from som_xl.report import case_document, to_markdown

    md = to_markdown(case_document(parse_case(mentor()), None))
    year_row = next(line for line in md.splitlines() if line.startswith("| Break-even-år"))
    assert year_row.split("|")[1 + 1 + STAT].strip() == NO_COSTS
    assert not any(w in md for w in WRONG)


def test_follow_up_cli_json_sheet_and_report(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    path = write(tmp_path, "fulgt.json", with_actuals(mentor()))
    assert main(["follow-up", str(path), "--draws", "100"]) == 0
    out = capsys.readouterr().out
    for label in ("Break-even-år, plan", "Break-even-år, ny prognose"):
        line = next(x for x in out.splitlines() if label in x)
        assert [c.strip() for c in line.split("│")[1:-1]][1 + STAT] == NO_COSTS, line
    assert main(["follow-up", str(path), "--draws", "100", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("plan", "reforecast"):
        assert data[key]["break_even_year"]["stat"] is None
        assert data[key]["break_even_year_reason"]["stat"] == NO_COSTS
    assert main(["calc", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["follow_up"]["plan"]["break_even_year_reason"]["stat"] == NO_COSTS
    from som_xl.followup import follow_up_computation
    from som_xl.workbook.followup_sheet import key_figure_rows

    rows = key_figure_rows(follow_up_computation(load_and_compute(path)))
    assert rows[2][STAT] == NO_COSTS and rows[3][STAT] == NO_COSTS  # plan and re-forecast


def test_savings_only_total_in_follow_up_report_portfolio_and_monte_carlo(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    savings = write(tmp_path, "besparelse.json", all_savings(mentor()))
    r = load_and_compute(savings).results
    assert r.no_net_costs[TOTAL_INDEX] and r.break_even_year[TOTAL_INDEX] is None
    # the portfolio: text, JSON, its workbook and its report
    assert main(["portfolio", str(savings), str(MENTOR), "--draws", "100"]) == 0
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if re.match(r"│\s+1 │", line) and "%" in line)
    assert NO_COSTS in first and NOT_IN_HORIZON not in first
    assert main(["portfolio", str(savings), "--draws", "100", "--json"]) == 0
    item = json.loads(capsys.readouterr().out)["interventions"][0]
    assert item["break_even_year"]["total"] is None and item["break_even_year_reason"]["total"] == NO_COSTS
    from som_xl.cli.main import build_parser
    from som_xl.cli.portfolio import build
    from som_xl.report import portfolio_document
    from som_xl.workbook.portfolio_book import intervention_rows

    portfolio, choice, year = build(build_parser().parse_args(["portfolio", str(savings), "--draws", "100"]))
    assert NO_COSTS in intervention_rows(portfolio, choice)[0]
    doc = portfolio_document(portfolio, choice, year, portfolio.interventions[0].knowledge)
    assert NO_COSTS in doc.strings() and NOT_IN_HORIZON not in doc.strings()
    # the Monte Carlo's break-even years, in the CLI
    assert main(["sensitivity", str(savings), "--draws", "200"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Break-even-år, i alt"))
    assert f"{NO_COSTS}: 100,0 %" in line
    # the follow-up section of the report, for the total
    from som_xl.report import case_document, to_markdown

    md = to_markdown(case_document(parse_case(with_actuals(all_savings(mentor()))), None))
    row = next(line for line in md.splitlines() if line.startswith("| Break-even-år i alt"))
    assert row.count(NO_COSTS) == 2 and NOT_IN_HORIZON not in row


def test_the_sheet_the_web_page_and_experience_show(tmp_path):
    from fastapi.testclient import TestClient

    from som_xl.experience import open_db
    from som_xl.experience.case_link import fields_from_case_file
    from som_xl.experience.render import format_record
    from som_xl.web.app import create_app
    from som_xl.web.settings import WebSettings
    from som_xl.workbook.writer import key_figure_rows

    assert key_figure_rows(load_and_compute(MENTOR))[4][STAT] == NO_COSTS  # Resultater
    url = f"sqlite:///{tmp_path / 'erfaringer.sqlite'}"
    with open_db(url) as db:
        org = db.accounts.ensure_organisation("Eksempelkommune", "kommune")
        fields, _ = fields_from_case_file(MENTOR)
        fields.update(review_status="offentliggjort", actor_name="Eksempelkommune", actor_type="kommune")
        record = db.add(fields, organisation_id=org.id)
        shown = format_record(db.require(record.id))
    line = next(x for x in shown.splitlines() if "Break-even-år" in x)
    assert f"stat {NO_COSTS}" in line and not any(w in shown for w in WRONG)
    app = create_app(WebSettings(db_url=url, secret_key="test-secret-" + "x" * 20))
    page = TestClient(app, base_url="https://testserver").get(f"/poster/{record.id}").text
    row = re.search(r"<tr><th scope=\"row\">Break-even-år</th>(.*?)</tr>", page, re.S).group(1)
    cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[STAT] == NO_COSTS and cells[ACTOR_KEYS_TOTAL.index("region")] == NO_COSTS
    assert not any(w in page for w in WRONG)


@pytest.mark.parametrize("reason, shown", [(None, "–"), (NOT_IN_HORIZON, NOT_IN_HORIZON)])
def test_a_record_without_a_reason_says_nothing_it_does_not_know(reason, shown):
    from som_xl.experience.render import key_results_lines

    key = {"break_even_year": {"kommune": None, "total": 2030}}
    if reason:
        key["break_even_year_reason"] = {"kommune": reason, "total": None}
    assert key_results_lines(key) == [f"Break-even-år: kommune {shown}, i alt 2030"]
