"""One broken fixture per validation error (after openfisca-core's
``tests/core/parameter_validation``): copy the shipped package, break one thing, and
assert the problem's ``type``, file, row and column — from ``validate_package`` and, for
the errors the loader must also refuse, from ``load_knowledge``.
"""

from __future__ import annotations

import pytest

from som_xl.errors import KnowledgeError
from som_xl.knowledge import load_knowledge, validate_package

from .conftest import line_of, replace_in

UK = "unge_14_17_kriminalitet,ingen_ny_kriminalitet,"


def break_foreign_key(pkg):
    replace_in(pkg / "consequences.csv", UK + "varetaegt,0,4,", UK + "varetaegt_999,0,4,")
    return "foreign-key", "consequences.csv", line_of(pkg / "consequences.csv", UK + "varetaegt_999"), "item"


def break_negative_length(pkg):
    replace_in(pkg / "consequences.csv", UK + "faengsel,7,10,", UK + "faengsel,10,7,")
    return "negative-length", "consequences.csv", line_of(pkg / "consequences.csv", UK + "faengsel,10,7"), "year_to"


def break_overlap(pkg):
    replace_in(pkg / "consequences.csv", UK + "faengsel,7,10,", UK + "faengsel,6,10,")
    return ("overlapping-segments", "consequences.csv",
            line_of(pkg / "consequences.csv", UK + "faengsel,6,10"), "year_from")


def break_price_year(pkg):
    replace_in(pkg / "prices.csv", "faengsel,2015,", "faengsel,2011,")
    return "price-year-not-in-index", "prices.csv", line_of(pkg / "prices.csv", "faengsel,"), "price_year"


def break_type(pkg):
    replace_in(pkg / "prices.csv", "varetaegt,2015,0,0,1199,", "varetaegt,2015,0,0,1.199 kr,")
    return "type-error", "prices.csv", line_of(pkg / "prices.csv", "varetaegt,"), "stat"


def break_enum(pkg):
    replace_in(pkg / "items.csv", ",kontakt,sundhed,", ",konsultation,sundhed,")
    return "constraint-error", "items.csv", line_of(pkg / "items.csv", "almen_laege,"), "unit_da"


def break_quality(pkg):
    replace_in(pkg / "outcomes.csv", "som_xl_illustrativ,illustrativ\nfaerre", "som_xl_illustrativ,officiel\nfaerre")
    return "constraint-error", "outcomes.csv", 2, "quality"


def break_source(pkg):
    replace_in(pkg / "items.csv", "kriminalforsorgen_oekonomi_2015,kilde", "kriminalforsorgen_2099,kilde")
    return "foreign-key", "items.csv", line_of(pkg / "items.csv", "faengsel,"), "source"


def break_uprate_with(pkg):
    replace_in(pkg / "prices.csv", "net_price_index,stated,,refud_specialklasse_2022",
               "forbrugerprisindeks,stated,,refud_specialklasse_2022")
    return "unknown-index", "prices.csv", line_of(pkg / "prices.csv", "specialklasse,"), "uprate_with"


def break_no_consequences(pkg):
    path = pkg / "target_groups.csv"
    row = "tom_gruppe,Tom gruppe,Ingen linjer.,som_xl_illustrativ,illustrativ,\n"
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    return "no-consequences", "target_groups.csv", line_of(path, "tom_gruppe,"), "target_group"


def break_kilde_without_reference(pkg):
    """'kilde' rows whose source has neither URL nor document reference: reported at the source."""
    replace_in(pkg / "sources.csv", "http://www.kriminalforsorgen.dk/%C3%98konomi-7062.aspx", "")
    return ("source-without-reference", "sources.csv", line_of(pkg / "sources.csv", "kriminalforsorgen_oekonomi_2015,"),
            "url")


def break_kilde_without_price_year(pkg):
    replace_in(pkg / "prices.csv", "faengsel,2015,", "faengsel,,")
    return "missing-price-year", "prices.csv", line_of(pkg / "prices.csv", "faengsel,"), "price_year"


def break_kilde_from_own_assumption(pkg):
    replace_in(pkg / "prices.csv", "stated,,kriminalforsorgen_oekonomi_2015,kilde,Arresthuse",
               "stated,,som_xl_illustrativ,kilde,Arresthuse")
    return "source-kind", "prices.csv", line_of(pkg / "prices.csv", "varetaegt,"), "source"


def break_refusion_tiers(pkg):
    replace_in(pkg / "refusion_rules.csv", "2024,2022,2,1680000,", "2024,2022,2,800000,")
    row = line_of(pkg / "refusion_rules.csv", "saerligt_dyre_enkeltsager,2024,2022,2,")
    return "refusion-tiers", "refusion_rules.csv", row, "threshold"


def break_refusion_rule_name(pkg):
    replace_in(pkg / "prices.csv", "stated,saerligt_dyre_enkeltsager,nb_oekonomi", "stated,dyre_sager,nb_oekonomi")
    return "unknown-refusion-rule", "prices.csv", line_of(pkg / "prices.csv", "doegninstitution,"), "refusion_rule"


