"""Uprating and price resolution, against hand computations from the reference index
(Danmarks Statistik, nettoprisindeks 2015 = 100: 2018 = 102.61, 2023 = 118.04;
2025 = 121.05 is the package's illustrative extrapolation 118.68 × 1.02) and from the
satsregulering index of transfers (2023 = 110.09, 2024 = 113.61, 2025 = 113.61 × 1.036 = 117.70:
the satsreguleringsprocent 3,6 of Økonomistyrelsen's Pris- og lønforudsætninger, June 2024)."""

from __future__ import annotations

import pytest

from som_xl.errors import KnowledgeError
from som_xl.knowledge import PriceSpec, index_factor, knowledge_price, load_knowledge, resolve_prices, uprate

I2018, I2019, I2020, I2023, I2024, I2025 = 102.61, 103.50, 103.87, 118.04, 118.68, 121.05
S2023, S2024, S2025 = 110.09, 113.61, 117.70


def test_uprate_1000_kr_from_2018_to_2023_by_hand(shipped):
    k = load_knowledge(shipped)
    assert uprate(1000, 2018, 2023, k.index) == pytest.approx(1000 * 118.04 / 102.61, rel=1e-12)
    assert uprate(1000, 2018, 2023, k.index) == pytest.approx(1150.3752, abs=1e-4)
    assert k.index_factor(2018, 2023) == pytest.approx(I2023 / I2018, rel=1e-12)
    assert k.index_factor(2023, 2018) == pytest.approx(I2018 / I2023, rel=1e-12)
    assert k.index_factor(2020, 2020) == 1.0


def test_uprating_keeps_the_sign_of_revenue(shipped):
    k = load_knowledge(shipped)
    assert uprate(-4051.87, 2024, 2025, k.index) == pytest.approx(-4051.87 * I2025 / I2024)


def test_missing_index_year_is_a_danish_error_listing_the_years(shipped):
    k = load_knowledge(shipped)
    with pytest.raises(KnowledgeError) as info:
        k.index_factor(2010, 2023)
    [problem] = info.value.problems
    assert problem.type == "year-not-in-index"
    assert problem.message == "året 2010 findes ikke i nettoprisindekset; mulige år: 2015–2026."
    with pytest.raises(KnowledgeError):
        index_factor({2015: 100.0}, 2015, 2030)


def test_knowledge_price_uprated_to_the_case_level(shipped):
    k = load_knowledge(shipped)
    [p] = resolve_prices(k, ["faengsel"], 2025)
    assert p.origin == "viden" and p.quality == "kilde" and p.source_id == "kriminalforsorgen_oekonomi_2015"
    assert p.price_year == 2015 and p.original == (0, 0, 1469)
    assert p.index_factor == pytest.approx(I2025 / 100.0)
    assert p.uprated == pytest.approx((0, 0, 1469 * 1.2105))
    # 2015 is published, 2025 an assumption: the uprating rests on an illustrative index value
    assert (p.index_name, p.index_quality, p.source_kind) == ("net_price_index", "illustrativ", "primary")
    assert knowledge_price(k, "faengsel", 2023).index_quality == "kilde"
    assert knowledge_price(k, "specialklasse", 2022).index_quality == ""  # price year = level: none used
    assert p.unit == "døgn" and p.area == "retsvaesen" and p.national_uprated is None
    assert "Kriminalforsorgen" in p.source_text and "1.469" in p.source_text


