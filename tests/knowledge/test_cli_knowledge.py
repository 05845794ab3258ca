"""``som-xl knowledge validate | show | diff``: exit codes, Danish output, --json equal to
the library result."""

from __future__ import annotations

import json

import pytest

from som_xl.cli.main import main
from som_xl.knowledge import validate_package

from .conftest import replace_in


def test_validate_shipped_exits_0(shipped, capsys):
    assert main(["knowledge", "validate", str(shipped)]) == 0
    assert "er gyldig" in capsys.readouterr().out


def test_validate_broken_exits_2_and_json_equals_library(package_copy, capsys):
    replace_in(package_copy / "prices.csv", "faengsel,2015,", "faengsel,2011,")
    assert main(["knowledge", "validate", str(package_copy)]) == 2
    out = capsys.readouterr().out
    assert "prices.csv række" in out and "kolonne price_year" in out and "prisåret 2011" in out
    assert main(["knowledge", "validate", str(package_copy), "--json"]) == 2
    assert json.loads(capsys.readouterr().out) == [p.as_dict() for p in validate_package(package_copy)]


def test_warnings_alone_exit_0(package_copy, capsys):
    replace_in(package_copy / "consequences.csv", ",ingen_ny_kriminalitet,faengsel,7,10,",
               ",ingen_ny_kriminalitet,faengsel,7,11,")
    assert main(["knowledge", "validate", str(package_copy)]) == 0
    assert "Advarsel" in capsys.readouterr().out


def test_show_lists_groups_items_and_a_target_group(shipped, capsys):
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["target_group"] for t in data["target_groups"]} >= {"hjemloese_voksne"}
    faengsel = next(i for i in data["items"] if i["item"] == "faengsel")
    assert faengsel["unit_da"] == "døgn" and faengsel["price"]["stat"] == 1469
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--target-group", "hjemloese_voksne",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["effects"][0]["effect_id"] == "housing_first_icm_act"
    assert {c["quality"] for c in data["consequences"]} == {"afledt"}
    assert [d["derivation"] for d in data["derivations"]] == ["cti_2013", "hjemloese_110_ophold"]
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--target-group", "hjemloese_voksne"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Succesmål" in out and "Konsekvenser pr. succesfuld borger" in out and "Evidens:" in out
    assert "grundforbrug om året 55 × reduktionsandel 0,80 → -44 om året i år 1–3" in out


def test_show_prints_the_derivation_its_arithmetic_and_the_published_checks(shipped, capsys):
    """The inmates' 505.300 kr.: spread by DSI's shares at 2020 prices, undiscounted (the
    package's stated basis); the lines' saving and the checks recomputed by hand here."""
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--target-group", "indsatte_loesladte",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    d = next(d for d in data["derivations"] if d["derivation"] == "indsatte_ingen_ny_kriminalitet")
    assert (d["published_total"], d["price_year"], d["discount_rate"]) == (505300, 2020, 0)
    # lines: 10 years × (23,18 prison days × 1.469 × 103,87/100 + 7.074 + 3.032 + 5.053 kr.)
    saving = 10 * (23.18 * 1469 * 103.87 / 100 + 7074 + 3032 + 5053)
    assert -d["pv_total"] == pytest.approx(saving) and abs(saving / 505300 - 1) < 0.001
    assert -d["pv_by_actor"]["kommune"] == pytest.approx(50530) and d["pv_by_actor"]["region"] == 0
    checks = {c["check"]: c for c in d["checks"]}
    assert all(c["ok"] for c in checks.values()) and d["lines_match_rule"]
    assert checks["245 færre fængselsdage pr. person"]["computed"] == pytest.approx(-231.8)
    assert checks["90 pct. af besparelserne til staten"]["computed"] == pytest.approx(
        1 - 50530 / saving, abs=1e-6)
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--target-group", "indsatte_loesladte"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Offentliggjort: 505.300 kr. pr. succes (prisniveau 2020" in out
    assert "Kontrol (ok): 245 færre fængselsdage pr. person: linjerne -231,8, kilden -245" in out


def test_show_unknown_target_group_exits_2_without_traceback(shipped, capsys):
    assert main(["knowledge", "show", "--knowledge", str(shipped), "--target-group", "findes_ikke"]) == 2
    err = capsys.readouterr().err
    assert "målgruppen 'findes_ikke' findes ikke" in err and "Traceback" not in err


def test_diff_lists_changed_prices_and_consequence_lines(shipped, package_copy, capsys):
    replace_in(package_copy / "prices.csv", "faengsel,2015,0,0,1469,", "faengsel,2015,0,0,1500,")
    replace_in(package_copy / "consequences.csv", ",psykiatri_ambulant,0,2,-0.5,", ",psykiatri_ambulant,0,3,-0.5,")
    assert main(["knowledge", "diff", str(shipped), str(package_copy), "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["key"], c["change"]) for c in changes] == [
        ("price", "faengsel", "changed"),
        ("consequence", "unge_14_17_kriminalitet/ingen_ny_kriminalitet/psykiatri_ambulant", "changed")]
    assert "stat 1469" in changes[0]["old"] and "stat 1500" in changes[0]["new"]
    assert main(["knowledge", "diff", str(shipped), str(package_copy)]) == 0
    assert "hæv 'version'" in capsys.readouterr().out


def test_diff_lists_changed_index_values_effects_and_price_changes(shipped, package_copy, capsys):
    replace_in(package_copy / "net_price_index.csv", "2024,118.68,", "2024,119.10,")
    replace_in(package_copy / "effects.csv", ",0.425,,,1,", ",0.40,,,1,")
    replace_in(package_copy / "price_changes.csv", "kontanthjaelp,2026,2024,9860.80,", "kontanthjaelp,2026,2024,9900,")
    assert main(["knowledge", "diff", str(shipped), str(package_copy), "--json"]) == 0
    changes = {(c["kind"], c["key"]): c for c in json.loads(capsys.readouterr().out)}
    assert set(changes) == {("index", "net_price_index 2024"), ("effect", "cool_kids_angst"),
                            ("price", "kontanthjaelp fra 2026")}
    assert changes[("index", "net_price_index 2024")]["old"].startswith("118.68 (illustrativ")
    assert changes[("effect", "cool_kids_angst")]["new"].startswith("0.4 netto, evidens 1")


def test_sources_lists_every_source_with_kind_years_and_users_in_80_columns(shipped, capsys):
    assert main(["knowledge", "sources", "--knowledge", str(shipped), "--json"]) == 0
    data = {s["source_id"]: s for s in json.loads(capsys.readouterr().out)}
    with (shipped / "sources.csv").open(encoding="utf-8") as f:
        assert set(data) == {line.split(",", 1)[0] for line in list(f)[1:]}
    krim = data["kriminalforsorgen_oekonomi_2015"]
    assert krim["kind"] == "primary" and krim["price_years"] == [2015]
    assert krim["uses"]["priser"] == ["faengsel", "varetaegt"]
    assert data["tv2fyn_sikret_2024"]["kind"] == "secondary"
    assert data["barnets_lov_198"]["uses"] == {"refusionsregler": ["2024"]}
    assert data["barnets_lov_198"]["price_years"] == [2022]  # thresholds in 2022-niveau
    assert data["dst_nettoprisindeks"]["uses"]["nettoprisindeks"][-1] == "2024"
    assert main(["knowledge", "sources", "--knowledge", str(shipped)]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "primær" in out and "sekundær" in out and "Bruges af" in out and "Prisår" in out
    for source_id in data:  # every id is shown, folded at most over two lines
        assert source_id[:20] in out
