"""Case file format 1: every problem is reported at once, in Danish, with its JSON path."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from som_xl.case import case_schema, parse_case, read_case_file, validate_case_data
from som_xl.errors import InputError
from som_xl.paths import examples_dir
from tests.reliability.strategies import corrupted_cases, valid_cases

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


def problems_of(data):
    return {(p.location, p.type): p for p in validate_case_data(data)}


def test_the_example_is_valid_and_fits_the_published_schema():
    import jsonschema

    jsonschema.validate(EXAMPLE, case_schema())
    case = parse_case(EXAMPLE)
    assert case.title.startswith("Housing First")
    assert [w for w in case.warnings if w.severity == "error"] == []


def test_round_trip_through_to_dict_is_lossless():
    case = parse_case(EXAMPLE)
    assert parse_case(case.to_dict()) == case


@pytest.mark.parametrize("mutate, location, type_, words", [
    (lambda d: d["effect"].update(success_rate=1.5), "$.effect.success_rate", "out-of-range", "mellem 0 og 1"),
    (lambda d: d["settings"].update(horizon_years=0), "$.settings.horizon_years", "out-of-range", "mellem 1 og 70"),
    (lambda d: d["settings"].pop("start_year"), "$.settings.start_year", "required", "startår skal udfyldes"),
    (lambda d: d["costs"][0].update(payer="borger"), "$.costs[0].payer", "not-allowed", "'kommune'"),
    (lambda d: d["costs"][0].update(amount="mange"), "$.costs[0].amount", "wrong-type", "et tal"),
    (lambda d: d["programme"]["cohorts"][0].update(participants=-3), "$.programme.cohorts[0].participants",
     "out-of-range", "mellem 0 og 10.000.000"),
    (lambda d: d.update(succes_rate=0.2), "$.succes_rate", "unknown-field", "ukendt felt"),
    (lambda d: d["costs"][0].pop("year"), "$.costs[0].year", "required", "samlet beløb"),
    (lambda d: d["costs"][0].update(year=2040), "$.costs[0].year", "outside-horizon", "2025–2034"),
    (lambda d: d["programme"]["cohorts"].append({"year": 2025, "participants": 1}),
     "$.programme.cohorts[3].year", "duplicate", "står allerede"),
    (lambda d: d["costs"].append({"label": "x", "payer": "kommune", "kind": "sparet",
                                  "basis": "total", "amount": 5, "year": 2025}),
     "$.costs[3].amount", "wrong-sign", "negativt beløb"),
    (lambda d: d["effect"].update(low=0.5), "$.effect.low", "out-of-order", "lav succesrate"),
    (lambda d: d.update(target_group=None), "$.consequences", "required", "egne konsekvenslinjer"),
])
def test_each_problem_names_the_field_and_what_is_allowed(mutate, location, type_, words):
    data = copy.deepcopy(EXAMPLE)
    mutate(data)
    found = problems_of(data)
    assert (location, type_) in found, found
    assert words in found[(location, type_)].message
    with pytest.raises(InputError) as info:
        parse_case(data)
    assert any(p.location == location for p in info.value.problems)


def test_all_problems_are_reported_not_only_the_first():
    data = copy.deepcopy(EXAMPLE)
    data["effect"]["success_rate"] = 2
    data["settings"]["horizon_years"] = 500
    data["costs"][1]["payer"] = "x"
    with pytest.raises(InputError) as info:
        parse_case(data)
    locations = {p.location for p in info.value.problems}
    assert {"$.effect.success_rate", "$.settings.horizon_years", "$.costs[1].payer"} <= locations


def test_suspicious_magnitudes_are_warnings_not_errors():
    data = copy.deepcopy(EXAMPLE)
    data["costs"][1]["amount"] = 5e8
    case = parse_case(data)
    assert [w.type for w in case.warnings] == ["suspicious"]


@pytest.mark.parametrize("text, type_", [
    ('{"format": "som-xl-case/1", "title": "a", "title": "b"}', "bad-json"),
    ("{not json", "bad-json"),
    ('{"x": NaN}', "bad-json"),
    ("[1, 2]", "wrong-type"),
])
def test_broken_files_give_a_danish_message(tmp_path, text, type_):
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        parse_case(read_case_file(path))
    assert info.value.problems[0].type == type_


def test_binary_and_huge_files_are_refused(tmp_path):
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError) as info:
        read_case_file(binary)
    assert info.value.problems[0].type == "bad-encoding"
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.seek(6 * 1024 * 1024)
        fh.write(b"0")
    with pytest.raises(InputError) as info:
        read_case_file(big)
    assert info.value.problems[0].type == "too-large"
    with pytest.raises(InputError) as info:
        read_case_file(tmp_path / "missing.json")
    assert info.value.problems[0].type == "not-found"


def test_the_shipped_schema_file_follows_the_actor_axis_and_the_vocabularies():
    """The published schema's enumerations and per-actor price fields are derived; the file
    must not drift from them (rewrite it with ``python -m som_xl.case.schema``)."""
    from som_xl.case.schema import _shipped, derive

    shipped = _shipped()
    assert derive(shipped) == shipped, "run: python -m som_xl.case.schema"
    assert case_schema()["$defs"]["price"]["required"] == ["item", "price_year", "kommune", "region", "stat"]
    assert case_schema()["properties"]["costs"]["items"]["properties"]["payer"] == {
        "enum": ["kommune", "region", "stat"]}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(corrupted_cases(), valid_cases()))
def test_the_fast_validator_and_jsonschema_agree_on_validity(data):
    """A case the fast validator (jsonschema-rs) calls valid skips jsonschema, so the two
    must never disagree on whether a case fits the schema."""
    from som_xl.case.validate import _fits, _validator, _walk_problems

    if not isinstance(data, dict) or _walk_problems(data):
        return  # never reaches the schema
    assert _fits(data) == _validator().is_valid(data)


def test_a_field_written_twice_in_one_object_is_named():
    """The reader builds each object in C and looks for the repeated key only when one
    object came out with fewer keys than it was written with (issue 24); the first key
    written again is named."""
    from som_xl.case.parse import loads_case

    text = '{"a": 1, "b": {"x": 1, "y": 2, "x": 3, "y": 4}, "c": [{"d": 1}, {"d": 2, "d": 3}]}'
    with pytest.raises(InputError) as info:
        loads_case(text, "sag.json")
    assert "'x' står to gange i samme objekt" in info.value.problems[0].message
    assert loads_case('{"a": {"x": 1}, "b": {"x": 2}}', "sag.json") == {"a": {"x": 1}, "b": {"x": 2}}


def test_the_discount_rate_limits_the_sheets_read_are_the_ones_validation_applies():
    """The highest fixed discount rate is written once, in the schema (issue 22)."""
    from som_xl.case.schema import discount_rate_limits

    lo, hi = discount_rate_limits()
    data = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    for rate, valid in ((lo, True), (hi, True), (hi + 1e-9, False), (lo - 1e-9, False)):
        data["settings"]["discount_rate"] = rate
        problems = [p for p in validate_case_data(copy.deepcopy(data)) if p.severity == "error"]
        assert (problems == []) is valid, (rate, problems)
        if not valid:
            assert [p.location for p in problems] == ["$.settings.discount_rate"]
