"""Follow-up cases computed by hand (the arithmetic beside each number).

Plan: start 2025, horizon 2025–2030, duration 2 years, cohorts of 10 in 2025, 2026,
2027 and 2028, planned net success rate 30 %. Costs: drift 1,000 kr. per participant-year
(kommune), start-up 5,000 kr. in 2025 (kommune), visitation 100 kr. per starting
participant (region). Consequence: −1 unit in the success year and the next at kommune
100 kr., stat 50 kr. (so each success gains kommune 100 and stat 50 in two years).
"""

import numpy as np
import pytest

from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountSchedule,
)
from som_xl.followup import Actual, follow_up, realised_success_rate, reforecast

K, R, S, TOT = range(4)


def plan(rate: float = 0.0, duration: int = 2) -> CaseInput:
    return CaseInput(
        start_year=2025, horizon_years=6, discount=DiscountSchedule.constant(rate), duration_years=duration,
        cohorts=tuple(Cohort(y, 10) for y in (2025, 2026, 2027, 2028)), success_rate=0.3,
        costs=(
            CostLine("drift", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 1000),
            CostLine("opstart", "kommune", CostKind.ETABLERING, CostBasis.TOTAL, 5000, 2025),
            CostLine("visitation", "region", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_ONCE, 100),
        ),
        consequences=(ConsequenceLine("x", "socialt", (-1, -1), (100, 0, 50)),),
    )


# Actual years 2025–2027. The 2025 cohort (10) finished in 2026 with ZERO successes; the
# 2026 cohort (10) finished in 2027 with 4; the 2027 cohort (5 people) is UNFINISHED.
ACTUALS = (
    Actual(2025, 10, (11_000, 0, 0), 0),       # no cohort can finish in 2025 (duration 2)
    Actual(2026, 10, (19_000, 1_000, 0), 0),   # the 2025 cohort: 0 of 10
    Actual(2027, 5, (16_000, 0, 0), 4),        # the 2026 cohort: 4 of 10
)


def test_realised_rate_counts_only_finished_cohorts():
    real = realised_success_rate(ACTUALS, 2)
    assert real.finished_cohorts == (2025, 2026)
    assert (real.successes, real.participants) == (4, 20)
    assert real.rate == 4 / 20
    assert real.last_year == 2027


def test_reforecast_flows_by_hand():
    """Successes: 2026: 0 (observed), 2027: 4 (observed), 2028: 5 × 20 % = 1 (unfinished
    2027 cohort), 2029: 10 × 20 % = 2 (planned 2028 cohort).
    Kommune gains: 2027 4×100 · 2028 (4+1)×100 · 2029 (1+2)×100 · 2030 2×100.
    Costs: actual in 2025–2027; 2028: 15 in programme (5 + 10) × 1,000 and 10 starting ×
    100 to the region; 2029: 10 × 1,000; the 2025 start-up (a past year) is not counted again."""
    f = follow_up(plan(), ACTUALS)
    r = f.reforecast
    assert f.basis.rate_used == 0.2 and f.basis.rate_source == "realiseret"
    assert r.gains[K].tolist() == pytest.approx([0, 0, 400, 500, 300, 200])
    assert r.gains[S].tolist() == pytest.approx([0, 0, 200, 250, 150, 100])
    assert r.costs[K].tolist() == pytest.approx([11_000, 19_000, 16_000, 15_000, 10_000, 0])
    assert r.costs[R].tolist() == pytest.approx([0, 1_000, 0, 1_000, 0, 0])
    assert r.costs[S].tolist() == pytest.approx([0] * 6)
    # At 0 % the NPV is the plain sum.
    assert r.npv[K] == pytest.approx(1_400 - 71_000)
    assert r.npv[R] == pytest.approx(-2_000)
    assert r.npv[S] == pytest.approx(700)
    assert r.npv[TOT] == pytest.approx(-70_900)
    # Break-even rate for the unfinished cohorts (2027: 5, 2028: 10). Kommune: at r = 1
    # they gain (5 + 10) × 200 = 3,000; observed successes gain 4 × 200 = 800; costs 71,000.
    assert r.break_even_success_rate[K] == pytest.approx((71_000 - 800) / 3_000)
    assert r.break_even_success_rate[TOT] == pytest.approx((73_000 - 1_200) / 4_500)
    assert r.break_even_year[TOT] is None


