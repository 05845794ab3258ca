"""The follow-up addition to case format 1 (``actuals``): purely additive, validated in
Danish with the field named, and carried through parse → to_dict unchanged."""

import copy
import json

import pytest

from som_xl.case import parse_case, validate_case_data
from som_xl.errors import InputError
from som_xl.paths import examples_dir

PLAN = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
FOLLOWED = json.loads((examples_dir() / "housing_first_opfoelgning.json").read_text("utf-8"))


def test_a_file_without_actuals_is_unchanged():
    case = parse_case(PLAN)
    assert case.actuals == ()
    assert "actuals" not in case.to_dict()
    assert {k: v for k, v in case.to_dict().items() if k != "format"} == {
        k: v for k, v in PLAN.items() if k != "format"}


def test_actuals_round_trip():
    case = parse_case(FOLLOWED)
    assert [(a.year, a.participants, a.successes) for a in case.actuals] == [(2025, 18, 0), (2026, 22, 3)]
    assert case.actuals[1].costs == (3_720_000, 0, 0)
    assert case.to_dict()["actuals"] == FOLLOWED["actuals"]
    assert parse_case(case.to_dict()) == case


def problems_of(data):
    return {(p.location, p.type): p.message for p in validate_case_data(data) if p.severity == "error"}


def with_actuals(*entries):
    data = copy.deepcopy(PLAN)
    data["actuals"] = [dict(year=y, participants=n, costs={"kommune": k, "region": 0, "stat": 0}, successes=s)
                       for y, n, k, s in entries]
    return data


@pytest.mark.parametrize("entries, location, type_, words", [
    ([(2025, 20, 1e6, 1)], "$.actuals[0].successes", "too-many-successes",
     "succeser i 2025 skal være 0: intet hold er afsluttet i 2025"),
    ([(2025, 20, 1e6, 0), (2026, 20, 1e6, 21)], "$.actuals[1].successes", "too-many-successes",
     "succeser i 2026 (21) kan ikke være flere end deltagerne i det hold, der sluttede i 2026 "
     "(startede i 2025 med 20 deltagere)"),
    ([(2025, 20, 1e6, 0), (2027, 20, 1e6, 0)], "$.actuals", "missing-year", "faktiske tal mangler for 2026"),
    ([(2026, 20, 1e6, 0)], "$.actuals", "missing-year", "fra startåret 2025"),
    ([(2025, 20, 1e6, 0), (2025, 1, 1, 0)], "$.actuals[1].year", "duplicate", "står allerede i faktiske tal nr. 1"),
    ([(2040, 20, 1e6, 0)], "$.actuals[0].year", "outside-horizon", "uden for tidshorisonten 2025–2034"),
    ([(2025, 2.5, 1e6, 0)], "$.actuals[0].participants", "wrong-type", "antal deltagere skal være et helt tal"),
    ([(2025, 20, "meget", 0)], "$.actuals[0].costs.kommune", "wrong-type", "kommune skal være et tal"),
    ([(2025, 20, 1e6, -1)], "$.actuals[0].successes", "out-of-range", "succeser skal være mellem 0"),
])
def test_bad_actuals_are_named_in_danish(entries, location, type_, words):
    problems = problems_of(with_actuals(*entries))
    assert (location, type_) in problems, problems
    assert words in problems[(location, type_)]


def test_missing_fields_and_unknown_fields_are_named():
    data = with_actuals((2025, 20, 1e6, 0))
    del data["actuals"][0]["costs"]["stat"]
    data["actuals"][0]["succeser"] = 1
    problems = problems_of(data)
    assert ("$.actuals[0].costs.stat", "required") in problems
    assert problems[("$.actuals[0].costs.stat", "required")] == "stat skal udfyldes."
    assert any(loc.startswith("$.actuals[0]") and t == "unknown-field" for loc, t in problems)


def test_parse_raises_with_every_problem():
    with pytest.raises(InputError) as exc:
        parse_case(with_actuals((2025, 20, 1e6, 3), (2026, 20, 1e6, 25)))
    assert {p.location for p in exc.value.problems} >= {"$.actuals[0].successes", "$.actuals[1].successes"}
