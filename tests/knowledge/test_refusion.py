"""State refusion of particularly expensive single cases, against splits computed by hand.

Thresholds (barnets lov § 198 / serviceloven § 176, 2022-niveau): 25 % of the yearly cost
per case above 860.000 kr., 50 % above 1.680.000 kr., 75 % above 2.120.000 kr.; in
2021-niveau 850.000 / 1.660.000 / 2.090.000 kr.; § 176 a in 2020: 25 % above 830.000 kr.,
50 % above 1.630.000 kr. The version is the one in force in the calendar year of the expense;
after 2022 the 2022-niveau amounts are regulated by the satsreguleringsprocent (2023 +2,7 %,
2024 +3,2 %, 2025 +3,6 %; index 2022 = 100: 102,70, 105,99, 109,81, 2026 extrapolated 113,76)
and rounded to 10.000 kr. Net price index: 2019 = 103.50, 2020 = 103.87, 2021 = 105.40,
2022 = 113.53, 2023 = 118.04, 2024 = 118.68 (illustrative), 2025 = 121.05 (illustrative).
"""

from __future__ import annotations

import pytest

from som_xl.errors import KnowledgeError
from som_xl.knowledge import knowledge_price, load_knowledge
from som_xl.knowledge.records import RefusionRule, RefusionTier
from som_xl.knowledge.refusion import rule_for_year, split_price, state_refund, thresholds_in_year

from .conftest import replace_in

TIERS_2022 = (RefusionTier(860_000, 0.25), RefusionTier(1_680_000, 0.50), RefusionTier(2_120_000, 0.75))
I2019, I2020, I2021, I2022, I2023, I2024, I2025 = 103.50, 103.87, 105.40, 113.53, 118.04, 118.68, 121.05
# nominal thresholds of each calendar year, by hand: 2022-niveau × satsregulering, to the nearest 10.000 kr.
# 2023: 860.000 × 1,027 = 883.220; 1.680.000 × 1,027 = 1.725.360; 2.120.000 × 1,027 = 2.177.240
# 2024: × 105,99/100 = 911.514; 1.780.632; 2.246.988   2025: × 109,81/100 = 944.366; 1.844.808; 2.327.972
NOMINAL = {2020: (830_000, 1_630_000), 2021: (850_000, 1_660_000, 2_090_000), 2022: (860_000, 1_680_000, 2_120_000),
           2023: (880_000, 1_730_000, 2_180_000), 2024: (910_000, 1_780_000, 2_250_000),
           2025: (940_000, 1_840_000, 2_330_000)}


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


def test_the_version_in_force_in_the_calendar_year_of_the_expense_applies():
    versions = [RefusionRule("r", y, y, (), (), "kilde") for y in (2020, 2021, 2022, 2024)]
    assert [rule_for_year(versions, y).valid_from for y in (2019, 2020, 2021, 2023, 2024, 2030)] == [
        2020, 2020, 2021, 2022, 2024, 2024]


def test_the_regulation_reproduces_the_laws_own_amounts_and_continues_them():
    """The law's 2021 amounts regulated by 2022's satsreguleringsprocent (1,2) and rounded to
    10.000 kr. give its 2022 amounts; the shipped rule gives each later year's thresholds."""
    v2021 = RefusionRule("r", 2021, 2021, tuple(RefusionTier(t, 0.25) for t in NOMINAL[2021]), (), "kilde",
                         "sats", 10_000)
    assert thresholds_in_year(v2021, 2022, {2021: 100.0, 2022: 101.2}) == NOMINAL[2022]
    k = load_knowledge()
    versions = k.refusion_rule("saerligt_dyre_enkeltsager")
    index = k.index_named("satsreguleringsprocent")
    for year, expected in NOMINAL.items():
        assert thresholds_in_year(rule_for_year(versions, year), year, index) == expected, year