def test_reforecast_discounted_by_hand():
    """The same flows at a constant 4 %: year t after 2025 is divided by 1.04^t."""
    f = follow_up(plan(0.04), ACTUALS)
    net_kommune = [-11_000, -19_000, 400 - 16_000, 500 - 15_000, 300 - 10_000, 200]
    assert f.reforecast.npv[K] == pytest.approx(sum(v / 1.04 ** t for t, v in enumerate(net_kommune)))
    net_total = [-11_000, -20_000, 600 - 16_000, 750 - 16_000, 450 - 10_000, 300]
    assert f.reforecast.npv[TOT] == pytest.approx(sum(v / 1.04 ** t for t, v in enumerate(net_total)))


def test_past_years_planned_against_actual():
    """Plan: 2025 10 in programme (+5,000 start-up), 2026 and 2027 20 each; the region
    pays 10 × 100 every year; planned successes 10 × 30 % = 3 from 2026."""
    f = follow_up(plan(), ACTUALS)
    years = {p.year: p for p in f.past_years}
    assert [years[y].planned_costs[K] for y in (2025, 2026, 2027)] == [15_000, 20_000, 20_000]
    assert [years[y].planned_costs[R] for y in (2025, 2026, 2027)] == [1_000, 1_000, 1_000]
    assert [years[y].actual_costs[TOT] for y in (2025, 2026, 2027)] == [11_000, 20_000, 16_000]
    assert [years[y].planned_successes for y in (2025, 2026, 2027)] == pytest.approx([0, 3, 3])
    assert [years[y].actual_successes for y in (2025, 2026, 2027)] == [0, 0, 4]
    assert [years[y].actual_participants for y in (2025, 2026, 2027)] == [10, 10, 5]
    d = f.as_dict()
    assert d["realised_success_rate"] == 0.2
    row = next(x for x in d["years"] if x["year"] == 2026 and x["actor"] == "region")
    assert row == {"year": 2026, "actor": "region", "planned_costs": 1_000.0, "actual_costs": 1_000.0}
    assert d["reforecast"]["npv"]["total"] == pytest.approx(-70_900)


def test_every_finished_cohort_without_successes_gives_a_zero_rate():
    """Both finished cohorts had zero successes: realised 0 %, so the unfinished and the
    planned cohorts count no successes either, and there are no gains at all."""
    actuals = ACTUALS[:2] + (Actual(2027, 5, (16_000, 0, 0), 0),)
    f = follow_up(plan(), actuals)
    assert f.realised_rate == 0.0
    np.testing.assert_array_equal(f.reforecast.gains, 0)
    assert f.reforecast.npv[K] == pytest.approx(-71_000)
    assert "0 succeser blandt 20 deltagere" in f.notes()[0]


def test_no_finished_cohort_uses_the_planned_rate_and_says_so():
    """Duration 3: after 2025–2026 nobody has finished (the 2025 cohort ends in 2027).
    Successes: 2027: 10 × 30 % = 3 (2025 cohort), 2028: 12 × 30 % = 3.6, 2029 and 2030:
    the planned 2027 and 2028 cohorts, 3 each."""
    actuals = (Actual(2025, 10, (15_000, 1_000, 0), 0), Actual(2026, 12, (22_000, 1_200, 0), 0))
    f = follow_up(plan(duration=3), actuals)
    assert f.realised_rate is None
    assert f.basis.rate_source == "planlagt" and f.basis.rate_used == 0.3
    assert f.reforecast.gains[K].tolist() == pytest.approx([0, 0, 300, 660, 660, 600])
    assert "ingen realiseret succesrate endnu" in f.notes()[0]
    assert "30,0 %" in f.notes()[0]
    # Costs after 2026: 2027 in programme 10 + 12 + 10 = 32; 2028: 12 + 10 + 10 = 32;
    # 2029: 10 + 10 = 20; 2030: 10. Region: 10 starting in 2027 and in 2028.
    assert f.reforecast.costs[K].tolist() == pytest.approx([15_000, 22_000, 32_000, 32_000, 20_000, 10_000])
    assert f.reforecast.costs[R].tolist() == pytest.approx([1_000, 1_200, 1_000, 1_000, 0, 0])


def test_actual_costs_are_marked_known_and_plan_lines_keep_their_payer_and_kind():
    ref = reforecast(plan(), ACTUALS).case_input
    known = [c for c in ref.costs if c.known]
    assert {(c.year, c.payer, c.amount) for c in known} == {
        (2025, "kommune", 11_000), (2026, "kommune", 19_000), (2026, "region", 1_000), (2027, "kommune", 16_000)}
    later = [c for c in ref.costs if not c.known]
    assert all(c.year > 2027 and c.basis == CostBasis.TOTAL for c in later)
    assert {(c.label, c.payer, c.kind) for c in later} == {
        ("drift (2028)", "kommune", CostKind.DRIFT), ("drift (2029)", "kommune", CostKind.DRIFT),
        ("visitation (2028)", "region", CostKind.DRIFT)}
