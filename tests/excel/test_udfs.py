"""The worksheet functions, called as plain Python (what ``@xw.func`` leaves on Linux).

Each normal call is checked against an independent computation from the knowledge CSV
files or numpy-financial; each bad argument gives a Danish ``#SØM: …`` text, never an
exception.
"""

from __future__ import annotations

import csv
import math

import numpy as np
import numpy_financial as npf
import pytest

from som_xl.case import compute
from som_xl.excel import udfs as U
from som_xl.workbook import layout as L
from tests.excel.conftest import ROOT, filled

TABLES = ROOT / "knowledge_tables"


def _csv(name: str) -> list[dict]:
    with open(TABLES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


INDEXES = {name: {int(r["year"]): float(r["index"]) for r in _csv(f"{name}.csv")}
           for name in ("net_price_index", "satsregulering")}
INDEX = INDEXES["net_price_index"]
PRICES = {r["item"]: r for r in _csv("prices.csv")}


def index_of(item: str) -> dict[int, float]:
    """The index the item's price is uprated with (transfers: satsregulering)."""
    return INDEXES[PRICES[item]["uprate_with"]]


# --- SOM_PRIS ------------------------------------------------------------------------

@pytest.mark.parametrize("item", sorted(PRICES))
def test_som_pris_is_the_csv_price_times_the_index_ratio(item):
    row = PRICES[item]
    year = int(row["price_year"])
    index = index_of(item)
    for level in (2020, 2025, max(INDEX)):
        ratio = index[level] / index[year]
        if row["refusion_rule"]:  # the state's refusion moves part of the kommune's amount (tests/knowledge)
            total = sum(float(row[a]) for a in ("kommune", "region", "stat")) * ratio
            assert U.SOM_PRIS(item, "i alt", level) == pytest.approx(total, rel=1e-12)
            assert U.SOM_PRIS(item, "stat", level) > 0
            continue
        for actor in ("kommune", "region", "stat"):
            assert U.SOM_PRIS(item, actor, level) == pytest.approx(float(row[actor]) * ratio, rel=1e-12)
    total = sum(float(row[a]) for a in ("kommune", "region", "stat")) * index[max(INDEX)] / index[year]
    assert U.SOM_PRIS(item) == pytest.approx(total, rel=1e-12)  # defaults: i alt, latest index year
    assert U.SOM_PRIS(item, "i alt", None) == pytest.approx(total, rel=1e-12)


def test_som_pris_accepts_the_danish_item_name(knowledge):
    item = knowledge.item("forsorgshjem_110")
    assert U.SOM_PRIS(item.name_da.upper(), "kommune", 2023.0) == pytest.approx(1506.85)


# --- SOM_KONSEKVENS --------------------------------------------------------------------

def _profile_from_csv(group: str, item: str) -> dict[int, float]:
    first_outcome = next(r["outcome"] for r in _csv("outcomes.csv") if r["target_group"] == group)
    out: dict[int, float] = {}
    for r in _csv("consequences.csv"):
        if r["target_group"] == group and r["outcome"] == first_outcome and r["item"] == item:
            for t in range(int(r["year_from"]), int(r["year_to"]) + 1):
                out[t] = out.get(t, 0.0) + float(r["per_success"])
    return out


@pytest.mark.parametrize("group, item", sorted({(r["target_group"], r["item"]) for r in _csv("consequences.csv")}))
def test_som_konsekvens_matches_the_csv_segments(group, item):
    expected = _profile_from_csv(group, item)
    for year in range(0, 13):
        assert U.SOM_KONSEKVENS(group, item, year) == pytest.approx(expected.get(year, 0.0))


def test_som_konsekvens_is_zero_for_a_known_item_the_group_does_not_have():
    assert U.SOM_KONSEKVENS("hjemloese_voksne", "forsorgshjem_110", 1) == -44.0  # 55 nights × 0,8 (derived)
    other = next(r["item"] for r in _csv("items.csv")
                 if not _profile_from_csv("hjemloese_voksne", r["item"]))
    assert U.SOM_KONSEKVENS("hjemloese_voksne", other, 0) == 0.0


# --- SOM_NUTIDSVAERDI ------------------------------------------------------------------

@pytest.mark.parametrize("rate", [0.0, 0.02, 0.035, 0.07])
def test_som_nutidsvaerdi_constant_rate_equals_numpy_financial_npv(rate):
    # numpy_financial.npv discounts the first value by (1 + r)**0, i.e. year 0 undiscounted,
    # which is also Excel's =B1 + NPV(r; B2:Bn).
    amounts = [-1000.0, 250.0, 300.0, 0.0, 450.0, 500.0, -20.0]
    assert U.SOM_NUTIDSVAERDI([amounts], rate) == pytest.approx(npf.npv(rate, amounts), rel=1e-12)
    column = [[a] for a in amounts]
    assert U.SOM_NUTIDSVAERDI(column, f"{rate * 100:.1f} %".replace(".", ",")) == pytest.approx(
        npf.npv(rate, amounts), rel=1e-12)


def _fm_factor(t: int) -> float:
    # Finansministeriet 2021: r_u = 3.5 % for u = 1..35, 2.5 % for u = 36..70; year 0 undiscounted.
    f = 1.0
    for u in range(1, t + 1):
        f /= 1.035 if u <= 35 else 1.025
    return f


def test_som_nutidsvaerdi_default_is_the_fm_schedule_by_hand():
    amounts = [100.0 + 3 * t for t in range(50)]  # crosses the change of rate after year 35
    expected = sum(a * _fm_factor(t) for t, a in enumerate(amounts))
    assert U.SOM_NUTIDSVAERDI([amounts]) == pytest.approx(expected, rel=1e-12)


def test_som_nutidsvaerdi_startaar_shifts_the_first_amount():
    amounts = [100.0, 200.0, 300.0]
    expected = sum(a * _fm_factor(34 + i) for i, a in enumerate(amounts))
    assert U.SOM_NUTIDSVAERDI([amounts], None, 34) == pytest.approx(expected, rel=1e-12)
    assert U.SOM_NUTIDSVAERDI([amounts], 0.1, 2) == pytest.approx(npf.npv(0.1, [0, 0, *amounts]), rel=1e-12)


def test_som_nutidsvaerdi_blank_cells_are_zero_not_skipped():
    # Excel's NPV skips blank cells (shifting later years); SØM counts them as 0.
    assert U.SOM_NUTIDSVAERDI([[100.0, None, 100.0]], 0.1) == pytest.approx(100 + 100 / 1.21)


# --- SOM_BREAKEVEN ---------------------------------------------------------------------

def test_som_breakeven_equals_the_engine_on_the_example_case(case, knowledge):
    r = compute(case, knowledge).results
    costs = [float(v) for v in r.costs[3]]
    gains_full = [float(v) / r.success_rate for v in r.gains[3]]
    assert U.SOM_BREAKEVEN([costs], [gains_full]) == pytest.approx(r.break_even_success_rate[3], rel=1e-10)


def test_som_breakeven_by_hand_with_a_rate():
    expected = (100 + 50 / 1.05) / (0 + 80 / 1.05 + 80 / 1.05 ** 2)
    assert U.SOM_BREAKEVEN([[100.0, 50.0]], [[0.0, 80.0, 80.0]], 0.05) == pytest.approx(expected)


# --- SOM_VIDEN -------------------------------------------------------------------------

def test_som_viden_is_a_rectangular_table_with_sources_and_price_years(knowledge):
    table = U.SOM_VIDEN("Voksne i hjemløshed")
    assert len({len(r) for r in table}) == 1 and table[0][:2] == ["Målgruppe", "Voksne i hjemløshed"]
    profiles = knowledge.consequence_profiles("hjemloese_voksne", "ude_af_hjemloeshed")  # the first outcome's
    col0 = [r[0] for r in table]
    assert {p.item for p in profiles} <= set(col0)
    header = next(i for i, r in enumerate(table) if r[:4] == ["Vare", "Navn", "Enhed", "Prisår"])
    price_rows = table[header + 1:]
    for row in price_rows[::2]:  # at its own price year, then uprated
        assert row[3] == int(PRICES[row[0]]["price_year"]) and row[7] and row[8] in ("kilde", "afledt", "illustrativ")
    for row in price_rows[1::2]:
        item = price_rows[price_rows.index(row) - 1][0]
        index = index_of(item)
        assert row[3] == max(INDEX) and row[9] == pytest.approx(index[max(INDEX)] / index[int(
            PRICES[item]["price_year"])])


def test_som_viden_price_level_argument():
    table = U.SOM_VIDEN("hjemloese_voksne", None, 2020)
    assert ["Prisniveau", 2020] == table[3][:2]


# --- SOM_BEREGN ------------------------------------------------------------------------

def _ranges(backend):
    return [backend.read(b.name).values for b in (L.SETTINGS, L.COHORTS, L.COSTS, L.CONSEQUENCES,
                                                   L.LOCAL_PRICES, L.OWN_ITEMS)]


def _assert_key_figures(table, results):
    assert table[0] == ["Nøgletal", "Kommune", "Region", "Stat", "I alt"]
    assert [r[0] for r in table[1:]] == list(L.KEY_FIGURE_ROWS)
    for row, expected in ((1, results.pv_costs), (2, results.pv_gains), (3, results.npv),
                          (4, results.npv_per_participant)):
        assert table[row][1:] == pytest.approx([float(v) for v in expected], rel=1e-12)
    assert table[7][4] == pytest.approx(results.break_even_success_rate[3])


def test_som_beregn_on_the_workbook_ranges_equals_compute(case, knowledge):
    ranges = _ranges(filled(case, knowledge))
    _assert_key_figures(U.SOM_BEREGN(*ranges), compute(case, knowledge).results)


def test_som_beregn_with_two_column_settings(case, knowledge):
    settings, cohorts, costs, *_ = _ranges(filled(case, knowledge))
    pairs = [[f.label + (" *" if f.required else ""), v[0]] for f, v in zip(L.SETTINGS_FIELDS, settings, strict=True)
             if v[0] is not None]
    # Without consequence lines, the target group's knowledge lines are used, as in the case file.
    _assert_key_figures(U.SOM_BEREGN(pairs, cohorts, costs), compute(case, knowledge).results)


def test_som_beregn_with_a_case_file_path(case, knowledge):
    from tests.excel.conftest import EXAMPLE

    _assert_key_figures(U.SOM_BEREGN(str(EXAMPLE)), compute(case, knowledge).results)


# --- bad arguments ---------------------------------------------------------------------

BAD = [
    (U.SOM_PRIS, ("x",), "#SØM: ukendt vare 'x'"),
    (U.SOM_PRIS, ("forsorgshjem_110", "borger"), "#SØM: ukendt aktør 'borger'"),
    (U.SOM_PRIS, ("forsorgshjem_110", None, 1990), "#SØM: prisåret 1990 findes ikke i nettoprisindekset"),
    (U.SOM_PRIS, ("forsorgshjem_110", None, 2025.5), "#SØM: prisår skal være et helt tal"),
    (U.SOM_PRIS, (None,), "#SØM: vare skal udfyldes"),
    (U.SOM_KONSEKVENS, ("", "forsorgshjem_110", 0), "#SØM: målgruppe skal udfyldes"),
    (U.SOM_KONSEKVENS, ("ingen", "forsorgshjem_110", 0), "#SØM: ukendt målgruppe 'ingen'"),
    (U.SOM_KONSEKVENS, ("hjemloese_voksne", "x", 0), "#SØM: ukendt vare 'x'"),
    (U.SOM_KONSEKVENS, ("hjemloese_voksne", "forsorgshjem_110", -1), "#SØM: år skal være mellem 0 og 70"),
    (U.SOM_KONSEKVENS, ("hjemloese_voksne", "forsorgshjem_110", "#REF!"), "#SØM: år viser fejlen #REF!"),
    (U.SOM_KONSEKVENS, ("hjemloese_voksne", "forsorgshjem_110", 0, "x"), "#SØM: ukendt succesmål 'x'"),
    (U.SOM_NUTIDSVAERDI, ([[1.0, "en"]],), "#SØM: beløb: celle nr. 2 er ikke et tal"),
    (U.SOM_NUTIDSVAERDI, ([[1.0]], 3.5), "#SØM: rente angives som brøk"),
    (U.SOM_NUTIDSVAERDI, ([[1.0]], None, 2025), "#SØM: startår skal være mellem 0 og 70"),
    (U.SOM_NUTIDSVAERDI, ([[1.0, 2.0], [3.0, 4.0]],), "#SØM: beløb skal være én række eller én kolonne"),
    (U.SOM_BREAKEVEN, ([[100.0]], [[0.0, -5.0]]), "#SØM: gevinsterne ved fuld succes har ingen positiv"),
    (U.SOM_BREAKEVEN, ([[100.0]], [[0.0, "#DIV/0!"]]), "#SØM: gevinster indeholder fejlen #DIV/0!"),
    (U.SOM_VIDEN, ("ingen",), "#SØM: ukendt målgruppe 'ingen'"),
    (U.SOM_VIDEN, ("hjemloese_voksne", "x"), "#SØM: ukendt succesmål 'x'"),
    (U.SOM_BEREGN, ([["Farve", "rød"]],), "#SØM: ukendt indstilling 'Farve'"),
    (U.SOM_BEREGN, ("findes_ikke.json",), "#SØM: findes_ikke.json: filen findes ikke"),
]


@pytest.mark.parametrize("func, args, expected", BAD, ids=[f"{f.__name__}-{i}" for i, (f, _, _) in enumerate(BAD)])
def test_bad_arguments_give_danish_error_text(func, args, expected):
    got = func(*args)
    assert isinstance(got, str) and got.startswith(expected), got


def test_som_beregn_input_problem_names_the_argument_cell(case, knowledge):
    settings, cohorts, costs, *_ = _ranges(filled(case, knowledge))
    cohorts = [list(r) for r in cohorts]
    cohorts[1][1] = "tyve"
    got = U.SOM_BEREGN(settings, cohorts, costs)
    assert got.startswith("#SØM: kohorter!B2: Deltagere skal være et helt tal"), got


def test_an_unexpected_exception_becomes_text(monkeypatch):
    def boom():
        raise RuntimeError("disk væk")

    monkeypatch.setattr("som_xl.service.udf_specs._knowledge", boom)  # the UDFs are made from the specs
    assert U.SOM_PRIS("forsorgshjem_110") == "#SØM: intern fejl (RuntimeError: disk væk)"


def test_results_are_plain_floats():
    value = U.SOM_NUTIDSVAERDI([[1.0, 2.0]])
    assert type(value) is float and math.isfinite(value)
    assert all(type(v) in (str, int, float) for r in U.SOM_VIDEN("hjemloese_voksne") for v in r)
    _ = np


def test_a_blank_year_after_success_is_a_danish_message():
    assert U.SOM_KONSEKVENS("hjemloese_voksne", "forsorgshjem_110", None) == "#SØM: år skal udfyldes"
