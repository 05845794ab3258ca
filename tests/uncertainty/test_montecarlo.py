"""Monte Carlo: reproducible, agrees with direct calculations draw by draw, and its mean
converges to the deterministic NPV when every input is symmetric around the case."""

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from som_xl.core import calculate
from som_xl.errors import InputError
from som_xl.uncertainty import (
    DEFAULT_SEED,
    Compose,
    Distribution,
    MonteCarloSettings,
    ScaleCosts,
    ScalePrices,
    SuccessRange,
    SuccessRate,
    monte_carlo,
)
from tests.core.strategies import case_inputs
from tests.uncertainty.helpers import housing_case

CASE = housing_case()
FIXED = {"success": SuccessRange(low=0.25, high=0.25), "cost_range": (1.0, 1.0), "price_range": (1.0, 1.0)}


def test_same_seed_gives_identical_results_and_another_seed_does_not():
    a = monte_carlo(CASE, MonteCarloSettings(draws=2_000, seed=7), 0.1, 0.4)
    b = monte_carlo(CASE, MonteCarloSettings(draws=2_000, seed=7), 0.1, 0.4)
    c = monte_carlo(CASE, MonteCarloSettings(draws=2_000, seed=8), 0.1, 0.4)
    np.testing.assert_array_equal(a.npv, b.npv)
    np.testing.assert_array_equal(a.break_even_counts, b.break_even_counts)
    np.testing.assert_array_equal(a.histogram_counts, b.histogram_counts)
    assert a.as_dict() == b.as_dict()
    assert not np.array_equal(a.npv, c.npv)
    assert a.seed == 7 and MonteCarloSettings().seed == DEFAULT_SEED


def test_every_draw_equals_a_direct_calculation():
    mc = monte_carlo(CASE, MonteCarloSettings(draws=25, seed=3), 0.1, 0.4)
    counts = np.zeros_like(mc.break_even_counts)
    years = mc.years.tolist()
    for d, (r, c, p) in enumerate(mc.drawn):
        direct = calculate(Compose((SuccessRate(r), ScaleCosts(c), ScalePrices(p))).apply(CASE))
        np.testing.assert_allclose(mc.npv[d], direct.npv, rtol=1e-9, atol=1e-4)
        for a, y in enumerate(direct.break_even_year):
            counts[a, len(years) if y is None else years.index(y)] += 1
    np.testing.assert_array_equal(mc.break_even_counts, counts)


@pytest.mark.parametrize("shape", ["triangular", "pert", "uniform"])
@pytest.mark.parametrize("line_relative", [0.0, 0.3])
def test_mean_converges_to_the_deterministic_npv(shape, line_relative):
    # With independent inputs symmetric around the case's values, E[r·p·Σm·G − c·C] is
    # the deterministic NPV. The tolerance is 4 standard errors of the mean (std/√draws):
    # a correct implementation misses it with probability ≈ 6·10⁻⁵ for a random seed.
    s = MonteCarloSettings(draws=10_000, seed=11, success_shape=shape, cost_shape="uniform",
                           price_shape=shape, line_relative=line_relative, line_shape=shape)
    mc = monte_carlo(CASE, s, 0.15, 0.35)
    base = calculate(CASE).npv
    se = mc.std / np.sqrt(mc.draws)
    assert np.all(np.abs(mc.mean - base) <= 4 * se + 1e-6)
    np.testing.assert_allclose(mc.base_npv, base)


def test_degenerate_distributions_give_probability_exactly_zero_or_one():
    for rate in (0.05, 0.25, 0.9):
        case = replace(CASE, success_rate=rate)
        s = MonteCarloSettings(draws=500, **{**FIXED, "success": SuccessRange(low=rate, high=rate)})
        mc = monte_carlo(case, s)
        base = calculate(case)
        expected = (base.npv >= 0).astype(float)
        np.testing.assert_array_equal(mc.probability_positive, expected)
        np.testing.assert_allclose(mc.npv, np.broadcast_to(base.npv, mc.npv.shape), rtol=1e-12, atol=1e-6)
        for a, y in enumerate(base.break_even_year):
            col = len(mc.years) if y is None else mc.years.tolist().index(y)
            assert mc.break_even_counts[a, col] == 500


def test_streams_are_independent_per_input():
    a = monte_carlo(CASE, MonteCarloSettings(draws=300, seed=5), 0.1, 0.4)
    b = monte_carlo(replace(CASE, success_rate=0.2),
                    MonteCarloSettings(draws=300, seed=5, success=SuccessRange(0.2, 0.2)))
    np.testing.assert_array_equal(a.drawn[:, 1:], b.drawn[:, 1:])
    assert np.all(b.drawn[:, 0] == 0.2)


def test_summary_figures_and_json():
    mc = monte_carlo(CASE, MonteCarloSettings(draws=4_000, line_relative_by_item={"psykiatri_dag": 0.5}),
                     0.1, 0.4)
    p = mc.percentiles
    assert np.all(p[10] <= p[50]) and np.all(p[50] <= p[90])
    assert mc.break_even_counts.sum(axis=1).tolist() == [4_000] * 4
    assert mc.histogram_counts.sum() == 4_000 and mc.histogram_edges.size == 41
    # P(NPV ≥ 0) equals P(break-even within the horizon): same rule, same tolerance.
    np.testing.assert_allclose(mc.probability_positive, 1 - mc.break_even_counts[:, -1] / 4_000)
    names = [d.name for d in mc.distributions]
    assert names == ["Succesrate", "Omkostninger (faktor)", "Priser (faktor)", "Mængde: psykiatri_dag"]
    d = json.loads(json.dumps(mc.as_dict()))
    assert d["seed"] == DEFAULT_SEED and d["draws"] == 4_000
    assert d["distributions"][0] == {"name": "Succesrate", "shape": "pert", "low": 0.1, "mode": 0.25,
                                     "high": 0.4, "unit": "share", "mean": pytest.approx(0.25)}
    assert sum(d["break_even_year"]["total"].values()) == 4_000
    assert "npv_draws" not in d and len(mc.as_dict(include_draws=True)["npv_draws"]) == 4_000


