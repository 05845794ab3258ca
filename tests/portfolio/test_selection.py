"""The exact selection against brute force over all subsets (small n), against an
independent exact method at n = 40 (scipy's MILP solver), and against greedy."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.portfolio import MAX_EXACT, select_exact, select_greedy
from som_xl.portfolio.selection import in_ore

amount = st.integers(-2_000_000, 10_000_000).map(lambda v: v / 100)  # kroner to the øre


def brute_force(values, costs, budget):
    """The best value over all 2^n subsets whose cost in øre fits."""
    c, b = in_ore(costs), int(in_ore(budget))
    best = 0.0  # the empty set always fits (budget ≥ 0)
    for k in range(1, len(values) + 1):
        for subset in itertools.combinations(range(len(values)), k):
            if c[list(subset)].sum() <= b:
                best = max(best, float(np.sum(np.asarray(values)[list(subset)])))
    return best


@st.composite
def instances(draw, max_n=12):
    n = draw(st.integers(0, max_n))
    values = draw(st.lists(amount, min_size=n, max_size=n))
    costs = draw(st.lists(amount, min_size=n, max_size=n))
    positive = [c for c in costs if c > 0]
    # Budgets around the interesting range: 0, some subset's cost exactly, or random.
    budget = draw(st.one_of(st.just(0.0), amount.filter(lambda v: v >= 0),
                            st.just(float(sum(positive[: len(positive) // 2])))))
    return values, costs, budget


@settings(max_examples=400, deadline=None)
@given(instances())
def test_exact_equals_brute_force(inst):
    values, costs, budget = inst
    s = select_exact(values, costs, budget)
    assert s.value == pytest.approx(brute_force(values, costs, budget), rel=1e-12, abs=1e-6)
    assert in_ore(costs)[list(s.chosen)].sum() <= in_ore(budget)  # it fits, to the øre
    assert list(s.chosen) == sorted(set(s.chosen))  # indices in input order
    assert s.value == pytest.approx(float(np.sum(np.asarray(values)[list(s.chosen)])), abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(instances(max_n=16))
def test_greedy_fits_and_never_beats_exact(inst):
    values, costs, budget = inst
    g, e = select_greedy(values, costs, budget), select_exact(values, costs, budget)
    assert in_ore(costs)[list(g.chosen)].sum() <= in_ore(budget)
    assert g.value <= e.value + 1e-6


@pytest.mark.parametrize("seed", range(5))
def test_exact_at_forty_agrees_with_a_milp_solver(seed):
    """n = 40 is beyond brute force (10^12 subsets); HiGHS (scipy.optimize.milp) solves
    the same knapsack as an integer programme. Costs are whole kroner here, so the
    solver's tolerances cannot matter; values agree to the krone."""
    milp = pytest.importorskip("scipy.optimize").milp
    from scipy.optimize import Bounds, LinearConstraint

    rng = np.random.default_rng(seed)
    values = rng.normal(1e6, 2e6, MAX_EXACT).round()
    costs = rng.normal(2e6, 1.5e6, MAX_EXACT).round()
    budget = float(np.clip(costs, 0, None).sum() / 3)
    s = select_exact(values, costs, budget)
    res = milp(-values, constraints=LinearConstraint(costs[None], -np.inf, budget),
               integrality=np.ones(MAX_EXACT), bounds=Bounds(0, 1), options={"mip_rel_gap": 0})
    assert res.status == 0
    assert s.value == pytest.approx(-res.fun, abs=0.5)
    assert costs[list(s.chosen)].sum() <= budget


def test_more_than_forty_is_refused():
    with pytest.raises(ValueError):
        select_exact([1.0] * (MAX_EXACT + 1), [1.0] * (MAX_EXACT + 1), 10)
