"""Golden cases computed by hand (the arithmetic is written out beside each number).

Conventions (docs/method.md): success year = cohort year + duration − 1;
the start year is not discounted; gains = −(quantity change × price × successes).
"""

import dataclasses

import numpy as np
import numpy_financial as npf
import pytest

from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountBand,
    DiscountSchedule,
    calculate,
)

K, R, S, TOT = range(4)


def test_constant_rate_one_cohort():
    """One cohort of 10 in 2024, duration 1, r = 50 %, 4 % discount rate.

    Successes: 10 × 0.5 = 5 in 2024. Item: −2 units in τ=0 and −1 in τ=1, price
    kommune 100, stat 50. Drift 1,000 kr per participant-year paid by kommune.
    """
    case = CaseInput(
        start_year=2024, horizon_years=4, discount=DiscountSchedule.constant(0.04),
        duration_years=1, cohorts=(Cohort(2024, 10),), success_rate=0.5,
        costs=(CostLine("drift", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 1000),),
        consequences=(ConsequenceLine("x", "socialt", (-2, -1), (100, 0, 50)),),
    )
    r = calculate(case)
    assert r.costs[K].tolist() == [10 * 1000, 0, 0, 0]
    assert r.gains[K].tolist() == [5 * 2 * 100, 5 * 1 * 100, 0, 0]
    assert r.gains[S].tolist() == [5 * 2 * 50, 5 * 1 * 50, 0, 0]
    assert r.net[TOT].tolist() == [1000 + 500 - 10000, 500 + 250, 0, 0]
    assert r.npv[K] == pytest.approx(-9000 + 500 / 1.04, abs=1e-9)
    assert r.npv[S] == pytest.approx(500 + 250 / 1.04, abs=1e-9)
    assert r.npv[TOT] == pytest.approx(-8500 + 750 / 1.04, abs=1e-9)
    # PV of gains at r = 1: kommune 10×2×100 + 10×1×100/1.04.
    assert r.break_even_success_rate[K] == pytest.approx(10000 / (2000 + 1000 / 1.04))
    assert r.break_even_success_rate[S] is None and r.no_net_costs[S]  # the state has no costs: any rate
    assert r.break_even_success_rate[R] is None  # and the region no gains
    assert r.return_per_krone[K] == pytest.approx((1000 + 500 / 1.04) / 10000)
    assert r.return_per_krone[S] is None  # no costs
    assert r.break_even_year[K] is None
    assert r.break_even_year[S] is None  # nothing to pay back (issue 12: never the first year)
    assert r.cumulative_discounted_net[TOT, -1] == pytest.approx(r.npv[TOT])
    # Excel: =B1 + NPV(4%; B2:B4) on the net row gives the same number.
    assert r.npv[TOT] == pytest.approx(npf.npv(0.04, r.net[TOT]), abs=1e-9)


def test_finansministeriet_schedule_crosses_year_35():
    """A yearly revenue of 10,000 kr to the state for 40 years under 3.5 % / 2.5 %.

    1 success (10 participants × 10 %) in 2025, +10 weeks of employment per year for
    τ = 0…39 at a price of −1,000 kr per week to the state (tax revenue = negative price).
    Year t is discounted by 1.035^−min(t,35) × 1.025^−max(t−35, 0).
    """
    fm = DiscountSchedule((DiscountBand(0, 35, 0.035), DiscountBand(36, 70, 0.025)), name="fm_2021")
    case = CaseInput(
        start_year=2025, horizon_years=40, discount=fm, duration_years=1,
        cohorts=(Cohort(2025, 10),), success_rate=0.1,
        costs=(CostLine("start", "kommune", CostKind.ETABLERING, CostBasis.TOTAL, 1_000_000, 2025),),
        consequences=(ConsequenceLine("job", "skat", (10.0,) * 40, (0, 0, -1000)),),
    )
    r = calculate(case)
    expected_stat = sum(10_000 * 1.035 ** -min(t, 35) * 1.025 ** -max(t - 35, 0) for t in range(40))
    assert r.npv[S] == pytest.approx(expected_stat, rel=1e-12)
    assert r.npv[K] == -1_000_000
    assert r.npv[TOT] == pytest.approx(expected_stat - 1_000_000, rel=1e-12)
    assert r.discount_factors[36] == pytest.approx(1.035 ** -35 / 1.025)
    # Total turns positive once Σ 10,000·f_t ≥ 1,000,000; find that year by hand.
    cum, year = -1_000_000.0, None
    for t in range(40):
        cum += 10_000 * 1.035 ** -min(t, 35) * 1.025 ** -max(t - 35, 0)
        if cum >= 0 and year is None:
            year = 2025 + t
    assert r.break_even_year[TOT] == year


