"""Properties of the combination (hypothesis): a portfolio of one is the case; putting
interventions together adds them up; the price level scales linearly."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.core import calculate
from som_xl.portfolio import BudgetRule, Intervention, choose, combine
from tests.core.strategies import case_inputs


def never(from_year, to_year):
    raise AssertionError("no price conversion is needed on one price level")


def of(case, price_year=2025):
    return Intervention.from_results(calculate(case), title="x", price_year=price_year)


@settings(max_examples=150, deadline=None)
@given(case_inputs())
def test_a_portfolio_of_one_is_the_case(case):
    r = calculate(case)
    p = combine([of(case)], never)
    np.testing.assert_array_equal(p.npv[0], r.npv)
    np.testing.assert_array_equal(p.combined_net(), r.net)
    assert p.years.tolist() == r.years.tolist()
    rows = p.year_rows()
    assert [row["net"] for row in rows] == [float(r.net[a, t]) for t in range(r.years.size) for a in range(4)]
    # The budget rule on the case's own flows: kommune's costs minus gains in the first years.
    years = tuple(r.years.tolist()[:4])
    expected = float(-(r.net[0, : len(years)]).sum())
    assert p.budget_net_cost("kommune", years)[0] == expected
    c = choose(p, BudgetRule(max(expected, 0.0), "kommune", years), "total")
    assert c.exact.chosen == ((0,) if r.npv[3] > 0 else ())


@settings(max_examples=100, deadline=None)
@given(case_inputs(), case_inputs(), st.floats(0.5, 2.0))
def test_combined_years_are_the_sum_on_one_price_level(a, b, factor):
    ra, rb = calculate(a), calculate(b)
    p = combine([of(a, 2025), of(b, 2024)], lambda f, t: factor)
    start = min(a.start_year, b.start_year)
    expected = np.zeros((4, p.years.size))
    expected[:, ra.years - start] += ra.net
    expected[:, rb.years - start] += rb.net * factor
    scale = float(np.abs(expected).max(initial=0) + 1)
    np.testing.assert_allclose(p.combined_net(), expected, rtol=0, atol=1e-9 * scale)
    # NPV of each: its own, scaled to the price level and discounted to the first start year.
    shift = b.discount.factors(b.start_year - start + 1)[-1]
    np.testing.assert_allclose(p.npv[1], rb.npv * factor * shift, rtol=1e-12, atol=1e-9 * scale)
