"""Validation lists every problem, names the field and says what is allowed (in Danish)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.errors import InputError, SomError
from som_xl.experience.validate import FIELDS, validate_record

from .conftest import make_record


def test_all_problems_at_once(db):
    bad = {"title": "  ", "summary": 7, "material_type": "roman", "actor_type": "borger",
           "year": 1066, "key_results": [1, 2], "case_json": '{"format": "andet"}',
           "review_status": "godkendt", "contact": "x" * 400, "farve": "blå"}
    with pytest.raises(InputError) as info:
        db.add(bad)
    by_location = {p.location: p for p in info.value.problems}
    assert set(by_location) == {
        "felt title", "felt summary", "felt target_group", "felt material_type",
        "felt actor_type", "felt actor_name", "felt year", "felt key_results",
        "felt case_json", "felt review_status", "felt contact", "felt farve"}
    assert "beregning (Beregning)" in by_location["felt material_type"].message
    assert "Organisering og opfølgning" in by_location["felt material_type"].message
    assert "kommune (Kommune)" in by_location["felt actor_type"].message
    assert "1990" in by_location["felt year"].message
    assert "som-xl-case/1" in by_location["felt case_json"].message
    assert "indsendt" in by_location["felt review_status"].message
    assert "300" in by_location["felt contact"].message
    assert all(p.severity == "error" for p in info.value.problems)
    assert db.count() == 0


def test_labels_codes_and_spellings_are_accepted():
    for given_value in ("organisering_og_opfoelgning", "Organisering og opfølgning",
                        "ORGANISERING OG OPFØLGNING", "organisering og opfoelgning"):
        out = validate_record(make_record(material_type=given_value))
        assert out["material_type"] == "organisering_og_opfoelgning"


def test_year_as_text_and_key_results_as_json_text():
    out = validate_record(make_record(year="2021", key_results='{"npv": {"total": 5}}'))
    assert out["year"] == 2021 and out["key_results"] == {"npv": {"total": 5}}


@pytest.mark.parametrize("value", [True, 2.5, "tyve", float("nan")])
def test_bad_years(value):
    with pytest.raises(InputError) as info:
        validate_record(make_record(year=value))
    assert info.value.problems[0].location == "felt year"


def test_key_results_must_be_finite():
    with pytest.raises(InputError) as info:
        validate_record(make_record(key_results={"npv": {"total": float("inf")}}))
    assert info.value.problems[0].location == "felt key_results"


def test_case_json_checks():
    ok = validate_record(make_record(case_json={"format": "som-xl-case/1", "title": "T"}))
    assert json.loads(ok["case_json"])["title"] == "T"
    for text, kind in (("{ikke json", "bad-json"), ("[1]", "wrong-format")):
        with pytest.raises(InputError) as info:
            validate_record(make_record(case_json=text))
        assert info.value.problems[0].type == kind
    huge = json.dumps({"format": "som-xl-case/1", "x": "a" * (5 * 1024 * 1024)})
    with pytest.raises(InputError) as info:
        validate_record(make_record(case_json=huge))
    assert info.value.problems[0].type == "too-large"


def test_not_a_mapping():
    with pytest.raises(InputError):
        validate_record(["title"])


_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                    st.lists(st.integers(), max_size=3),
                    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS + ("uid", "noget")), _values, max_size=10))
def test_anything_either_validates_or_raises_input_error(data):
    try:
        out = validate_record(data)
    except InputError as exc:
        assert exc.problems and all(p.location.startswith("felt ") for p in exc.problems)
    except SomError:  # pragma: no cover - would be a bug
        raise
    else:
        assert out["title"] and out["material_type"] in {
            "beregning", "omkostningsvurdering", "erfaring_med_vidensindsamling",
            "organisering_og_opfoelgning"}