def test_several_cohorts_multi_year_programme_all_cost_bases():
    """Cohorts 2025: 10, 2026: 20, 2027: 5; duration 3; r = 20 %; horizon 2025–2030.

    In programme: 2025 10 · 2026 30 · 2027 35 · 2028 25 · 2029 5 · 2030 0.
    Success years 2027, 2028, 2029 with 2, 4, 1 successes.
    """
    case = CaseInput(
        start_year=2025, horizon_years=6, discount=DiscountSchedule.constant(0.035),
        duration_years=3,
        cohorts=(Cohort(2025, 10), Cohort(2026, 20), Cohort(2027, 5)),
        success_rate=0.2,
        costs=(
            CostLine("drift", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 1000),
            CostLine("visitation", "region", CostKind.ETABLERING, CostBasis.PER_PARTICIPANT_ONCE, 500),
            CostLine("it", "stat", CostKind.ETABLERING, CostBasis.TOTAL, 7000, 2026),
            CostLine("sparet", "kommune", CostKind.SPARET, CostBasis.TOTAL, -2000, 2027),
        ),
        consequences=(
            ConsequenceLine("a", "socialt", (-3, -2, -1), (100, 200, 0)),
            ConsequenceLine("b", "skat", (5,), (0, 0, -50)),
        ),
    )
    r = calculate(case)
    assert r.costs[K].tolist() == [10_000, 30_000, 35_000 - 2000, 25_000, 5000, 0]
    assert r.costs[R].tolist() == [10 * 500, 20 * 500, 5 * 500, 0, 0, 0]
    assert r.costs[S].tolist() == [0, 7000, 0, 0, 0, 0]
    # Item a quantities: 2027 2×−3; 2028 2×−2+4×−3; 2029 2×−1+4×−2+1×−3; 2030 4×−1+1×−2.
    qa = [0, 0, -6, -16, -13, -6]
    assert r.gains[K].tolist() == [-q * 100 for q in qa]
    assert r.gains[R].tolist() == [-q * 200 for q in qa]
    # Item b: +5 per success in the success year only: 10, 20, 5 units at −50 kr.
    assert r.gains[S].tolist() == [0, 0, 500, 1000, 250, 0]
    net_total = np.array([-q * 300 for q in qa]) + np.array([0, 0, 500, 1000, 250, 0]) - (
        np.array([10_000, 30_000, 33_000, 25_000, 5000, 0]) + np.array([5000, 10_000, 2500, 0, 0, 0])
        + np.array([0, 7000, 0, 0, 0, 0]))
    assert r.net[TOT].tolist() == pytest.approx(net_total.tolist())
    expected_npv = sum(v / 1.035 ** t for t, v in enumerate(net_total))
    assert r.npv[TOT] == pytest.approx(expected_npv, abs=1e-6)
    assert r.npv[TOT] == pytest.approx(npf.npv(0.035, net_total), abs=1e-6)
    assert r.cumulative_net[TOT].tolist() == pytest.approx(np.cumsum(net_total).tolist())
    # Per-participant figures divide by all 35 participants, not the successes.
    assert r.npv_per_participant[TOT] == pytest.approx(expected_npv / 35)
    # Gains by area: socialt holds item a, skat item b.
    areas = r.gains_by_area()
    assert areas["skat"][S].tolist() == [0, 0, 500, 1000, 250, 0]
    assert areas["socialt"][TOT].tolist() == [-q * 300 for q in qa]


