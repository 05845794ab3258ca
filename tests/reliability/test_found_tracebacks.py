"""Each traceback the generated inputs found, pinned as a plain example.

Found by ``test_generated_inputs.py`` (or while writing it) and fixed at the depth where
the value first enters: case validation, the cell converter, the Følsomhed settings.
"""

from __future__ import annotations

import copy
import json
import math

import pytest

from som_xl.case import compute, loads_case, parse_case
from som_xl.errors import InputError
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.cells import parse_number
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.recalc import recalculate
from tests.reliability.checks import check_cell_problem, check_problem
from tests.reliability.strategies import deep

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


def rejected(data) -> list:
    with pytest.raises(InputError) as info:
        compute(parse_case(data))
    for p in info.value.problems:
        check_problem(p)
    return info.value.problems


def example(**changes):
    data = copy.deepcopy(EXAMPLE)
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_given_as_floats_are_problems_not_value_errors(value):
    # was: ValueError("not finite") from build_case (NaN passes JSON Schema's minimum/maximum)
    problems = rejected(example(programme__cohorts__0__participants=value))
    assert [(p.type, p.location) for p in problems] == [("not-a-number", "$.programme.cohorts[0].participants")]
    assert "skal være et almindeligt tal" in problems[0].message


def test_a_float_year_that_is_whole_is_computed_as_an_integer():
    # was: IndexError deep in numpy (JSON Schema's "integer" accepts 2025.0)
    comp = compute(parse_case(example(settings__start_year=2025.0, programme__duration_years=2.0)))
    assert comp.case.settings.start_year == 2025 and type(comp.case.settings.start_year) is int
    assert comp.results.npv == pytest.approx(compute(parse_case(EXAMPLE)).results.npv)


def test_an_integer_with_hundreds_of_digits_is_named_not_overflowing():
    # was: OverflowError in fmt.number while formatting the message
    problems = rejected(example(programme__cohorts__0__participants=10**400))
    assert problems[0].type == "out-of-range"
    assert "et tal med 401 cifre" in problems[0].message


@pytest.mark.parametrize("kind", ["list", "dict"])
def test_deep_nesting_inside_a_field_is_refused_before_the_schema(kind):
    # was: RecursionError while jsonschema built its message (repr of the instance)
    problems = rejected(example(title=deep(5_000, 1, kind)))
    assert problems[0].type == "too-deep" and problems[0].location.startswith("$.title")


def test_deeply_nested_json_text_is_a_danish_problem():
    with pytest.raises(InputError) as info:
        loads_case("[" * 100_000 + "]" * 100_000, "sag.json")
    (p,) = info.value.problems
    assert (p.type, p.location) == ("too-deep", "sag.json")
    check_problem(p)


def test_control_characters_and_lone_surrogates_in_text_are_refused():
    # they would crash openpyxl (IllegalCharacterError) when the case is written to a workbook
    problems = rejected(example(title="Housing\x01First", description="\ud800"))
    assert {(p.type, p.location) for p in problems} == {("bad-text", "$.title"), ("bad-text", "$.description")}


@pytest.mark.parametrize("char", ["\x9b", "\x85", "\x7f", "\u202e", "\u2066"])
def test_c1_controls_and_direction_overrides_in_text_are_refused(char, tmp_path, capsys):
    """U+009B is a terminal's CSI; an RTL override reverses a report title on screen."""
    problems = rejected(example(title=f"Housing{char}[2J First", description=f"fdp.{char}gnitaert"))
    assert {(p.type, p.location) for p in problems} == {("bad-text", "$.title"), ("bad-text", "$.description")}
    assert all(f"U+{ord(char):04X}" in p.message and char not in p.message for p in problems)
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(example(title=f"Housing{char}[2J First")), "utf-8")
    from som_xl.cli.main import main

    assert main(["calc", str(case)]) == 2
    out = capsys.readouterr()
    assert char not in out.out + out.err


@pytest.mark.parametrize(("value", "shown"), [(1e308, "1,0 × 10^308"), (-4.56e17, "-4,6 × 10^17"),
                                              (10**400, "et tal med 401 cifre")])
