"""Cohorts with observed successes (``Cohort.successes``, a follow-up's finished cohorts):
gains G0 + r·G1, checked by hand, against the loop oracle, and against the plan."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountSchedule,
    calculate,
)
from tests.core.loop_oracle import loop_calculate
from tests.core.strategies import case_inputs

K, R, S, TOT = range(4)


def test_observed_and_rate_based_cohorts_by_hand():
    """Duration 1; cohort 2025 (10 people) has 4 observed successes, cohort 2026 (20
    people) follows r = 10 % (2 successes). Item: −1 unit in τ = 0 and τ = 1 at kommune
    100, stat 50. Drift 1,000 kr. per participant-year to kommune. Rate 0 %."""
    case = CaseInput(
        start_year=2025, horizon_years=3, discount=DiscountSchedule.constant(0.0), duration_years=1,
        cohorts=(Cohort(2025, 10, successes=4), Cohort(2026, 20)), success_rate=0.1,
        costs=(CostLine("drift", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 1000),),
        consequences=(ConsequenceLine("x", "socialt", (-1, -1), (100, 0, 50)),),
    )
    r = calculate(case)
    # successes by year: 2025: 4 (observed), 2026: 20 × 0.1 = 2 (rate).
    assert r.gains[K].tolist() == pytest.approx([4 * 100, (4 + 2) * 100, 2 * 100])
    assert r.gains[S].tolist() == pytest.approx([4 * 50, (4 + 2) * 50, 2 * 50])
    assert r.costs[K].tolist() == [10_000, 20_000, 0]
    assert r.npv[K] == pytest.approx(1200 - 30_000)
    assert r.participants == 30
    # Break-even rate: what the open cohort needs. G0 kommune 800, G1 kommune 20 × 200 = 4000.
    assert r.break_even_success_rate[K] == pytest.approx((30_000 - 800) / 4000)
    assert r.break_even_success_rate[S] == pytest.approx((0 - 400) / 2000)  # the state breaks even anyway
    assert r.return_per_krone[K] == pytest.approx(1200 / 30_000)
    assert r.pv_gains_fixed[K] == pytest.approx(800)
    # Gains by item include the observed part.
    np.testing.assert_allclose(r.gains_by_item.sum(axis=0), r.gains)
    # At the break-even rate the NPV is zero: the observed part does not move with r.
    assert calculate(replace(case, success_rate=r.break_even_success_rate[K])).npv[K] == pytest.approx(0, abs=1e-6)


@st.composite
def with_observed(draw, **kw):
    case = draw(case_inputs(**kw))
    cohorts = tuple(
        replace(c, successes=float(draw(st.integers(0, int(c.participants))))) if draw(st.booleans()) else c
        for c in case.cohorts)
    return replace(case, cohorts=cohorts)


def close(a, b, scale=1.0):
    return np.allclose(a, b, rtol=1e-9, atol=1e-6 * max(1.0, scale))


@settings(max_examples=150, deadline=None)
@given(with_observed())
def test_agrees_with_the_loop_oracle(case):
    r = calculate(case)
    o = loop_calculate(case)
    scale = float(np.abs(r.net).max(initial=0))
    assert close(r.gains, o["gains"], scale)
    assert close(r.npv, o["npv"], scale)
    assert close(r.gains_by_item.sum(axis=0), r.gains, scale)  # the observed part is in the items too


@settings(max_examples=150, deadline=None)
@given(case_inputs())
def test_observing_exactly_the_planned_successes_changes_nothing(case):
    observed = replace(case, cohorts=tuple(replace(c, successes=c.participants * case.success_rate)
                                           for c in case.cohorts))
    a, b = calculate(case), calculate(observed)
    scale = float(np.abs(a.net).max(initial=0))
    assert close(a.net, b.net, scale) and close(a.npv, b.npv, scale)


@settings(max_examples=100, deadline=None)
@given(with_observed())
def test_npv_is_zero_at_the_break_even_rate_with_observed_successes(case):
    r = calculate(case)
    for a in range(4):
        rate = r.break_even_success_rate[a]
        if rate is None:
            continue
        at = calculate(replace(case, success_rate=rate))
        assert abs(at.npv[a]) <= max(0.5, 1e-9 * float(np.abs(at.pv_gains).max() + np.abs(at.pv_costs).max()))
