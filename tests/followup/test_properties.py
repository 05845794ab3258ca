"""Properties of the follow-up on generated plans (hypothesis)."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.core import calculate
from som_xl.followup import Actual, follow_up
from tests.core.strategies import case_inputs


@st.composite
def plans_with_whole_successes(draw):
    """A generated plan whose planned successes are whole people (r = k/10, cohorts of
    10·m), so that actuals equal to the plan exist, and the last actual year L."""
    case = draw(case_inputs(max_horizon=12))
    k = draw(st.integers(0, 10))
    cohorts = tuple(replace(c, participants=10 * draw(st.integers(0, 40))) for c in case.cohorts)
    case = replace(case, cohorts=cohorts, success_rate=k / 10)
    last = draw(st.integers(case.start_year, case.start_year + case.horizon_years - 1))
    return case, last


def actuals_as_planned(case, last):
    """Actuals that are exactly the plan: its participants, its costs per payer, and
    participants finishing × r successes, for every year up to ``last``."""
    r = calculate(case)
    started = {}
    for c in case.cohorts:
        started[c.year] = started.get(c.year, 0) + int(c.participants)
    out = []
    for t, year in enumerate(r.years.tolist()):
        if year > last:
            break
        successes = r.parts.finishers[t] * case.success_rate
        assert abs(successes - round(successes)) < 1e-9
        out.append(Actual(year, started.get(year, 0), tuple(r.costs[:3, t].tolist()), int(round(successes))))
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(plans_with_whole_successes())
def test_actuals_equal_to_the_plan_give_the_plan_to_the_krone(drawn):
    case, last = drawn
    f = follow_up(case, actuals_as_planned(case, last))
    plan, ref = f.plan, f.reforecast
    assert np.abs(ref.npv - plan.npv).max() <= 0.5
    assert np.abs(ref.net - plan.net).max() <= 0.5
    assert np.abs(ref.costs - plan.costs).max() <= 0.5
    if f.realised_rate is not None:
        assert f.realised_rate == case.success_rate  # k / 10 exactly, not merely close


@settings(max_examples=100, deadline=None)
@given(plans_with_whole_successes(), st.data())
def test_an_actual_cost_counts_once_in_its_year(drawn, data):
    """Paying X more in actual year y lowers the payer's (and the total) re-forecast NPV
    by X · f_y, and nothing else changes: the plan's lines do not count in that year."""
    case, last = drawn
    actuals = list(actuals_as_planned(case, last))
    i = data.draw(st.integers(0, len(actuals) - 1))
    payer = data.draw(st.integers(0, 2))
    extra = data.draw(st.floats(1, 1e6))
    base = follow_up(case, actuals).reforecast
    costs = list(actuals[i].costs)
    costs[payer] += extra
    actuals[i] = replace(actuals[i], costs=tuple(costs))
    more = follow_up(case, actuals).reforecast
    f = base.discount_factors[actuals[i].year - case.start_year]
    expected = np.zeros(4)
    expected[[payer, 3]] = -extra * f
    scale = float(np.abs(base.costs).sum() + np.abs(base.gains).sum() + extra)
    np.testing.assert_allclose(more.npv - base.npv, expected, rtol=0, atol=1e-9 * scale)
