"""Case tests as data: a YAML file with a sentence for a name, a case, the expected
results and where they come from (modelled on OpenFisca's YAML tests).

Each file holds one test or a list of them::

    name: WSIPP-workshoppens eksempel genberegnes
    source: Steve Aos (WSIPP), workshop 4 Oct 2013
    case: {title: …, settings: …, …}      # case format 1 without "format", or a case
                                          # file's name, found beside the YAML file
    expected:
      npv: {kommune: 4526.12}
      return_per_krone: {kommune: 2.554}
    absolute_error_margin: 0.01

Unknown keys fail with a message naming the key, the test and the file. Run them with
``som-xl test [PATH …]`` or pytest (``tests/cases/*.yaml`` are collected).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from som_xl.core.entities import ACTOR_KEYS_TOTAL
from som_xl.errors import InputError, Problem

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

RESULT_KEYS = ("npv", "pv_costs", "pv_gains", "return_per_krone", "break_even_success_rate",
               "break_even_year", "npv_per_participant")


@dataclass(frozen=True)
class CaseTest:
    name: str
    case: dict[str, Any]
    expected: dict[str, dict[str, Any]]
    source: str = ""
    absolute_error_margin: float = 0.5
    file: str = field(default="", compare=False)


def _problem(file: str, test: str, message: str) -> InputError:
    return InputError([Problem("bad-case-test", f"{file}: {test}" if test else file, message)])


def load_case_tests(path: str | Path) -> list[CaseTest]:
    """Parse a YAML file of case tests; a Danish :class:`InputError` for a malformed one."""
    import yaml

    from som_xl.case.parse import MAX_CASE_BYTES
    from som_xl.fileio import read_bounded_text

    path = Path(path)
    text = read_bounded_text(path, MAX_CASE_BYTES, kind="en YAML-fil")
    try:
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _problem(path.name, "", f"filen kan ikke læses som YAML ({exc}).") from None
    items = raw if isinstance(raw, list) else [raw]
    allowed = {f.name for f in fields(CaseTest)} - {"file"}
    tests = []
    for i, item in enumerate(items):
        label = item.get("name", f"test nr. {i + 1}") if isinstance(item, dict) else f"test nr. {i + 1}"
        if not isinstance(item, dict):
            raise _problem(path.name, label, "en test skal være en gruppe af felter (name, case, expected).")
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise _problem(path.name, label, f"ukendt felt {', '.join(map(repr, unknown))}; tilladte felter: "
                                             f"{', '.join(sorted(allowed))}.")
        missing = [k for k in ("name", "case", "expected") if k not in item]
        if missing:
            raise _problem(path.name, label, f"mangler {', '.join(missing)}.")
        for key, by_actor in item["expected"].items():
            if key not in RESULT_KEYS:
                raise _problem(path.name, label, f"ukendt resultat {key!r} under expected; mulige: "
                                                 f"{', '.join(RESULT_KEYS)}.")
            if not isinstance(by_actor, dict) or set(by_actor) - set(ACTOR_KEYS_TOTAL):
                raise _problem(path.name, label, f"expected.{key} skal have aktørerne {', '.join(ACTOR_KEYS_TOTAL)}.")
        if isinstance(item["case"], str):  # a case file, found beside the test (not in the current folder)
            item = {**item, "case": _case_file(path, label, item["case"])}
        tests.append(CaseTest(**item, file=str(path)))
    return tests


def _case_file(test_file: Path, label: str, name: str) -> dict[str, Any]:
    from som_xl.case import read_case_file

    data = read_case_file(test_file.parent / name)
    if not isinstance(data, dict):
        raise _problem(test_file.name, label, f"sagsfilen {name} er ikke et JSON-objekt.")
    data.pop("format", None)
    data.pop("provenance", None)
    return data


def run_case_test(test: CaseTest, knowledge: Knowledge | None = None) -> list[str]:
    """The differences between the test's expectations and a fresh calculation (empty = pass)."""
    from som_xl.case import compute, parse_case, results_to_json
    from som_xl.case.model import FORMAT_ID

    comp = compute(parse_case({"format": FORMAT_ID, **test.case}), knowledge)
    got = results_to_json(comp) | {"npv_per_participant": {
        a: float(v) for a, v in zip(ACTOR_KEYS_TOTAL, comp.results.npv_per_participant, strict=True)}}
    diffs = []
    for key, by_actor in test.expected.items():
        for actor, want in by_actor.items():
            have = got[key][actor]
            ok = (have == want) if want is None or have is None or isinstance(want, str) else \
                abs(float(have) - float(want)) <= test.absolute_error_margin
            if not ok:
                diffs.append(f"{key}.{actor}: forventet {want}, beregnet {have} "
                             f"(tolerance {test.absolute_error_margin})")
    return diffs
