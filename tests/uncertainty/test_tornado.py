"""The tornado: every end equals a direct calculation of a hand-changed case."""

from dataclasses import replace

import numpy as np
import pytest

from som_xl.core import DiscountSchedule, calculate
from som_xl.errors import InputError
from som_xl.uncertainty import (
    Compose,
    ScaleCosts,
    ScalePrices,
    SensitivitySettings,
    SuccessRange,
    SuccessRate,
    TruncateConsequences,
    tornado,
)
from tests.uncertainty.helpers import housing_case

CASE = housing_case()


def row(table, key):
    return next(r for r in table.rows if r.key == key)


def scenario(table, variation):
    return next(s for s in table.scenarios if s.variation == variation)


def test_success_low_equals_a_direct_calculation():
    t = tornado(CASE, low=0.10, high=0.40)
    r = row(t, "success_rate")
    assert r.low.variation == SuccessRate(0.10)
    np.testing.assert_array_equal(r.low.npv, calculate(replace(CASE, success_rate=0.10)).npv)
    np.testing.assert_array_equal(r.high.npv, calculate(replace(CASE, success_rate=0.40)).npv)
    assert t.success_source == "effektens lave og høje skøn"


def test_success_range_defaults_to_fifty_percent_relative_and_settings_win():
    t = tornado(CASE)
    assert (t.success_low, t.success_high) == pytest.approx((0.125, 0.375))
    assert "±50 %" in t.success_source
    t2 = tornado(CASE, SensitivitySettings(success=SuccessRange(low=0.05, high=0.5)), low=0.1, high=0.4)
    assert (t2.success_low, t2.success_high) == (0.05, 0.5)
    high_rate = tornado(replace(CASE, success_rate=0.9))
    assert high_rate.success_high == 1.0  # clipped


def test_discount_rate_zero_equals_the_undiscounted_sum():
    t = tornado(CASE)
    s = row(t, "discount_rate").low
    base = calculate(CASE)
    np.testing.assert_allclose(s.npv, base.net.sum(axis=1), rtol=1e-12)
    mid = [x for x in t.scenarios if x.variation.kind == "discount_rate"]
    assert [x.variation.rate for x in mid] == [0.0, 0.035, 0.05]
    np.testing.assert_allclose(
        mid[1].npv, calculate(replace(CASE, discount=DiscountSchedule.constant(0.035))).npv, rtol=1e-12)


def test_costs_plus_twenty_percent_by_hand():
    t = tornado(CASE)
    base = calculate(CASE)
    f = base.discount_factors
    # Hand computation of the kommune's PV of costs: 250.000 in 2025, (85.000 − 20.000)
    # per participant-year for 20/40/40/20 participants in programme 2025–2028.
    in_programme = np.array([20, 40, 40, 20, 0, 0, 0, 0, 0, 0], dtype=float)
    pv_kommune = 250_000 + (85_000 - 20_000) * in_programme @ f
    pv_region = 6_000 * np.array([20, 20, 20] + [0] * 7) @ f
    assert base.pv_costs[0] == pytest.approx(pv_kommune, rel=1e-12)
    high = row(t, "costs").high
    expected = base.npv - 0.2 * np.array([pv_kommune, pv_region, 0.0, pv_kommune + pv_region])
    np.testing.assert_allclose(high.npv, expected, rtol=1e-12)
    assert high.variation.label == "Omkostninger +20 %"


def test_avoided_costs_are_scaled_too():
    scaled = ScaleCosts(1.2).apply(CASE)
    assert [c.amount for c in scaled.costs] == pytest.approx([300_000, 102_000, 7_200, -24_000])
    assert CASE.costs[3].amount == -20_000  # the input is not modified


def test_prices_scale_every_unit_price():
    t = tornado(CASE)
    base = calculate(CASE)
    np.testing.assert_allclose(row(t, "prices").low.npv, 0.8 * base.pv_gains - base.pv_costs, rtol=1e-12)
    assert ScalePrices(0.8).apply(CASE).consequences[1].unit_price == pytest.approx((0.0, 3_600.0, 0.0))


def test_duration_truncation_equals_a_hand_truncated_case():
    t = tornado(CASE)
    by_hand = replace(CASE, consequences=(
        replace(CASE.consequences[0], per_success_by_year=(-120, -100, -80)),
        replace(CASE.consequences[1], per_success_by_year=(-6, -5, -4)),
        replace(CASE.consequences[2], per_success_by_year=(2, 6, 10)),
    ))
    np.testing.assert_array_equal(row(t, "consequence_years").low.npv, calculate(by_hand).npv)
    five = scenario(t, TruncateConsequences(5))
    assert five.npv[3] == calculate(TruncateConsequences(5).apply(CASE)).npv[3]


def test_rows_sorted_by_total_swing_and_swing_includes_the_base():
    t = tornado(CASE, low=0.1, high=0.4)
    swings = [r.swing[3] for r in t.rows]
    assert swings == sorted(swings, reverse=True)
    d = row(t, "consequence_years")
    assert d.low.npv[3] < t.base_npv[3] and d.high.npv[3] < t.base_npv[3]
    assert d.swing[3] == pytest.approx(t.base_npv[3] - d.low.npv[3])
    assert len(t.rows) == 5


def test_as_dict_is_json_ready():
    import json

    d = tornado(CASE).as_dict()
    json.dumps(d)
    assert d["rows"][0]["swing"]["total"] >= d["rows"][-1]["swing"]["total"]
    assert d["settings"]["cost_relative"] == 0.2


def test_compose_applies_in_order():
    v = Compose((SuccessRate(0.3), ScaleCosts(2.0)))
    out = v.apply(CASE)
    assert out.success_rate == 0.3 and out.costs[0].amount == 500_000
    assert v.label == "Succesrate 30,0 % + Omkostninger +100 %"


def test_bad_settings_are_reported_in_danish():
    with pytest.raises(InputError) as exc:
        tornado(CASE, SensitivitySettings(cost_relative=1.5, consequence_years=(0,)))
    assert len(exc.value.problems) == 2
    assert "Udsvinget skal ligge mellem 0 % og 100 %" in str(exc.value)