def test_success_after_horizon_has_no_effect_and_break_even_year_rule():
    """A cohort whose success year lies beyond the horizon contributes costs only."""
    case = CaseInput(
        start_year=2025, horizon_years=2, discount=DiscountSchedule.constant(0.0),
        duration_years=3, cohorts=(Cohort(2025, 4),), success_rate=1.0,
        costs=(CostLine("d", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 10),),
        consequences=(ConsequenceLine("a", "socialt", (-1,), (1000, 0, 0)),),
    )
    r = calculate(case)
    assert r.gains[TOT].tolist() == [0, 0]
    assert r.costs[K].tolist() == [40, 40]
    assert r.break_even_year == (None, None, None, None)  # region and state: no costs, nothing to pay back
    assert r.no_net_costs == (False, True, True, False)


def test_break_even_year_is_first_year_from_which_cumulative_stays_non_negative():
    """Net −10, +20, −15, +10 (0 %): cumulative −10, 10, −5, 5 → break-even 2028, not 2026."""
    case = CaseInput(
        start_year=2025, horizon_years=4, discount=DiscountSchedule.constant(0.0),
        duration_years=1, cohorts=(Cohort(2025, 1),), success_rate=1.0,
        costs=(CostLine("a", "kommune", CostKind.DRIFT, CostBasis.TOTAL, 10, 2025),
               CostLine("b", "kommune", CostKind.DRIFT, CostBasis.TOTAL, 15, 2027)),
        consequences=(ConsequenceLine("g", "socialt", (0, -20, 0, -10), (1, 0, 0)),),
    )
    r = calculate(case)
    assert r.net[K].tolist() == [-10, 20, -15, 10]
    assert r.break_even_year[K] == 2028


def test_a_price_change_from_a_calendar_year_meets_each_cohort_in_its_own_years():
    """Two cohorts reach success in 2025 and 2026; from 2027 the unit price falls from 100
    to 80 kommune (a reform). Quantities −1 in each of τ = 0, 1, 2, success rate 1.
    By hand: 2025 cohort A (10) τ0; 2026 A τ1 + B (20) τ0; 2027 A τ2 + B τ1; 2028 B τ2."""
    case = CaseInput(
        start_year=2025, horizon_years=4, discount=DiscountSchedule.constant(0.0),
        duration_years=1, cohorts=(Cohort(2025, 10), Cohort(2026, 20)), success_rate=1.0,
        consequences=(ConsequenceLine("kh", "beskaeftigelse", (-1, -1, -1), (100, 0, 25),
                                      price_changes=((2027, (80, 0, 20)),)),),
    )
    r = calculate(case)
    units = [10, 30, 30, 20]
    assert r.gains[K].tolist() == pytest.approx([1000, 3000, 30 * 80, 20 * 80])
    assert r.gains[S].tolist() == pytest.approx([250, 750, 30 * 20, 20 * 20])
    expected = [u * p for u, p in zip(units, (125, 125, 100, 100), strict=True)]
    assert r.gains_by_item[0, TOT].tolist() == pytest.approx(expected)
    # A change before the start year applies from the first year; one after the horizon never.
    early = dataclasses.replace(case, consequences=(ConsequenceLine(
        "kh", "beskaeftigelse", (-1, -1, -1), (100, 0, 25), price_changes=((2000, (1, 0, 0)), (2099, (9, 9, 9)))),))
    assert calculate(early).gains[TOT].tolist() == pytest.approx([10, 30, 30, 20])