def test_describe_is_danish():
    mc = monte_carlo(CASE, MonteCarloSettings(draws=10), 0.1, 0.4)
    assert mc.distributions[0].describe() == "Succesrate: PERT-fordeling, 10,0 % – 25,0 % – 40,0 %"
    assert mc.distributions[1].describe() == "Omkostninger (faktor): trekantsfordeling, 0,80 – 1,00 – 1,20"


def test_bad_settings_raise_input_error_with_all_problems():
    with pytest.raises(InputError) as exc:
        monte_carlo(CASE, MonteCarloSettings(draws=0, cost_range=(1.1, 1.3), price_shape="normal"))
    types = sorted(p.type for p in exc.value.problems)
    assert types == ["out-of-range", "out-of-range", "unknown-value"]
    assert "den mest sandsynlige værdi (1,00) skal ligge mellem lav (1,10) og høj (1,30)" in str(exc.value)


@settings(max_examples=60, deadline=None)
@given(case_inputs())
def test_draws_equal_direct_calculations_on_generated_cases(case):
    mc = monte_carlo(case, MonteCarloSettings(draws=4, seed=1))
    for d, (r, c, p) in enumerate(mc.drawn):
        direct = calculate(Compose((SuccessRate(r), ScaleCosts(c), ScalePrices(p))).apply(case))
        scale = float(np.abs(direct.costs).sum() + np.abs(direct.gains).sum() + 1)
        np.testing.assert_allclose(mc.npv[d], direct.npv, rtol=0, atol=1e-9 * scale)


@pytest.mark.parametrize("shape,mean,var", [
    ("triangular", (0.8 + 1.0 + 1.3) / 3, (0.8**2 + 1 + 1.3**2 - 0.8 - 0.8 * 1.3 - 1.3) / 18),
    ("pert", (0.8 + 4 * 1.0 + 1.3) / 6, None),
    ("uniform", 1.05, 0.5**2 / 12),
])
def test_distribution_moments(shape, mean, var):
    d = Distribution("x", shape, 0.8, 1.0, 1.3)
    x = d.sample(np.random.default_rng(0), 200_000)
    assert x.min() >= 0.8 and x.max() <= 1.3
    assert d.mean == pytest.approx(mean)
    assert x.mean() == pytest.approx(mean, abs=4 * x.std() / np.sqrt(x.size))
    if var is not None:
        assert x.var() == pytest.approx(var, rel=0.02)


def test_costs_already_paid_and_observed_successes_are_not_drawn():
    """A follow-up's re-forecast: known costs stay as paid, observed successes do not
    move with the drawn success rate (they still move with prices)."""
    from som_xl.core import Cohort, CostBasis, CostKind, CostLine

    case = replace(
        CASE,
        cohorts=(Cohort(2025, 20, successes=3.0), Cohort(2026, 20), Cohort(2027, 20)),
        costs=CASE.costs + (CostLine("Faktiske omkostninger 2025", "kommune", CostKind.DRIFT, CostBasis.TOTAL,
                                     1_000_000, 2025, known=True),),
    )
    mc = monte_carlo(case, MonteCarloSettings(draws=30, seed=5), 0.1, 0.4)
    for d, (r, c, p) in enumerate(mc.drawn):
        scaled = replace(case, costs=tuple(line if line.known else replace(line, amount=line.amount * c)
                                           for line in case.costs))
        direct = calculate(Compose((SuccessRate(r), ScalePrices(p))).apply(scaled))
        np.testing.assert_allclose(mc.npv[d], direct.npv, rtol=1e-9, atol=1e-4)
    # and the known cost really is outside the drawn factor: drawing only costs moves the
    # NPV by (c − 1) × PV of the other costs.
    only_costs = monte_carlo(case, MonteCarloSettings(draws=10, seed=2, **{**FIXED, "cost_range": (0.5, 1.5)}))
    base = calculate(case)
    unknown_pv = base.pv_costs[0] - 1_000_000
    for (_, c, _), npv in zip(only_costs.drawn, only_costs.npv, strict=True):
        assert npv[0] == pytest.approx(base.npv[0] - (c - 1) * unknown_pv, rel=1e-9)


def test_draws_a_hair_apart_still_make_a_histogram():
    """Found by the generated cases: a cost of 5e-324 kr. made draws that differ by denormal
    amounts, and numpy refused to cut that span into 40 bins."""
    from som_xl.core import CaseInput, Cohort, CostBasis, CostKind, CostLine, DiscountSchedule

    case = CaseInput(start_year=2020, horizon_years=1, discount=DiscountSchedule.constant(0.0), duration_years=1,
                     cohorts=(Cohort(2020, 8),), success_rate=0.0,
                     costs=(CostLine("x", "kommune", CostKind.ETABLERING, CostBasis.PER_PARTICIPANT_YEAR, 5e-324),))
    mc = monte_carlo(case, MonteCarloSettings(draws=50))
    assert mc.histogram_counts.sum() == 50
    assert mc.histogram_edges[-1] - mc.histogram_edges[0] == pytest.approx(1.0)
