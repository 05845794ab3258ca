"""The shipped examples validate against the published schema and compute; the own
target group example is recomputed here by hand from the knowledge CSVs."""

import csv
import json

import jsonschema
import pytest

from som_xl.case import case_schema, load_and_compute
from som_xl.paths import default_knowledge_dir, examples_dir


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.name)
def test_every_example_fits_the_schema_and_computes(path):
    jsonschema.validate(json.loads(path.read_text("utf-8")), case_schema())
    comp = load_and_compute(path)
    assert comp.results.npv.shape == (4,)


def _csv(name):
    return list(csv.DictReader((default_knowledge_dir() / name).open(encoding="utf-8")))


def test_own_target_group_example_matches_a_hand_computation():
    """75 participants (25 a year, 2025–27), one-year programme, r = 15 %, 3.5 %.

    Successes: 3.75 a year in 2025, 2026, 2027 (success year = start year).
    """
    indexes = {name: {int(r["year"]): float(r["index"]) for r in _csv(f"{name}.csv")}
               for name in ("net_price_index", "satsregulering")}
    prices = {r["item"]: r for r in _csv("prices.csv")}
    changes = {r["item"]: r for r in _csv("price_changes.csv")}

    def price(item, actor, year):  # the row in force in calendar `year`, uprated to 2025 by its own index
        row = prices[item]
        if item in changes and year >= int(changes[item]["from_year"]):
            row = changes[item]
        index = indexes[row["uprate_with"]]
        return float(row[actor]) * index[2025] / index[int(row["price_year"])]

    q = {"kontanthjaelp": [-6, -9, -8, -7, -6, -5], "skat_loenindkomst": [4, 8, 8, 8, 8, 8]}
    years = range(2025, 2033)
    kommune = {y: 0.0 for y in years}
    stat = {y: 0.0 for y in years}
    for start in (2025, 2026, 2027):
        s = 25 * 0.15
        for item, profile in q.items():
            for tau, qty in enumerate(profile):
                y = start + tau
                if y in kommune:
                    kommune[y] -= s * qty * price(item, "kommune", y)
                    stat[y] -= s * qty * price(item, "stat", y)
        for tau, qty in enumerate([2, 1]):  # own item: 900 kr per conversation, kommune
            if start + tau in kommune:
                kommune[start + tau] -= s * qty * 900
        kommune[start] -= 25 * (62000 - 8000)  # drift minus avoided costs, per participant-year
    kommune[2025] -= 150000
    npv_k = sum(v / 1.035 ** (y - 2025) for y, v in kommune.items())
    npv_s = sum(v / 1.035 ** (y - 2025) for y, v in stat.items())

    r = load_and_compute(examples_dir() / "egen_maalgruppe_mentor.json").results
    assert r.npv[0] == pytest.approx(npv_k, abs=0.01)
    assert r.npv[2] == pytest.approx(npv_s, abs=0.01)
    assert r.npv[1] == 0


def test_the_demo_computes_the_evidence_case_first_and_says_what_it_rests_on(tmp_path, capsys):
    """``som-xl demo``: the mentor scheme for inmates in full, its Grundlag line saying no gain
    rests on an illustrative figure, Housing First as a second example, both as workbooks."""
    from som_xl.cli.main import main

    assert main(["demo", "-o", str(tmp_path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("Mentorindsats for indsatte før og efter løsladelse")
    assert ("Grundlag: Ingen af gevinsterne bygger på illustrative tal; efter det svageste tal bag hver gevinst: "
            "primære kilder 0 %, sekundære kilder 0 %, afledte tal 100 %, illustrative tal 0 %.") in out
    assert "Andet eksempel, Housing First med bostøtte til hjemløse borgere" in out
    written = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".som-xl-lock"))  # POSIX locks stay
    assert written == ["housing_first.xlsm", "indsatte_mentor.xlsm"]