def break_refusion_unit(pkg):
    replace_in(pkg / "items.csv", "Plads på sikret døgninstitution,måned,", "Plads på sikret døgninstitution,sag,")
    return "refusion-unit", "prices.csv", line_of(pkg / "prices.csv", "sikret_institution,"), "refusion_rule"


def break_price_change_item(pkg):
    replace_in(pkg / "price_changes.csv", "kontanthjaelp,2026,", "kontanthjælp_ny,2026,")
    return "foreign-key", "price_changes.csv", line_of(pkg / "price_changes.csv", "kontanthjælp_ny,"), "item"


FIXTURES = [break_foreign_key, break_negative_length, break_overlap, break_price_year, break_type, break_enum,
            break_quality, break_source, break_uprate_with, break_no_consequences, break_kilde_without_reference,
            break_kilde_without_price_year, break_kilde_from_own_assumption, break_refusion_tiers,
            break_refusion_rule_name, break_refusion_unit, break_price_change_item]


@pytest.mark.parametrize("breaker", FIXTURES, ids=lambda f: f.__name__)
def test_validate_reports_the_broken_cell(package_copy, breaker):
    type_, file, row, column = breaker(package_copy)
    problems = validate_package(package_copy)
    expected = f"{file} række {row}, kolonne {column}"
    matching = [p for p in problems if p.type == type_ and p.location == expected]
    assert len(matching) == 1, [p.as_dict() for p in problems]
    assert matching[0].severity == "error"
    # one broken thing, one error (a package that is otherwise valid)
    assert [p for p in problems if p.severity == "error"] == matching


@pytest.mark.parametrize("breaker", FIXTURES, ids=lambda f: f.__name__)
def test_load_knowledge_refuses_the_broken_package(package_copy, breaker):
    type_, file, row, column = breaker(package_copy)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(package_copy)
    locations = {(p.type, p.location) for p in info.value.problems}
    assert (type_, f"{file} række {row}, kolonne {column}") in locations


def test_messages_are_danish_and_name_value_and_rule(package_copy):
    break_enum(package_copy)
    break_type(package_copy)
    break_foreign_key(package_copy)
    by_type = {p.type: p.message for p in validate_package(package_copy)}
    assert by_type["constraint-error"] == (
        "værdien 'konsultation' er ikke tilladt; tilladte værdier: døgn, uge, måned, år, besøg, kontakt, "
        "indlæggelse, sag, forløb, kr.")
    assert by_type["type-error"] == "værdien '1.199 kr' skal være et tal med punktum som decimaltegn (fx 1234.5)."
    assert by_type["foreign-key"] == "værdien 'varetaegt_999' findes ikke i items.csv (kolonne item)."


def test_every_problem_is_reported_not_only_the_first(package_copy):
    expected = {b(package_copy)[0] for b in (break_foreign_key, break_negative_length, break_price_year, break_type)}
    assert expected <= {p.type for p in validate_package(package_copy)}


def test_segment_beyond_ten_years_is_a_warning_not_an_error(package_copy):
    replace_in(package_copy / "consequences.csv", UK + "faengsel,7,10,", UK + "faengsel,7,12,")
    problems = validate_package(package_copy)
    row = line_of(package_copy / "consequences.csv", UK + "faengsel,7,12")
    assert [(p.type, p.location, p.severity) for p in problems] == [
        ("beyond-ten-years", f"consequences.csv række {row}, kolonne year_to", "warning")]
    profile = next(p for p in load_knowledge(package_copy).consequence_profiles("unge_14_17_kriminalitet")
                   if p.item == "faengsel")
    assert len(profile.per_success_by_year) == 13 and profile.per_success_by_year[12] == -4


def test_missing_file_and_missing_folder_are_problems_not_tracebacks(package_copy, tmp_path):
    (package_copy / "items.csv").unlink()
    assert [(p.type, p.location) for p in validate_package(package_copy)] == [("missing-file", "items.csv")]
    problems = validate_package(tmp_path / "findes_ikke")
    assert problems[0].type == "package-error" and "findes ikke" in problems[0].message
    with pytest.raises(KnowledgeError):
        load_knowledge(tmp_path / "findes_ikke")


def test_invalid_json_descriptor_is_reported(package_copy):
    (package_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    [problem] = validate_package(package_copy)
    assert problem.type == "package-error" and problem.location == "datapackage.json"
    assert "ikke gyldig JSON" in problem.message


def test_a_method_text_may_not_claim_register_data_the_package_does_not_have(package_copy):
    import json

    path = package_copy / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["som_xl_method"]["consequences"]["description_da"] = "Konsekvenserne er sammenhænge i registerdata."
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    errors = [p for p in validate_package(package_copy) if p.severity == "error"]
    assert [(p.type, p.location) for p in errors] == [
        ("method-claims-register-data", "datapackage.json som_xl_method.consequences")]
    d["som_xl_method"]["consequences"]["basis"] = "registerdata"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert not [p for p in validate_package(package_copy) if p.severity == "error"]
    assert load_knowledge(package_copy).method("consequences").mentions_register_data
