"""The sourcing share: how much of the gains rests on illustrative figures.

The demo and the own-target-group example are recomputed here with plain loops over the
knowledge CSVs (cohorts × years after success × consequence segments), independently of
the core's matrices and of :mod:`som_xl.case.sourcing`; a synthetic calculation checks
the classes and the sentence when every input is sourced.
"""

from __future__ import annotations

import csv
from types import SimpleNamespace

import numpy as np
import pytest

from som_xl.case import load_and_compute, results_to_json
from som_xl.case.sourcing import compute_sourcing, sentence
from som_xl.paths import default_knowledge_dir, examples_dir

KINDS = {"primary", "secondary"}


def _csv(name):
    with (default_knowledge_dir() / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


INDEX = {name: {int(r["year"]): (float(r["index"]), r["quality"]) for r in _csv(f"{name}.csv")}
         for name in ("net_price_index", "satsregulering")}
SOURCE_KIND = {r["source_id"]: r["source_kind"] for r in _csv("sources.csv")}
PRICES = {r["item"]: r for r in _csv("prices.csv")}
CHANGES = {r["item"]: r for r in _csv("price_changes.csv")}


CLASS_OF_QUALITY = {"illustrativ": "illustrative", "afledt": "derived"}


def price_in(item, year, level):
    """(total price at `level`, price class, index class) of `item` in calendar `year`."""
    row = CHANGES[item] if item in CHANGES and year >= int(CHANGES[item]["from_year"]) else PRICES[item]
    index = INDEX[row["uprate_with"]]
    frm = int(row["price_year"])
    total = sum(float(row[a]) for a in ("kommune", "region", "stat")) * index[level][0] / index[frm][0]
    klass = CLASS_OF_QUALITY.get(row["quality"]) or SOURCE_KIND[row["source"]]
    if frm == level:
        index_class = "not_used"
    else:
        index_class = "illustrative" if "illustrativ" in (index[level][1], index[frm][1]) else "primary"
    return total, klass, index_class


def loop_gains(lines, cohorts, duration, rate, start, horizon, level, discount=0.035):
    """item → {year: PV of the total gain}, by plain loops (refusion plays no part here: no item carries it)."""
    out = {}
    for item, profile in lines.items():
        cells = {}
        for year in range(start, start + horizon):
            v = 0.0
            for c_year, n in cohorts:
                tau = year - (c_year + duration - 1)
                if 0 <= tau < len(profile):
                    v -= n * rate * profile[tau] * price_in(item, year, level)[0]
            if v:
                cells[year] = v / (1 + discount) ** (year - start)
        out[item] = cells
    return out


def profiles(target_group, outcome=None):
    out = {}
    for r in _csv("consequences.csv"):
        if r["target_group"] == target_group and outcome in (None, r["outcome"]):
            q = out.setdefault(r["item"], [0.0] * 11)
            for tau in range(int(r["year_from"]), int(r["year_to"]) + 1):
                q[tau] = float(r["per_success"])
    return out


def test_demo_rests_on_derived_figures_and_its_net_result_matches_a_loop():
    """The demo (examples/indsatte_mentor.json): 3 × 40 inmates (2026-28), one-year programme,
    r = 38,1 %, price level 2023, 3,5 %. Its lines are derived (JM 2021 totals spread by DSI's
    shares), its prices primary (Kriminalforsorgen) or derived (kroner at the source's level),
    the index values 2015/2020 → 2023 published, the effect a secondary source: every gain rests
    at worst on a derived figure, none on an illustrative one."""
    comp = load_and_compute(examples_dir() / "indsatte_mentor.json")
    s = compute_sourcing(comp.resolution, comp.results)
    lines = profiles("indsatte_loesladte", "indsat_ingen_ny_kriminalitet")
    assert set(lines) == {"faengsel", "kr_retsvaesen_indsatte", "kr_stat_indsatte", "kr_kommune_indsatte"}
    gains = loop_gains(lines, [(2026, 40), (2027, 40), (2028, 40)], 1, 0.381, 2026, 10, 2023)
    total = sum(v for cells in gains.values() for v in cells.values())
    assert all(v > 0 for cells in gains.values() for v in cells.values())
    assert s.gains.total == pytest.approx(total)
    costs = 40 * 45000 * (1 + 1 / 1.035 + 1 / 1.035**2) + 300000
    assert comp.results.npv[3] == pytest.approx(total - costs)
    assert comp.results.pv_costs[3] == pytest.approx(costs)
    # the bar: at most half of the gains on illustrative figures; here none
    assert s.gains_share_illustrative == 0 <= 0.5
    assert s.gains.overall == pytest.approx({"illustrative": 0, "own": 0, "derived": 1, "secondary": 0, "primary": 0})
    assert s.gains.by_kind["consequences"]["derived"] == pytest.approx(1.0)
    assert s.gains.by_kind["effect"]["secondary"] == pytest.approx(1.0)
    prison = sum(gains["faengsel"].values()) / total  # Kriminalforsorgen's price: primary, 70 % of each year
    assert s.gains.by_kind["prices"]["primary"] == pytest.approx(prison) == pytest.approx(0.70, abs=0.001)
    assert s.gains.by_kind["index"]["primary"] == pytest.approx(1.0)
    assert sentence(s) == ("Ingen af gevinsterne bygger på illustrative tal; efter det svageste tal bag "
                           "hver gevinst: primære kilder 0 %, sekundære kilder 0 %, afledte tal 100 %, "
                           "illustrative tal 0 %.")
    assert s.knowledge_costs.total == 0 and s.own_costs_pv == pytest.approx(costs)


def test_housing_first_stays_a_second_example_on_derived_lines_an_illustrative_rate_and_index():
    """Housing First (60 participants, two-year programme, r = 25 %, 2025 prices): its only line
    is derived (§ 110 nights × 0,8), its rate is the package's illustrative assumption and its
    2025 index value an extrapolation, so all its gains still touch an illustrative figure."""
    comp = load_and_compute(examples_dir() / "housing_first.json")
    s = compute_sourcing(comp.resolution, comp.results)
    gains = loop_gains(profiles("hjemloese_voksne", "ude_af_hjemloeshed"), [(2025, 20), (2026, 20), (2027, 20)],
                       2, 0.25, 2025, 10, 2025)
    total = sum(v for cells in gains.values() for v in cells.values())
    assert s.gains.total == pytest.approx(total)
    assert s.gains.by_kind["consequences"]["derived"] == pytest.approx(1.0)
    assert s.gains.by_kind["effect"]["illustrative"] == pytest.approx(1.0)
    assert s.gains.by_kind["index"]["illustrative"] == pytest.approx(1.0)
    assert s.gains.by_kind["prices"]["secondary"] == pytest.approx(1.0)  # 550.000 kr. a year, a campaign page
    assert s.gains_share_illustrative == pytest.approx(1.0)
    assert sentence(s).startswith("100 % af gevinsterne bygger på illustrative tal (effekt, indeks)")
    assert comp.case.effect.evidence_level == 3  # a retention rate without a control group (issue 20)


def test_case_with_own_lines_and_rate_labels_them_egne_tal():
    """The mentor example: own consequence lines, an own success rate, an own item; the
    knowledge prices kontanthjælp (sourced until the 2025 reform) and tax (illustrative)."""
    comp = load_and_compute(examples_dir() / "egen_maalgruppe_mentor.json")
    s = compute_sourcing(comp.resolution, comp.results)
    lines = {"kontanthjaelp": [-6, -9, -8, -7, -6, -5], "skat_loenindkomst": [4, 8, 8, 8, 8, 8]}
    gains = loop_gains(lines, [(2025, 25), (2026, 25), (2027, 25)], 1, 0.15, 2025, 8, 2025)
    cells = [(item, y, v) for item, c in gains.items() for y, v in c.items()]
    total = sum(v for *_, v in cells)
    assert all(v > 0 for *_, v in cells) and s.gains.total == pytest.approx(total)
    primary = sum(v for item, y, v in cells if price_in(item, y, 2025)[1] == "primary") / total
    # kontanthjælp in 2025 only: the post-reform rate from 2026 is a placeholder
    assert primary == pytest.approx(gains["kontanthjaelp"][2025] / total)
    assert s.gains.by_kind["prices"]["primary"] == pytest.approx(primary)
    assert s.gains.by_kind["prices"]["illustrative"] == pytest.approx(1 - primary)
    assert s.gains.by_kind["consequences"]["own"] == pytest.approx(1.0)
    assert s.gains.by_kind["effect"]["own"] == pytest.approx(1.0)
    assert s.gains.any_input["own"] == pytest.approx(1.0)
    # kontanthjælp is uprated 2024 → 2025 by the satsregulering, sourced since 2026.3.0 (3,6 %); the tax
    # (net price index 2024 → 2025) by extrapolated values, and kontanthjælp from 2026 is a placeholder
    tax = sum(v for item, _, v in cells if item == "skat_loenindkomst") / total
    assert s.gains.by_kind["index"]["illustrative"] == pytest.approx(tax)
    assert s.gains.by_kind["index"]["primary"] == pytest.approx(1 - tax)
    assert s.gains_share_illustrative == pytest.approx(1 - primary)
    # the own item's extra conversations are own costs, not knowledge-based costs
    assert s.knowledge_costs.total == 0
    own_item = sum(-2 * 900 * 3.75 / 1.035 ** (y - 2025) for y in (2025, 2026, 2027)) + sum(
        -1 * 900 * 3.75 / 1.035 ** (y - 2025) for y in (2026, 2027, 2028))
    assert s.own_costs_pv == pytest.approx(comp.results.pv_costs[3] - own_item)
    assert "100 % bygger helt eller delvis på kommunens egne tal" in sentence(s)


def _fake(price_quality="kilde", kind="primary", effect="viden", changes=(), line_quality="kilde"):
    price = SimpleNamespace(origin="viden", quality=price_quality, source_kind=kind, index_quality="kilde",
                            index_source_kind="primary", changes=changes)
    line = SimpleNamespace(origin="viden", quality=line_quality, source_kind="primary")
    resolution = SimpleNamespace(consequences=(line,), prices=(price,),
                                 effect_source=SimpleNamespace(origin=effect, quality="kilde", source_kind="primary"))
    g = np.zeros((1, 4, 3))
    g[0, 3] = [100.0, 200.0, -50.0]
    results = SimpleNamespace(discount_factors=np.ones(3), gains_by_item=g, years=np.array([2030, 2031, 2032]),
                              pv_costs=np.array([0, 0, 0, 40.0]))
    return resolution, results


def test_a_calculation_whose_inputs_are_all_sourced_says_so():
    s = compute_sourcing(*_fake())
    assert s.gains_share_illustrative == 0 and s.gains.overall["primary"] == 1
    assert sentence(s) == ("Ingen af gevinsterne bygger på illustrative tal; efter det svageste tal bag "
                           "hver gevinst: primære kilder 100 %, sekundære kilder 0 %, afledte tal 0 %, "
                           "illustrative tal 0 %.")
    assert s.knowledge_costs.total == 50 and s.knowledge_costs.overall["primary"] == 1


def test_a_price_change_moves_the_later_years_to_its_own_class():
    change = SimpleNamespace(from_year=2031, quality="illustrativ", source_kind="primary", index_quality="kilde",
                             index_source_kind="primary")
    s = compute_sourcing(*_fake(changes=(change,)))
    assert s.gains.overall == pytest.approx({"illustrative": 2 / 3, "own": 0, "derived": 0, "secondary": 0,
                                             "primary": 1 / 3})
    assert sentence(s) == ("67 % af gevinsterne bygger på illustrative tal (priser); efter det svageste tal bag hver "
                           "gevinst: primære kilder 33 %, sekundære kilder 0 %, afledte tal 0 %, illustrative tal "
                           "67 %; 67 % bygger på illustrative eller sekundære priser.")
    secondary_own = compute_sourcing(*_fake(kind="secondary", effect="bruger"))
    assert secondary_own.gains.overall["own"] == 1 and secondary_own.gains.any_input["secondary"] == 1


def test_a_derived_consequence_line_is_counted_as_derived_and_a_weaker_input_still_wins():
    """The four classes are counted apart: a derived line with primary prices is 'derived';
    the same line priced illustratively is 'illustrative' (the weakest input)."""
    s = compute_sourcing(*_fake(line_quality="afledt"))
    assert s.gains.overall == pytest.approx({"illustrative": 0, "own": 0, "derived": 1, "secondary": 0, "primary": 0})
    assert s.gains.by_kind["consequences"]["derived"] == 1 and s.gains.by_kind["prices"]["primary"] == 1
    assert sentence(s) == ("Ingen af gevinsterne bygger på illustrative tal; efter det svageste tal bag "
                           "hver gevinst: primære kilder 0 %, sekundære kilder 0 %, afledte tal 100 %, "
                           "illustrative tal 0 %.")
    weaker = compute_sourcing(*_fake(line_quality="afledt", price_quality="illustrativ"))
    assert weaker.gains.overall["illustrative"] == 1 and weaker.gains.any_input["derived"] == 1
    secondary = compute_sourcing(*_fake(line_quality="afledt", kind="secondary"))
    assert secondary.gains.overall["derived"] == 1 and secondary.gains.any_input["secondary"] == 1


def test_calc_json_and_provenance_carry_the_share():
    comp = load_and_compute(examples_dir() / "housing_first.json")
    data = results_to_json(comp)["sourcing"]
    assert data["gains_share_illustrative"] == pytest.approx(1.0)
    assert set(data["by_kind"]) == {"consequences", "effect", "prices", "index"}
    assert data["gains"]["by_class"]["illustrative"] == pytest.approx(1.0) and "derived" in data["gains"]["by_class"]
    assert data["text_da"].startswith("100 % af gevinsterne bygger på illustrative tal")
    from som_xl.case.provenance import record

    assert record(comp)["sourcing"]["gains_share_illustrative"] == pytest.approx(1.0)
    demo = results_to_json(load_and_compute(examples_dir() / "indsatte_mentor.json"))["sourcing"]
    assert demo["gains"]["by_class"]["derived"] == pytest.approx(1.0) and demo["gains_share_illustrative"] == 0


def test_the_coverage_table_in_the_knowledge_readme_is_the_package_as_shipped():
    """The README's 'after' row: the package's rows by class and the demo's gains by the
    weakest class of their inputs."""
    from som_xl.knowledge import load_knowledge
    from som_xl.knowledge.coverage import total_coverage

    k = load_knowledge()
    readme = (default_knowledge_dir() / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| after: {k.version} |"))
    cells = [c.strip() for c in row.strip("|").split("|")][1:]
    rows = total_coverage(default_knowledge_dir())
    classes = ("primary", "secondary", "derived", "illustrative")
    assert [int(c) for c in cells[:4]] == [rows[c] for c in classes]
    assert cells[4] == "`examples/indsatte_mentor.json`"
    s = load_and_compute(examples_dir() / "indsatte_mentor.json", k).sourcing
    assert cells[5:] == [f"{round(100 * s.gains.overall[c])} %" for c in classes]


def test_package_lines_typed_unchanged_stay_the_packages_and_an_edited_line_is_own():
    """The Konsekvenser sheet holds the package's lines as typed lines: unchanged, they are
    still the package's (derived) lines; an edited one is the municipality's own."""
    import json

    from som_xl.case import compute, parse_case
    from som_xl.knowledge import load_knowledge

    k = load_knowledge()
    data = json.loads((examples_dir() / "indsatte_mentor.json").read_text(encoding="utf-8"))
    profiles_ = k.consequence_profiles("indsatte_loesladte", "indsat_ingen_ny_kriminalitet")
    data["consequences"] = [{"item": p.item, "per_success_by_year": list(p.per_success_by_year) + [0, 0],
                             "source": "Viden (afledt): x"} for p in profiles_]
    data["consequences"][0]["per_success_by_year"][0] -= 1  # prison days, year 0: edited
    comp = compute(parse_case(data), k)
    origins = {c.item: c.origin for c in comp.resolution.consequences}
    assert origins["faengsel"] == "bruger"
    assert {i for i, o in origins.items() if o == "viden"} == {p.item for p in profiles_} - {"faengsel"}
    assert comp.sourcing.gains.by_kind["consequences"]["own"] > 0
    assert comp.sourcing.gains.by_kind["consequences"]["derived"] > 0


def test_a_target_group_whose_evidence_carries_no_profile_says_so_with_the_calculation():
    """MST (KORA 2017: no fewer convictions): the package's lines are illustrative, and the
    calculation carries the package's plain statement as a warning; a derived group does not."""
    import json

    from som_xl.case import compute, parse_case

    data = json.loads((examples_dir() / "housing_first.json").read_text(encoding="utf-8"))
    data.update(target_group="unge_14_17_kriminalitet", effect={"success_rate": 0.1})
    [warning] = [w for w in compute(parse_case(data)).warnings if w.type == "illustrative-consequences"]
    assert warning.location == "$.target_group" and warning.severity == "warning"
    assert "fandt ingen færre domme" in warning.message and "illustrative eksempeltal" in warning.message
    demo = load_and_compute(examples_dir() / "indsatte_mentor.json")
    assert not [w for w in demo.warnings if w.type == "illustrative-consequences"]