def test_local_override_keeps_the_national_price_visible_and_own_item_is_uprated(shipped):
    k = load_knowledge(shipped)
    # a local transfer price follows the transfer index (satsregulering), like the national one
    local = [PriceSpec("kontanthjaelp", 2023, (10000, 0, 2500), source="Eksempelkommunens regnskab 2023")]
    own = [PriceSpec("natcafe", 2019, (350, 0, 0), name="Natcafé", unit="besøg", area="socialt")]
    got = resolve_prices(k, ["natcafe", "kontanthjaelp", "forsorgshjem_110", "kontanthjaelp"], 2025,
                         own_items=own, local_prices=local)
    assert [p.item for p in got] == ["natcafe", "kontanthjaelp", "forsorgshjem_110"]
    natcafe, kh, shelter = got
    assert natcafe.origin == "egen" and natcafe.name == "Natcafé" and natcafe.unit == "besøg"
    assert natcafe.uprated == pytest.approx((350 * I2025 / I2019, 0, 0))
    assert natcafe.quality == "bruger"
    assert kh.origin == "lokal" and kh.source_text == "Eksempelkommunens regnskab 2023"
    assert kh.name == "Kontanthjælp, fyldt 30 år, ikke forsørger" and kh.unit == "måned"
    assert kh.uprated == pytest.approx((10000 * S2025 / S2023, 0, 2500 * S2025 / S2023))
    assert kh.national_uprated == pytest.approx((9860.80 * S2025 / S2024, 0, 2465.20 * S2025 / S2024))
    # 2025's satsregulering is sourced now (3,6 %), so the transfer's uprating rests on no illustrative value
    assert kh.index_name == "satsregulering" and kh.index_quality == "kilde"
    assert shelter.origin == "viden"
    assert shelter.uprated == pytest.approx((1506.85 * I2025 / I2023, 0, 0))


def test_unknown_item_points_to_own_items_and_every_problem_is_listed(shipped):
    k = load_knowledge(shipped)
    with pytest.raises(KnowledgeError) as info:
        resolve_prices(k, ["natcafe", "faengsel", "svoemmehal"], 2025,
                       local_prices=[PriceSpec("natcafe", 2023, (1, 0, 0))])
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2
    assert "lokal pris for varen 'natcafe'" in messages[0] and "'egne varer'" in messages[0]
    assert messages[1].startswith("varen 'svoemmehal' findes hverken i vidensdatabasen")
    assert "'egne varer'" in messages[1]


def test_own_item_may_not_shadow_a_knowledge_item_and_price_years_are_checked(shipped):
    k = load_knowledge(shipped)
    with pytest.raises(KnowledgeError) as info:
        resolve_prices(k, ["faengsel", "x"], 2025,
                       own_items=[PriceSpec("faengsel", 2023, (1, 0, 0)), PriceSpec("x", 2001, (1, 0, 0))])
    types = [p.type for p in info.value.problems]
    assert types == ["own-item-shadows-knowledge", "year-not-in-index"]
    with pytest.raises(KnowledgeError) as info:
        resolve_prices(k, ["faengsel"], 2040)
    assert info.value.problems[0].location == "prisniveau"


def test_a_transfer_is_uprated_by_the_satsregulering_not_the_price_index(shipped):
    k = load_knowledge(shipped)
    [kh] = resolve_prices(k, ["kontanthjaelp"], 2024)
    assert kh.uprated == pytest.approx((9860.80, 0, 2465.20)) and kh.index_quality == ""
    [kh23] = resolve_prices(k, ["kontanthjaelp"], 2023)  # back to 2023: 12.326 × 110.09 / 113.61 ≈ 11.944
    assert sum(kh23.uprated) == pytest.approx(12326 * S2023 / S2024) and round(sum(kh23.uprated)) == 11944
    assert kh23.index_quality == "kilde"


def test_kontanthjaelp_after_the_reform_is_a_price_change_from_2026(shipped):
    k = load_knowledge(shipped)
    kh = knowledge_price(k, "kontanthjaelp", 2025)
    [change] = kh.changes
    assert change.from_year == 2026 and change.quality == "illustrativ"
    assert change.uprated == pytest.approx((9860.80 * S2025 / S2024, 0, 2465.20 * S2025 / S2024))
    assert k.source(change.source_id).publisher == "borger.dk"
    assert not knowledge_price(k, "faengsel", 2025).changes
