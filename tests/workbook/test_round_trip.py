"""Case file → workbook → case file keeps every field of format 1.

``export(import(case)) == case`` for generated cases that use every field the schema has
(checked: the generator is asked to cover the schema's leaves), through the in-memory
backend for hundreds of cases and through real files and the CLI for a few. Text that
starts with "=", "+", "-" or "@" is among the values: it stays text.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from som_xl.case import case_schema, parse_case
from som_xl.cli.main import main
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.layout import PROFILE_YEARS
from som_xl.workbook.reader import read_inputs
from tests.reliability.strategies import _k_facts, knowledge, random_valid_case

TEXTS = ["Housing First", "=HYPERLINK(\"http://x\")", "+45 12 34 56 78", "-2+3", "@SUM(A1)", "Æble, øl & å",
         "Linje 1\nLinje 2", "tekst med ' og \" og <tag>"]


def _text(rng: random.Random, long: bool = False) -> str:
    text = rng.choice(TEXTS)
    if long and rng.random() < 0.3:
        text = (text + " ") * 400  # beyond 2,000 characters (the schema allows 20,000)
    return text.strip()


def full_case(rng: random.Random) -> dict:
    """A valid case (format 1) that sets the optional fields too, each with some probability."""
    groups, outcomes, items, index_years, schedules = _k_facts()
    data = random_valid_case(rng, whole_participants=True)
    data["title"] = _text(rng)[:200]
    if rng.random() < 0.7:
        data["description"] = _text(rng, long=True)
    if rng.random() < 0.7:
        data["owner"] = {k: v for k, v in (("name", _text(rng)), ("contact", "Anne Andersen, aa@kommune.dk"),
                                           ("type", rng.choice(["kommune", "region", "konsulent"])))
                         if rng.random() < 0.8}
    if rng.random() < 0.5:
        data["settings"]["discount_schedule"] = rng.choice(schedules)
    for cost in data["costs"]:
        if rng.random() < 0.5:
            cost["note"] = _text(rng)
        cost["label"] = _text(rng)[:200]
    effect = data["effect"]
    if rng.random() < 0.5:
        effect["source"] = _text(rng)
    for line in data.get("consequences", []):
        line["per_success_by_year"] = line["per_success_by_year"][:PROFILE_YEARS]
        if rng.random() < 0.3:
            line["include"] = False
        if rng.random() < 0.5:
            line["source"] = _text(rng)
    for price in data.get("items", []):
        price["source"] = _text(rng)
    for price in data.get("local_prices", []):
        if rng.random() < 0.5:
            price.update(name="Lokalt navn", unit="døgn", area="socialt", source=_text(rng))
    if rng.random() < 0.4:
        data["actuals"] = _actuals(rng, data)
    return data


def _actuals(rng: random.Random, data: dict) -> list[dict]:
    """A follow-up: one entry per year from the start year, successes within each cohort."""
    start, horizon = data["settings"]["start_year"], data["settings"]["horizon_years"]
    duration = data["programme"]["duration_years"]
    out: list[dict] = []
    for year in range(start, start + rng.randint(1, min(horizon, 5))):
        cohort = year - duration + 1
        started = next((a["participants"] for a in out if a["year"] == cohort), 0)
        out.append({"year": year, "participants": rng.randint(0, 50),
                    "costs": {"kommune": rng.uniform(0, 1e6), "region": 0.0, "stat": rng.uniform(0, 1e4)},
                    "successes": rng.randint(0, started) if cohort >= start else 0})
    return out


def round_trip(data: dict) -> tuple[dict, dict]:
    """(the case as parsed, the case as read back from a workbook it was imported into)."""
    case = parse_case(data)
    backend = MemoryBackend()
    write_case_inputs(backend, case, knowledge())
    back = read_inputs(backend, knowledge())
    assert not [p for p in back.problems if p.severity == "error"], back.problems
    return case.to_dict(), parse_case(back.data).to_dict()


def _leaves(schema: dict, path: str = "") -> set[str]:
    """Every field path of the schema (arrays as ``[]``), ``$defs`` references resolved."""
    if "$ref" in schema:
        schema = case_schema()["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    out = set()
    for key, sub in schema.get("properties", {}).items():
        out.add(f"{path}.{key}".lstrip("."))
        if sub.get("type") == "array" or "items" in sub:
            out |= _leaves(sub.get("items", {}), f"{path}.{key}[]")
        else:
            out |= _leaves(sub, f"{path}.{key}")
    return out


def _paths(data, path: str = "") -> set[str]:
    if isinstance(data, dict):
        return {p for k, v in data.items() for p in {f"{path}.{k}".lstrip(".")} | _paths(v, f"{path}.{k}")}
    if isinstance(data, list):
        return {p for v in data for p in _paths(v, f"{path}[]")}
    return set()


def test_the_generator_covers_every_field_of_the_format():
    seen = set()
    for seed in range(300):
        seen |= _paths(full_case(random.Random(seed)))
    missing = _leaves(case_schema()) - seen - {"provenance", "per_success_by_year[]"}
    assert {m for m in missing if not m.endswith("per_success_by_year[]")} == set()


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.integers(0, 2**32))
def test_export_of_import_is_the_case_for_generated_cases(seed):
    before, after = round_trip(full_case(random.Random(seed)))
    assert after == before


@pytest.mark.parametrize("field, value", [("settings.discount_schedule", "fm_2013"),
                                          ("owner.contact", "Anne Andersen, aa@kommune.dk"),
                                          ("local_prices.0.name", "Døgn på forsorgshjem (lokalt)"),
                                          ("title", "=1+1"), ("description", "-" * 5000)])
def test_named_fields_survive_import_and_export_through_files(tmp_path, field, value):
    data = json.loads((__import__("som_xl.paths").paths.examples_dir() / "housing_first.json").read_text("utf-8"))
    data["local_prices"] = [{"item": "forsorgshjem_110", "price_year": 2024, "kommune": 1500.0, "region": 0.0,
                             "stat": 500.0}]
    node, *rest = field.split(".")
    target = data
    for part in [node, *rest][:-1]:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    target[[node, *rest][-1]] = value
    case_file = tmp_path / "sag.json"
    case_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["case", "import", str(case_file), str(tmp_path / "sag.xlsm")]) == 0
    assert main(["case", "export", str(tmp_path / "sag.xlsm"), "-o", str(tmp_path / "ud.json")]) == 0
    out = json.loads((tmp_path / "ud.json").read_text("utf-8"))
    out.pop("provenance")
    assert out == parse_case(data).to_dict()
