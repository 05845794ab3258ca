"""Invariants of the core, on generated cases (hypothesis), and agreement with the
pure-Python loop oracle in ``loop_oracle.py``."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.core import CostBasis, DiscountBand, DiscountSchedule, calculate
from tests.core.loop_oracle import loop_calculate
from tests.core.strategies import case_inputs

FM = DiscountSchedule((DiscountBand(0, 35, 0.035), DiscountBand(36, 70, 0.025)), name="fm_2021")


def close(a, b, scale=1.0):
    return np.allclose(a, b, rtol=1e-9, atol=1e-6 * max(1.0, scale))


@settings(max_examples=200, deadline=None)
@given(case_inputs())
def test_agrees_with_the_loop_oracle(case):
    r = calculate(case)
    o = loop_calculate(case)
    scale = float(np.abs(r.net).max(initial=0))
    assert close(r.costs, o["costs"], scale)
    assert close(r.gains, o["gains"], scale)
    assert close(r.npv, o["npv"], scale)


@settings(max_examples=100, deadline=None)
@given(case_inputs(max_horizon=45, schedule=FM))
def test_agrees_with_the_loop_oracle_under_the_fm_schedule(case):
    r = calculate(case)
    o = loop_calculate(case)
    assert close(r.npv, o["npv"], float(np.abs(r.net).max(initial=0)))


@settings(max_examples=150, deadline=None)
@given(case_inputs(), st.floats(0, 1), st.floats(0, 1))
def test_gains_are_linear_in_the_success_rate(case, r1, r2):
    g1 = calculate(replace(case, success_rate=r1)).gains
    g2 = calculate(replace(case, success_rate=r2)).gains
    g_full = calculate(replace(case, success_rate=1.0)).gains
    scale = float(np.abs(g_full).max(initial=0))
    assert close(g1, r1 * g_full, scale)
    assert close(g2, r2 * g_full, scale)


@settings(max_examples=150, deadline=None)
@given(case_inputs())
def test_actors_sum_to_the_total(case):
    r = calculate(case)
    for arr in (r.costs, r.gains, r.net, r.cumulative_discounted_net):
        assert close(arr[:3].sum(axis=0), arr[3], float(np.abs(arr).max(initial=0)))
    assert close(r.npv[:3].sum(), r.npv[3], float(np.abs(r.npv).max(initial=0)))


@settings(max_examples=200, deadline=None)
@given(case_inputs())
def test_npv_at_the_break_even_success_rate_is_zero(case):
    r = calculate(case)
    for a in range(4):
        rate = r.break_even_success_rate[a]
        if rate is None:
            continue
        at = calculate(replace(case, success_rate=rate))
        # "to the krone": within half a krone, relative to the flows' size for huge cases.
        assert abs(at.npv[a]) <= max(0.5, 1e-9 * float(np.abs(at.pv_gains).max()))


@settings(max_examples=150, deadline=None)
@given(case_inputs())
def test_shifting_all_cohorts_one_year_shifts_the_results(case):
    shifted = replace(
        case,
        start_year=case.start_year + 1,
        cohorts=tuple(replace(c, year=c.year + 1) for c in case.cohorts),
        costs=tuple(replace(c, year=c.year + 1) if c.basis is CostBasis.TOTAL else c for c in case.costs),
        consequences=tuple(replace(c, price_changes=tuple((y + 1, p) for y, p in c.price_changes))
                           for c in case.consequences),
    )
    a, b = calculate(case), calculate(shifted)
    assert (b.years == a.years + 1).all()
    assert np.array_equal(a.net, b.net)
    assert a.break_even_year == tuple(None if y is None else y - 1 for y in b.break_even_year)


@settings(max_examples=100, deadline=None)
@given(case_inputs())
def test_zero_rate_gives_the_plain_sum(case):
    r = calculate(replace(case, discount=DiscountSchedule.constant(0.0)))
    assert close(r.npv, r.net.sum(axis=1), float(np.abs(r.net).max(initial=0)))


@given(st.floats(0.001, 0.2), st.integers(2, 30))
def test_moving_a_flow_one_year_later_divides_by_one_plus_r(rate, n):
    f = DiscountSchedule.constant(rate).factors(n)
    assert f[1:] == pytest.approx(f[:-1] / (1 + rate))
