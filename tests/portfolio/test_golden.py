"""Portfolio cases computed by hand: combined years on one price level and one base
year, the budget rule, and the exact choice where the greedy one falls short."""

import numpy as np
import pytest

from som_xl.core import DiscountSchedule
from som_xl.errors import InputError
from som_xl.portfolio import BudgetRule, Intervention, choose, combine, portfolio_json, select_exact, select_greedy

K, R, S, TOT = range(4)
TEN = DiscountSchedule.constant(0.10)


def flows(kommune=(), region=(), stat=()):
    a = np.array([kommune, region, stat], dtype=float)
    return np.vstack([a, a.sum(axis=0)])


# A: starts 2025 at 2025 prices: kommune pays 100 in 2025, gains 60 in 2026 and 2027;
#    the state gains 10 in 2026 and 2027.
A = Intervention(
    title="A", owner="Aby Kommune", start_year=2025, price_year=2025, discount=TEN,
    years=np.array([2025, 2026, 2027]),
    costs=flows([100, 0, 0], [0, 0, 0], [0, 0, 0]), gains=flows([0, 60, 60], [0, 0, 0], [0, 10, 10]),
    npv=np.array([-100 + 60 / 1.1 + 60 / 1.21, 0, 10 / 1.1 + 10 / 1.21, -100 + 70 / 1.1 + 70 / 1.21]),
    pv_costs=np.array([100.0, 0, 0, 100]),
    return_per_krone=(None,) * 4, break_even_year=(None,) * 4, break_even_success_rate=(None,) * 4,
    knowledge="viden 1")
# B: starts 2026 at 2024 prices: kommune pays 50 in 2026; the region gains 40 in 2027.
B = Intervention(
    title="B", owner="By Kommune", start_year=2026, price_year=2024, discount=TEN,
    years=np.array([2026, 2027]),
    costs=flows([50, 0], [0, 0], [0, 0]), gains=flows([0, 0], [0, 40], [0, 0]),
    npv=np.array([-50, 40 / 1.1, 0, -50 + 40 / 1.1]), pv_costs=np.array([50.0, 0, 0, 50]),
    return_per_krone=(None,) * 4, break_even_year=(None,) * 4, break_even_success_rate=(None,) * 4,
    knowledge="viden 1")


def index(from_year, to_year):
    """The net price index of the test: 2024 → 2025 is +2 %."""
    return {(2024, 2025): 1.02}[(from_year, to_year)]


def test_combined_years_on_one_price_level():
    p = combine([A, B], index)
    assert p.price_year == 2025 and p.base_year == 2025
    assert p.price_factors.tolist() == [1.0, 1.02]
    assert p.years.tolist() == [2025, 2026, 2027]
    net = p.combined_net()
    # kommune: 2025 −100; 2026 60 − 50 × 1.02 = 9; 2027 60.
    assert net[K].tolist() == pytest.approx([-100, 9, 60])
    assert net[R].tolist() == pytest.approx([0, 0, 40 * 1.02])
    assert net[S].tolist() == pytest.approx([0, 10, 10])
    assert net[TOT].tolist() == pytest.approx([-100, 19, 70 + 40.8])


def test_npv_moved_to_the_base_year_and_price_level():
    """B's own NPV is at 2026 in 2024 prices: × 1.02 for prices, ÷ 1.1 for one more year."""
    p = combine([A, B], index)
    np.testing.assert_allclose(p.npv[0], A.npv)
    assert p.npv[1, K] == pytest.approx(-50 * 1.02 / 1.1)
    assert p.npv[1, R] == pytest.approx(40 * 1.02 / 1.21)
    # ... which is the combined flows discounted to 2025 directly.
    f = np.array([1, 1 / 1.1, 1 / 1.21])
    np.testing.assert_allclose(p.npv.sum(axis=0), p.combined_net() @ f)
    assert any("forskellige prisniveauer (2024, 2025)" in n for n in p.notes)
    assert any("starter i forskellige år" in n for n in p.notes)