def test_residential_care_is_split_on_kommune_and_state_at_the_2022_level(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "doegninstitution", 2022)
    day = 3178.08 * I2022 / I2019               # 1.160.000 kr. a year (2019) / 365, uprated to 2022
    refund = 0.25 * (day * 365 - 860_000)       # between the first and second threshold
    # the split shown for the case is that of the price level's own year
    assert p.refusion.rule_year == 2022 and p.refusion.year == 2022
    assert p.refusion.state_share == pytest.approx(refund / (day * 365))
    assert 0.08 < p.refusion.state_share < 0.09
    # before 2021: § 176 a's 2020 amounts, in 2022 prices
    base = 0.25 * (day * 365 - 830_000 * I2022 / I2020)
    assert p.uprated == pytest.approx((day - base / 365, 0, base / 365))
    # each later calendar year is a price change with that year's thresholds in 2022 prices
    by_year = {c.from_year: c for c in p.changes}
    assert sorted(by_year) == [2021, 2022, 2023, 2024, 2025, 2026]
    assert by_year[2022].uprated == pytest.approx((day - refund / 365, 0, refund / 365))
    r2023 = 0.25 * (day * 365 - 880_000 * I2022 / I2023)
    assert by_year[2023].uprated == pytest.approx((day - r2023 / 365, 0, r2023 / 365))
    assert {c.quality for c in p.changes} == {"kilde"} and by_year[2023].source_id == p.source_id


def test_a_case_at_2025_prices_refunds_a_2021_expense_under_the_2021_thresholds(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "doegninstitution", 2025)
    yearly = 3178.08 * 365 * I2025 / I2019              # ≈ 1.356.700 kr. a year at 2025 prices
    by_year = {c.from_year: c for c in p.changes}
    r2021 = 0.25 * (yearly - 850_000 * I2025 / I2021)    # 2021's own amount, in 2025 prices
    assert by_year[2021].uprated[2] * 365 == pytest.approx(r2021)
    assert by_year[2025].uprated[2] * 365 == pytest.approx(0.25 * (yearly - 940_000))
    assert p.refusion.rule_year == 2024 and p.refusion.thresholds == pytest.approx(NOMINAL[2025])


def test_secure_institution_reaches_all_three_tiers(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "sikret_institution", 2022)
    month = 240_000 * I2022 / I2024             # 240.000 kr. a month (2024), back to 2022 prices
    yearly = month * 12
    refund = 0.25 * 820_000 + 0.50 * 440_000 + 0.75 * (yearly - 2_120_000)
    in_2022 = next(c for c in p.changes if c.from_year == 2022)
    assert in_2022.uprated == pytest.approx((month - refund / 12, 0, refund / 12))
    assert p.refusion.state_amount == pytest.approx(refund)
    # before 2021 the two tiers of § 176 a (2020 amounts in 2022 prices): 25 % to 1.630.000, 50 % above
    t1, t2 = 830_000 * I2022 / I2020, 1_630_000 * I2022 / I2020
    base = 0.25 * (t2 - t1) + 0.50 * (yearly - t2)
    assert p.uprated == pytest.approx((month - base / 12, 0, base / 12))


def test_rule_before_2021_has_two_tiers_and_thresholds_follow_the_price_level(shipped):
    k = load_knowledge(shipped)
    p = knowledge_price(k, "doegninstitution", 2019)   # oldest version: § 176 a, 2020-niveau
    assert p.refusion.rule_year == 2020
    t1, t2 = (830_000 * I2019 / I2020, 1_630_000 * I2019 / I2020)
    assert p.refusion.thresholds == pytest.approx((t1, t2))
    assert p.uprated[2] * 365 == pytest.approx(0.25 * (3178.08 * 365 - t1))  # 3178,08 × 365 ≈ 1.160.000
    p25 = knowledge_price(k, "doegninstitution", 2025)  # barnets lov § 198, regulated to 2025 (not the price index)
    assert p25.refusion.rule_year == 2024
    assert p25.refusion.thresholds[0] == pytest.approx(940_000) != pytest.approx(860_000 * I2025 / I2022)


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