def test_huge_numbers_are_shown_as_powers_of_ten_not_hundreds_of_digits(value, shown):
    data = example()
    data["costs"][0]["amount"] = value
    (p,) = rejected(data)
    assert p.location == "$.costs[0].amount" and f"(fik {shown})" in p.message and len(p.message) < 120


def test_hostile_provenance_is_ignored_with_a_warning():
    # was: AttributeError/TypeError in knowledge_change (npv as a list, prices as text)
    data = example(provenance={"knowledge": {"content_hash": "sha256:old", "name": "x", "version": "1"},
                               "npv": [1, 2, 3], "prices": {"kontanthjaelp": "abc"}, "price_year": "2025"})
    comp = compute(parse_case(data))
    bad = sorted(p.location for p in comp.warnings if p.type == "bad-provenance")
    assert bad == ["$.provenance.npv", "$.provenance.price_year", "$.provenance.prices"]
    assert any(p.type == "knowledge-changed" for p in comp.warnings)  # the usable part still counts
    for p in comp.warnings:
        check_problem(p)


def test_unknown_keys_are_named_shortly_even_when_huge():
    problems = rejected(example(**{"x" * 100_000: 1}))
    assert problems[0].type == "unknown-field" and len(problems[0].location) < 100
    assert len(problems[0].message) < 400


def test_text_that_reads_as_infinity_is_not_a_number():
    assert parse_number("1e999") is None and parse_number("-1e400") is None
    assert parse_number("1.234,5") == 1234.5


def _sensitivity_backend(key: str, value) -> MemoryBackend:
    backend = MemoryBackend()
    write_case_inputs(backend, parse_case(EXAMPLE), load_knowledge())
    backend.set(L.SENSITIVITY.name, [f.key for f in L.SENSITIVITY_FIELDS].index("draws"), 0, 200)
    backend.set(L.SENSITIVITY.name, [f.key for f in L.SENSITIVITY_FIELDS].index(key), 0, value)
    return backend


@pytest.mark.parametrize("key, value", [("seed", -1), ("cost_low", 1e20), ("price_high", -1e300),
                                        ("years_short", 0), ("draws", 10**9)])
def test_absurd_sensitivity_settings_name_their_cell(key, value):
    # were: ValueError from numpy (negative seed; an infinite histogram range) and
    # problems located "Følsomhed: …" without a cell

    outcome = recalculate(_sensitivity_backend(key, value), load_knowledge())
    assert outcome.ok  # the main result stands; the Følsomhed sheet reports its problem
    row = L.SENSITIVITY.first_row + [f.key for f in L.SENSITIVITY_FIELDS].index(key)
    cell = f"{L.FOELSOMHED}!C{row}"
    mine = [p for p in outcome.problems if p.location == cell]
    assert mine and mine[0].type == "out-of-range", outcome.problems
    for p in outcome.problems:
        check_cell_problem(p)


@pytest.mark.parametrize("where", ["npv", "prices"])
def test_integers_too_large_for_a_float_in_provenance_are_ignored_with_a_warning(where):
    # was: OverflowError in math.isfinite (issue 12, point 11)
    huge = 10**400
    value = {"total": huge} if where == "npv" else {"kontanthjaelp": [huge, 0, 0]}
    comp = compute(parse_case(example(provenance={"knowledge": {"content_hash": "sha256:x"}, where: value})))
    bad = [p for p in comp.warnings if p.type == "bad-provenance"]
    assert [p.location for p in bad] == [f"$.provenance.{where}"]
    for p in comp.warnings:
        check_problem(p)


def test_a_json_integer_of_thousands_of_digits_is_a_danish_problem():
    # was: ValueError "Exceeds the limit (4300 digits)" escaping the JSON reader
    with pytest.raises(InputError) as info:
        loads_case('{"format": "som-xl-case/1", "title": ' + "9" * 5000 + "}", "sag.json")
    (p,) = info.value.problems
    check_problem(p)
    assert "cifre" in p.message