def test_budget_rule_is_net_cost_undiscounted_in_the_budget_years():
    """Kommune, 2025–2026: A costs 100 − 60 = 40; B costs 51 (50 in 2024 prices × 1.02)."""
    p = combine([A, B], index)
    np.testing.assert_allclose(p.budget_net_cost("kommune", (2025, 2026)), [40, 51])
    np.testing.assert_allclose(p.budget_net_cost("kommune", (2025, 2026, 2027, 2028)), [-20, 51])
    # Budget 50 for 2025–2026 with the total NPV as objective: A (NPV > 0) fits alone;
    # A + B would cost 91. B alone has a negative NPV.
    c = choose(p, BudgetRule(50, "kommune", (2025, 2026)), "total")
    assert c.exact.chosen == (0,) and c.exact.cost == pytest.approx(40)
    d = portfolio_json(p, c)
    assert d["selection"]["chosen"] == [0]
    assert d["selection"]["objective_npv"] == pytest.approx(A.npv[TOT])
    assert d["interventions"][1]["budget_net_cost"] == pytest.approx(51)
    assert d["combined"]["budget_period"] == [2025, 2026, 2027, 2028]


def test_exact_beats_greedy_by_hand():
    """Values 60, 100, 120 for costs 10, 20, 30 under a budget of 50: greedy by ratio
    (6, 5, 4) takes 0 and 1 (160); the best set is 1 and 2 (220, costing exactly 50)."""
    assert select_greedy([60, 100, 120], [10, 20, 30], 50).chosen == (0, 1)
    exact = select_exact([60, 100, 120], [10, 20, 30], 50)
    assert exact.chosen == (1, 2) and exact.value == 220 and exact.cost == 50


def test_an_intervention_with_negative_value_can_pay_for_another():
    """Item 3 loses 10 but saves 40 in the budget years; with a budget of 29 the best set
    is all four (215, net cost −10), while greedy stops at 0 and 1 (105)."""
    values, costs = [5, 100, 120, -10], [-20, 20, 30, -40]
    assert select_exact(values, costs, 29).chosen == (0, 1, 2, 3)
    assert select_exact(values, costs, 30).chosen == (0, 1, 2)  # exactly at the budget: 225
    assert select_greedy(values, costs, 29).chosen == (0, 1)


def test_budget_met_to_the_ore():
    assert select_exact([1, 1], [0.10, 0.20], 0.30).chosen == (0, 1)  # 0.1 + 0.2 > 0.3 in floats
    assert select_exact([1, 2], [0.10, 0.21], 0.30).chosen == (1,)  # one øre too much for both


def test_bad_rules_are_danish_input_errors():
    p = combine([A, B], index)
    with pytest.raises(InputError) as exc:
        choose(p, BudgetRule(-5, "borger", (2025,)), "kommune")
    text = str(exc.value)
    assert "budgettet skal være et beløb på 0 kr. eller mere" in text
    assert "--budget-actor" in text and "kommune, region, stat, total" in text
    many = combine([A] * 41, index)
    with pytest.raises(InputError, match="højst regne præcist på 40 indsatser"):
        choose(many, BudgetRule(100, "kommune", (2025,)))


def test_the_worked_example_in_the_method_notes():
    """docs/method.md, "Portfolio": budget 4.0 for 2026–2029 (mio. kr.)."""
    values, costs = [6.5, 12.0, 7.0], [2.4 - 0.4, 5.0 - 1.0, 3.0]
    assert select_exact(values, costs, 4.0).chosen == (1,)
    assert select_greedy(values, costs, 4.0).chosen == (0,)
    assert select_exact(values, costs, 4.0).value - select_greedy(values, costs, 4.0).value == pytest.approx(5.5)


def test_budget_years_outside_every_horizon_are_a_warning_not_silence():
    p = combine([A, B], index)
    c = choose(p, BudgetRule(10, "kommune", (2030, 2031)))
    assert [w.type for w in c.warnings] == ["outside-horizon"]
    assert "budgetårene 2030, 2031 ligger uden for indsatsernes år (2025–2027)" in c.warnings[0].message
    assert portfolio_json(p, c)["selection"]["warnings"][0]["severity"] == "warning"
    np.testing.assert_array_equal(c.net_costs, [0, 0])  # nothing falls in those years


def test_pv_costs_on_the_portfolios_footing():
    p = combine([A, B], index)
    assert p.pv_costs[1, K] == pytest.approx(50 * 1.02 / 1.1)
