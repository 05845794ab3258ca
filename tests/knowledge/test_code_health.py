"""Code-health tests of the shipped knowledge package (after policyengine-uk's
``tests/code_health``).

They guard against the incident ``docs/style.md`` §5 warns about: a number in the knowledge
base that nobody can trace, in a unit nobody declared, or a price that silently is not
uprated because its table names an index that does not exist. Each test reads the CSV
files directly, independently of the loader, so a loader bug cannot hide a data bug.
There are no exceptions: an allow-list would need an entry with a reason and an issue
number, and a test that fails once the exception is no longer needed.
"""

from __future__ import annotations

import csv
import json

from som_xl.knowledge import load_knowledge, validate_package
from som_xl.vocabulary.areas import AREAS
from som_xl.vocabulary.qualities import QUALITIES
from som_xl.vocabulary.units import UNITS

TABLES = ["target_groups", "outcomes", "effects", "items", "prices", "consequences", "net_price_index",
          "discount_rates"]


def rows(pkg, name):
    with (pkg / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_package_validates_without_errors_or_warnings(shipped):
    assert validate_package(shipped) == []


def test_every_row_has_a_source_that_resolves_and_an_allowed_quality(shipped):
    sources = {r["source_id"] for r in rows(shipped, "sources")}
    for name in TABLES:
        for n, r in enumerate(rows(shipped, name), start=2):
            assert r["source"] in sources, f"{name}.csv row {n}: source {r['source']!r}"
            assert r["quality"] in QUALITIES, f"{name}.csv row {n}: quality {r['quality']!r}"


def test_every_source_has_a_locator_and_every_non_project_source_a_url(shipped):
    for r in rows(shipped, "sources"):
        assert r["locator"].strip(), r["source_id"]
        if r["source_id"] != "som_xl_illustrativ":
            assert r["url"].startswith("http"), r["source_id"]


def test_every_unit_and_area_is_in_the_allowed_lists_and_the_schema_agrees(shipped):
    for r in rows(shipped, "items"):
        assert r["unit_da"] in UNITS, r["item"]
        assert r["area"] in AREAS, r["item"]
    descriptor = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    items = next(r for r in descriptor["resources"] if r["name"] == "items")
    fields = {f["name"]: f for f in items["schema"]["fields"]}
    assert fields["unit_da"]["constraints"]["enum"] == list(UNITS)
    assert fields["area"]["constraints"]["enum"] == list(AREAS)


def test_every_price_table_names_a_real_index(shipped):
    descriptor = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    indexes = {r["name"] for r in descriptor["resources"] if r.get("som_xl_role") == "price_index"}
    # satsreguleringsprocent regulates the refusion thresholds (refusion_rules.regulate_with), no price
    assert indexes == {"net_price_index", "satsregulering", "satsreguleringsprocent"}
    price_tables = [r for r in descriptor["resources"] if r.get("som_xl_role") == "prices"]
    assert price_tables, "no price table declared"
    for table in price_tables:
        assert table["uprate_with"] in indexes
    years = {name: {int(r["year"]) for r in rows(shipped, name)} for name in indexes}
    for r in rows(shipped, "prices") + rows(shipped, "price_changes"):
        assert r["uprate_with"] in indexes, r["item"]
        assert int(r["price_year"]) in years[r["uprate_with"]], r["item"]
    # transfers follow the satsregulering, every other price the net price index
    chosen = {r["item"]: r["uprate_with"] for r in rows(shipped, "prices")}
    assert {i for i, x in chosen.items() if x == "satsregulering"} == {"kontanthjaelp", "uddannelseshjaelp"}


def test_every_item_has_a_price_and_every_price_an_item(shipped):
    assert {r["item"] for r in rows(shipped, "items")} == {r["item"] for r in rows(shipped, "prices")}


def test_package_says_illustrative_rows_are_not_official(shipped):
    descriptor = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "som-xl-viden"
    assert "NOT SØM's official estimates" in descriptor["description"]
    assert descriptor["licenses"]


def test_every_number_field_declares_the_decimal_point(shipped):
    descriptor = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        for f in res["schema"]["fields"]:
            if f["type"] == "number":
                assert f.get("decimalChar") == ".", (res["name"], f["name"])


def test_target_groups_cover_the_areas_with_eight_or_more_items_or_are_derived_from_evidence(shipped):
    """An illustrative profile spans the areas a SØM profile has; a derived one holds only
    what its evidence carries, every line made by a derivation, and says so in evidence_da."""
    k = load_knowledge(shipped)
    assert {"hjemloese_voksne", "boern_6_13_angst_depression", "unge_14_17_kriminalitet", "indsatte_loesladte",
            "psykisk_syge_ledige"} <= {t.target_group for t in k.target_groups()}
    derived = set()
    for tg in k.target_groups():
        profiles = k.consequence_profiles(tg.target_group)
        assert tg.evidence_da, tg.target_group
        assert k.effects(tg.target_group), tg.target_group
        assert k.outcomes(tg.target_group), tg.target_group
        if all(p.quality == "afledt" and p.derivation for p in profiles):
            derived.add(tg.target_group)
            continue
        assert len({p.item for p in profiles}) >= 8, tg.target_group
        areas = {k.item(p.item).area for p in profiles}
        assert {"socialt", "sundhed", "beskaeftigelse", "retsvaesen", "skat"} <= areas, tg.target_group
    assert derived == {"hjemloese_voksne", "indsatte_loesladte", "psykisk_syge_ledige"}


def test_tax_is_revenue_and_reference_prices_match_their_sources(shipped):
    k = load_knowledge(shipped)
    tax = k.price("skat_loenindkomst")
    assert tax.kommune < 0 and tax.stat < 0 and tax.region == 0
    # 12.326 kr. a month (BM, kontanthjælpsloft 2024 = the § 25, stk. 2 rate), 80 % kommune / 20 % stat (STAR).
    kh = k.price("kontanthjaelp")
    assert (kh.price_year, kh.kommune, kh.stat, kh.uprate_with) == (2024, 9860.80, 2465.20, "satsregulering")
    assert kh.kommune + kh.stat == 12326 and kh.stat == round(0.2 * 12326, 2)
    assert k.source(kh.source).source_kind == "primary"
    # Kriminalforsorgen 2015: average 1.469 kr. per inmate-day, all state.
    assert k.price("faengsel").amounts == (0, 0, 1469)
    # refud.dk (VIVE) 2022: special class 4.638 kr. per pupil-week, all kommune; a secondary source.
    assert k.price("specialklasse").amounts == (4638, 0, 0)
    assert k.source(k.price("specialklasse").source).source_kind == "secondary"
    # 550.000 kr. a year / 365 days, rounded to øre; the source does not state its year.
    shelter = k.price("forsorgshjem_110")
    assert shelter.kommune == round(550000 / 365, 2) and shelter.price_year_basis == "inferred"


# Danmarks Statistik, nettoprisindeks (2015 = 100), table PRIS116: yearly means of the twelve
# published monthly values, and the months of 2024 published by July 2024 (source
# dst_nettoprisindeks in knowledge_tables/sources.csv).
REFERENCE_INDEX = {2015: 100.00, 2016: 100.48, 2017: 101.73, 2018: 102.61, 2019: 103.50, 2020: 103.87,
                   2021: 105.40, 2022: 113.53, 2023: 118.04}
REFERENCE_2024_MONTHS = (118.1, 118.8, 118.8, 118.8, 118.8, 118.8)


def test_index_rows_match_the_reference_file_and_2024_comes_from_the_published_months(shipped):
    idx = {int(r["year"]): r for r in rows(shipped, "net_price_index")}
    for year, value in REFERENCE_INDEX.items():
        assert float(idx[year]["index"]) == value and idx[year]["quality"] == "kilde", year
    # 2024: only January-June were published: their mean, marked illustrative (not a yearly mean)
    mean = sum(REFERENCE_2024_MONTHS) / 6
    assert float(idx[2024]["index"]) == round(mean, 2) == 118.68
    assert idx[2024]["quality"] == "illustrativ" and idx[2024]["source"] == "dst_nettoprisindeks"
    for n, y in enumerate((2025, 2026), start=1):
        assert idx[y]["quality"] == "illustrativ" and idx[y]["basis"] == "assumption"
        assert float(idx[y]["index"]) == round(118.68 * 1.02**n, 2)


def test_satsregulering_follows_the_published_kontanthjaelp_rates(shipped):
    """Index = the rate 'fyldt 30 år, andre' of the year / 10.849 kr. (2015) × 100."""
    idx = {int(r["year"]): r for r in rows(shipped, "satsregulering")}
    rates = {2015: 10849, 2016: 10968, 2017: 11143, 2021: 11698, 2023: 11944, 2024: 12326}
    for year, rate in rates.items():
        assert float(idx[year]["index"]) == round(rate / 10849 * 100, 2) and idx[year]["quality"] == "kilde", year
    # 2023 → 2024 is the 3.2 % the issue names (11.944 → 12.326 kr.), not the price index's 0.5 %
    assert round(float(idx[2024]["index"]) / float(idx[2023]["index"]) - 1, 3) == 0.032
    # 2025: the satsreguleringsprocent 3,6 (Økonomistyrelsen, Pris- og lønforudsætninger, June 2024)
    assert float(idx[2025]["index"]) == round(113.61 * 1.036, 2) == 117.70 and idx[2025]["quality"] == "kilde"
    assert {y for y, r in idx.items() if r["quality"] == "illustrativ"} == {2018, 2019, 2020, 2022, 2026}
    assert set(idx) == {int(r["year"]) for r in rows(shipped, "net_price_index")}
