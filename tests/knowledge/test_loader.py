"""Loading: lookups, profiles, discount schedules, the cache and the content hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest

from som_xl.core import DiscountBand
from som_xl.errors import KnowledgeError
from som_xl.knowledge import UnknownKnowledgeId, content_hash, load_knowledge
from som_xl.paths import default_knowledge_dir


def test_default_path_is_the_shipped_package(shipped, monkeypatch):
    monkeypatch.delenv("SOM_XL_KNOWLEDGE", raising=False)
    assert default_knowledge_dir().resolve() == shipped.resolve()
    k = load_knowledge()
    assert (k.name, k.version, k.path) == ("som-xl-viden", "2026.3.0", shipped.resolve())
    assert k.title


def test_lookups_return_frozen_records_and_unknown_ids_raise_in_danish(shipped):
    k = load_knowledge(shipped)
    item = k.item("forsorgshjem_110")
    assert (item.unit_da, item.area) == ("døgn", "socialt")
    with pytest.raises(AttributeError):
        item.unit_da = "uge"
    assert k.target_group("hjemloese_voksne").name_da == "Voksne i hjemløshed"
    assert [o.outcome for o in k.outcomes("hjemloese_voksne")] == ["ude_af_hjemloeshed", "cti_forloeb"]
    net, level, cti = k.effects("hjemloese_voksne")
    # the Housing First rate has no control group behind it: evidence level 3, not 2 (issue 20)
    assert (net.success_rate, net.low, net.high, net.evidence_level, net.effect_type) == (0.25, 0.10, 0.40, 3, "netto")
    # CTI: the matched comparison's difference per participant, so every participant "succeeds"
    assert (cti.outcome, cti.success_rate, cti.evidence_level, cti.quality) == ("cti_forloeb", 1.0, 2, "kilde")
    # Housing First retention is an outcome level without a control group, not a net effect
    assert (level.success_rate, level.effect_type, level.evidence_level, level.quality) == (0.90, "niveau", 3, "kilde")
    assert k.source("dst_nettoprisindeks").publisher == "Danmarks Statistik"
    assert k.source("dst_nettoprisindeks").source_kind == "primary"
    assert len(k.outcomes()) == 8 and len(k.effects()) == 7
    with pytest.raises(UnknownKnowledgeId) as info:
        k.item("svoemmehal")
    assert isinstance(info.value, LookupError) and isinstance(info.value, KnowledgeError)
    assert info.value.problems[0].message.startswith("varen 'svoemmehal' findes ikke i vidensdatabasen; mulige:")


def test_consequence_profile_is_dense_from_year_zero(shipped):
    k = load_knowledge(shipped)
    profiles = {p.item: p for p in k.consequence_profiles("unge_14_17_kriminalitet", "ingen_ny_kriminalitet")}
    # segments 1–6: −8, 7–10: −4; τ = 0 is zero
    assert profiles["faengsel"].per_success_by_year == (0, -8, -8, -8, -8, -8, -8, -4, -4, -4, -4)
    # segment 6–10 only
    assert profiles["kontanthjaelp"].per_success_by_year == (0,) * 6 + (-0.5,) * 5
    # segment 0–1 only: the profile ends at τ = 1
    assert profiles["sikret_institution"].per_success_by_year == (-0.1, -0.1)
    assert profiles["faengsel"].quality == "illustrativ" and profiles["faengsel"].derivation == ""
    # a derived line: 55 § 110 nights a year × 0.8 fewer in years 1–3, made by its derivation
    shelter = k.consequence_profiles("hjemloese_voksne", "ude_af_hjemloeshed")[0]
    assert shelter.per_success_by_year == (0, -44, -44, -44)
    assert (shelter.quality, shelter.derivation) == ("afledt", "hjemloese_110_ophold")
    assert k.consequence_profiles("hjemloese_voksne", "findes_ikke") == []
    with pytest.raises(UnknownKnowledgeId):
        k.consequence_profiles("findes_ikke")


def test_discount_schedule_is_selected_by_date(shipped):
    k = load_knowledge(shipped)
    assert k.discount_schedule(dt.date(2021, 1, 7)).name == "fm_2021"
    assert k.discount_schedule(dt.date(2021, 1, 6)).name == "fm_2013"
    assert k.discount_schedule(dt.date(2013, 5, 31)).name == "fm_2013"
    assert k.discount_schedule().name == "fm_2021"
    assert k.discount_schedule(dt.date(2025, 1, 1)).bands == (
        DiscountBand(0, 35, 0.035), DiscountBand(36, 70, 0.025), DiscountBand(71, None, 0.015))
    assert [s.name for s in k.discount_schedules()] == ["fm_2021", "fm_2013"]
    assert k.discount_schedule(dt.date(2020, 1, 1)).factors(3)[2] == pytest.approx(1 / 1.04**2)
    with pytest.raises(KnowledgeError) as info:
        k.discount_schedule(dt.date(2010, 1, 1))
    assert "gælder fra 2013-05-31" in info.value.problems[0].message


def test_loading_is_cached_until_a_file_changes(package_copy):
    first = load_knowledge(package_copy)
    assert load_knowledge(package_copy) is first
    assert load_knowledge(str(package_copy) + "/") is first
    path = package_copy / "prices.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("faengsel,2015,0,0,1469,", "faengsel,2015,0,0,1470,"),
                    encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_knowledge(package_copy)
    assert second is not first
    assert second.price("faengsel").stat == 1470 and first.price("faengsel").stat == 1469


def test_content_hash_is_sha256_over_the_files_in_name_order(shipped):
    k = load_knowledge(shipped)
    names = sorted(["datapackage.json"] + [p.name for p in shipped.glob("*.csv")])
    digest = hashlib.sha256(b"".join((shipped / n).read_bytes() for n in names)).hexdigest()
    assert k.content_hash == "sha256:" + digest == content_hash(shipped)


def test_content_hash_changes_when_one_byte_of_a_csv_changes(package_copy):
    before = load_knowledge(package_copy).content_hash
    path = package_copy / "consequences.csv"
    data = bytearray(path.read_bytes())
    i = data.index(b",-44,")
    data[i + 2:i + 3] = b"5"  # −44 → −54
    path.write_bytes(bytes(data))
    after = content_hash(package_copy)
    assert after != before and after.startswith("sha256:") and len(after) == 7 + 64


def test_effects_from_the_studies_carry_their_numbers_and_evidence(shipped):
    k = load_knowledge(shipped)
    effects = {e.effect_id: e for e in k.effects()}
    cool = effects["cool_kids_angst"]  # Arendt, Thastum & Hougaard 2016: 48.2 % vs 5.7 % on the wait list
    assert cool.success_rate == pytest.approx(0.482 - 0.057) and cool.evidence_level == 1 and cool.quality == "kilde"
    assert k.source(cool.source).source_kind == "primary" and "10.1111/acps.12448" in k.source(cool.source).document
    mst = effects["mst_unge"]  # KORA 2017: no fewer convictions, in places more
    assert (mst.success_rate, mst.low, mst.high, mst.evidence_level) == (0.0, None, 0.0, 2)
    assert "højere risiko" in mst.note_da and mst.quality == "kilde"
    assert "ingen færre domme" in k.target_group("unge_14_17_kriminalitet").evidence_da
    ips = effects["ips_projekt_inklusion"]  # Projekt Inklusion: 60 % vs 47 % in work or education after 18 months
    assert (ips.success_rate, ips.evidence_level) == (1.0, 1) and "13 procentpoint" in ips.study
    assert k.source(ips.source).source_kind == "primary"
    mentor = effects["dsi_mentor_loesladelse"]  # DSI: 160 of 420 participants avoid new crime
    assert mentor.success_rate == round(160 / 420, 3) and k.source(mentor.source).source_kind == "secondary"
