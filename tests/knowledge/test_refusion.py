"""State refusion of particularly expensive single cases, against splits computed by hand.

Thresholds (barnets lov § 198 / serviceloven § 176, 2022-niveau): 25 % of the yearly cost
per case above 860.000 kr., 50 % above 1.680.000 kr., 75 % above 2.120.000 kr.; in
2021-niveau 850.000 / 1.660.000 / 2.090.000 kr.; § 176 a in 2020: 25 % above 830.000 kr.,
50 % above 1.630.000 kr. Net price index: 2019 = 103.50, 2020 = 103.87, 2022 = 113.53,
2024 = 118.68 (illustrative), 2025 = 121.05 (illustrative).
"""

from __future__ import annotations

import pytest

from som_xl.errors import KnowledgeError
from som_xl.knowledge import knowledge_price, load_knowledge
from som_xl.knowledge.records import RefusionRule, RefusionTier
from som_xl.knowledge.refusion import rule_for_year, split_price, state_refund

from .conftest import replace_in

TIERS_2022 = (RefusionTier(860_000, 0.25), RefusionTier(1_680_000, 0.50), RefusionTier(2_120_000, 0.75))
I2019, I2020, I2022, I2024, I2025 = 103.50, 103.87, 113.53, 118.68, 121.05


@pytest.mark.parametrize("cost, refund", [
    (0, 0.0),
    (860_000, 0.0),                                   # at the threshold: nothing above it
    (500_000, 0.0),                                   # below: the kommune pays all
    (1_000_000, 0.25 * 140_000),                      # tier 1 only
    (1_680_000, 0.25 * 820_000),                      # exactly the second threshold
    (2_000_000, 0.25 * 820_000 + 0.50 * 320_000),     # tiers 1 and 2
    (3_000_000, 0.25 * 820_000 + 0.50 * 440_000 + 0.75 * 880_000),  # all three
])
def test_refund_by_hand_below_between_and_above_the_thresholds(cost, refund):
    assert state_refund(cost, TIERS_2022) == pytest.approx(refund)


def test_split_moves_the_refund_per_unit_from_kommune_to_state():
    rule = RefusionRule("r", 2022, 2022, TIERS_2022, ("s",), "kilde")
    # 4.000 kr. a day × 365 = 1.460.000 kr. a year; refund 25 % of 600.000 = 150.000 → 410,96 kr. a day
    (k, r, s), split = split_price((4000.0, 100.0, 0.0), 365, rule, 1.0)
    assert split.yearly_cost == 1_460_000 and split.state_amount == pytest.approx(150_000)
    assert (k, r, s) == pytest.approx((4000 - 150_000 / 365, 100.0, 150_000 / 365))
    assert k + s == pytest.approx(4000.0)  # the split moves money, it does not create it
    # below the threshold nothing moves
    (k, r, s), split = split_price((2000.0, 0.0, 0.0), 365, rule, 1.0)
    assert (k, s, split.state_amount) == (2000.0, 0.0, 0.0)
    # thresholds at another price level: uprated by the factor
    (_, _, s), split = split_price((4000.0, 0.0, 0.0), 365, rule, 1.1)
    assert split.thresholds[0] == pytest.approx(946_000)
    assert s * 365 == pytest.approx(0.25 * (1_460_000 - 946_000))


def test_the_version_in_force_at_the_price_level_applies():
    versions = [RefusionRule("r", y, y, (), (), "kilde") for y in (2020, 2021, 2022, 2024)]
    assert [rule_for_year(versions, y).valid_from for y in (2019, 2020, 2021, 2023, 2024, 2030)] == [
        2020, 2020, 2021, 2022, 2024, 2024]


def test_residential_care_is_split_on_kommune_and_state_at_the_2022_level(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "doegninstitution", 2022)
    day = 3178.08 * I2022 / I2019               # 1.160.000 kr. a year (2019) / 365, uprated to 2022
    refund = 0.25 * (day * 365 - 860_000)       # between the first and second threshold
    assert p.uprated == pytest.approx((day - refund / 365, 0, refund / 365))
    assert p.refusion.rule_year == 2022 and p.refusion.state_share == pytest.approx(refund / (day * 365))
    assert 0.08 < p.refusion.state_share < 0.09


def test_secure_institution_reaches_all_three_tiers(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "sikret_institution", 2022)
    month = 240_000 * I2022 / I2024             # 240.000 kr. a month (2024), back to 2022 prices
    yearly = month * 12
    refund = 0.25 * 820_000 + 0.50 * 440_000 + 0.75 * (yearly - 2_120_000)
    assert p.uprated == pytest.approx((month - refund / 12, 0, refund / 12))
    assert p.refusion.state_amount == pytest.approx(refund)


def test_rule_before_2021_has_two_tiers_and_thresholds_follow_the_price_level(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "doegninstitution", 2019)   # oldest version: § 176 a, 2020-niveau
    assert p.refusion.rule_year == 2020
    t1, t2 = (830_000 * I2019 / I2020, 1_630_000 * I2019 / I2020)
    assert p.refusion.thresholds == pytest.approx((t1, t2))
    assert p.uprated[2] * 365 == pytest.approx(0.25 * (3178.08 * 365 - t1))  # 3178,08 × 365 ≈ 1.160.000
    p25 = knowledge_price(k, "doegninstitution", 2025)  # barnets lov § 198 (2022-niveau) uprated to 2025
    assert p25.refusion.rule_year == 2024
    assert p25.refusion.thresholds[0] == pytest.approx(860_000 * I2025 / I2022)


def test_an_item_without_the_rule_is_not_split(shipped):
    k = load_knowledge(shipped)
    assert knowledge_price(k, "plejefamilie", 2022).refusion is None
    assert knowledge_price(k, "plejefamilie", 2022).uprated[2] == 0


def test_a_rule_on_an_item_without_a_unit_of_time_is_refused(package_copy):
    replace_in(package_copy / "items.csv", "Plads på sikret døgninstitution,måned,",
               "Plads på sikret døgninstitution,sag,")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(package_copy)
    assert "refusion-unit" in {p.type for p in info.value.problems}
