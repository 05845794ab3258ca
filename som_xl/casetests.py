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

A test of a **published calculation** also says what was published and how far som_xl
may be from it::

    published: {key: npv, actor: total, value: 4400000, text: "4,4 mio. kr. på ni års sigt",
                inputs: "54 børn (18 om året i 3 år), 9 år; succesrate ikke oplyst"}
    tolerance: 0.05                       # relative
    missing_input: {name: succesrate, reason: "fagligt skøn, ikke offentliggjort", range: [0, 1]}
    reason: "Hvorfor som_xl og kilden afviger."

It passes when som_xl is within ``tolerance`` of the published value, or when the gap is
explained by the named missing input: the result is linear in the success rate, so the
rate that reproduces the published value is computed, and it must lie in ``range`` (a
gap no valid rate can explain fails). A published calculation that cannot be recomputed
(its result or a key input was not published) has ``published.value`` null, or no case,
and is reported as such, neither passed nor failed. Unknown keys fail with a message
naming the key, the test and the file. Run them with ``som-xl test [PATH …]`` or pytest
(``tests/cases/*.yaml`` are collected); ``som-xl test --markdown`` prints the table of
``docs/validering.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from som_xl import fmt
from som_xl.case import compute, parse_case, read_case_file, results_to_json
from som_xl.case.model import FORMAT_ID
from som_xl.case.parse import MAX_CASE_BYTES
from som_xl.core.entities import ACTOR_KEYS_TOTAL
from som_xl.errors import InputError, Problem
from som_xl.fileio import read_bounded_text

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

RESULT_KEYS = ("npv", "pv_costs", "pv_gains", "return_per_krone", "break_even_success_rate",
               "break_even_year", "npv_per_participant")
LINEAR_KEYS = ("npv", "pv_gains", "npv_per_participant")
"""Result keys that are linear in the success rate (a missing rate can be solved for)."""
HOLDS, WITHIN, EXPLAINED, NOT_REPRODUCIBLE, DIFFERS = (
    "de forventede tal holder", "inden for tolerance", "forklaret af manglende input", "kan ikke genberegnes",
    "afviger")
PASSED = (HOLDS, WITHIN, EXPLAINED)


@dataclass(frozen=True)
class CaseTest:
    name: str
    case: dict[str, Any] | None
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = ""
    absolute_error_margin: float = 0.5
    published: dict[str, Any] | None = None
    """What the source published: ``key``, ``actor``, ``value`` (null: no figure to compare),
    ``text`` and ``inputs`` (both as published, in words)."""
    tolerance: float = 0.0
    """Relative distance from the published value that still passes."""
    missing_input: dict[str, Any] | None = None
    """``name``, ``reason`` and ``range`` (the success rates the evidence allows)."""
    reason: str = ""
    """Why som_xl and the source differ (shown in the validation table)."""
    file: str = field(default="", compare=False)


@dataclass(frozen=True)
class CaseTestResult:
    """A case test evaluated: its status against the published figure, and every difference."""

    test: CaseTest
    status: str
    computed: float | None = None
    """som_xl's value of the published key and actor (None without a case)."""
    implied_success_rate: float | None = None
    """The success rate that reproduces the published value (tests with a missing input)."""
    diffs: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.diffs and self.status in PASSED

    @property
    def failed(self) -> bool:
        """A difference the test does not allow (a published calculation that cannot be
        recomputed is neither passed nor failed)."""
        return bool(self.diffs) or self.status == DIFFERS

    @property
    def difference(self) -> float | None:
        """som_xl minus published, relative to the published value."""
        published = (self.test.published or {}).get("value")
        if self.computed is None or published in (None, 0):
            return None
        return (self.computed - published) / abs(published)


def _problem(file: str, test: str, message: str) -> InputError:
    return InputError([Problem("bad-case-test", f"{file}: {test}" if test else file, message)])


def _check_keys(path: Path, label: str, item: dict) -> None:
    """Every key known, the required ones there, the expectations and the published figure well-formed."""
    allowed = {f.name for f in fields(CaseTest)} - {"file"}
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise _problem(path.name, label, f"ukendt felt {', '.join(map(repr, unknown))}; tilladte felter: "
                                         f"{', '.join(sorted(allowed))}.")
    missing = [k for k in ("name", "case") if k not in item] + (
        [] if "expected" in item or "published" in item else ["expected eller published"])
    if missing:
        raise _problem(path.name, label, f"mangler {', '.join(missing)}.")
    for key, by_actor in (item.get("expected") or {}).items():
        if key not in RESULT_KEYS:
            raise _problem(path.name, label, f"ukendt resultat {key!r} under expected; mulige: "
                                             f"{', '.join(RESULT_KEYS)}.")
        if not isinstance(by_actor, dict) or set(by_actor) - set(ACTOR_KEYS_TOTAL):
            raise _problem(path.name, label, f"expected.{key} skal have aktørerne {', '.join(ACTOR_KEYS_TOTAL)}.")
    published = item.get("published")
    if published is not None and (not isinstance(published, dict) or published.get("key") not in RESULT_KEYS
                                  or published.get("actor") not in ACTOR_KEYS_TOTAL):
        raise _problem(path.name, label, f"published skal have key ({', '.join(RESULT_KEYS)}), actor "
                                         f"({', '.join(ACTOR_KEYS_TOTAL)}) og value.")


def load_case_tests(path: str | Path) -> list[CaseTest]:
    """Parse a YAML file of case tests; a Danish :class:`InputError` for a malformed one."""
    path = Path(path)
    text = read_bounded_text(path, MAX_CASE_BYTES, kind="en YAML-fil")
    try:
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _problem(path.name, "", f"filen kan ikke læses som YAML ({exc}).") from None
    items = raw if isinstance(raw, list) else [raw]
    tests = []
    for i, item in enumerate(items):
        label = item.get("name", f"test nr. {i + 1}") if isinstance(item, dict) else f"test nr. {i + 1}"
        if not isinstance(item, dict):
            raise _problem(path.name, label, "en test skal være en gruppe af felter (name, case, expected).")
        _check_keys(path, label, item)
        if isinstance(item["case"], str):  # a case file, found beside the test (not in the current folder)
            item = {**item, "case": _case_file(path, label, item["case"])}
        tests.append(CaseTest(**{**item, "expected": item.get("expected") or {}}, file=str(path)))
    return tests


def _case_file(test_file: Path, label: str, name: str) -> dict[str, Any]:
    data = read_case_file(test_file.parent / name)
    if not isinstance(data, dict):
        raise _problem(test_file.name, label, f"sagsfilen {name} er ikke et JSON-objekt.")
    data.pop("format", None)
    data.pop("provenance", None)
    return data


def _results(case: dict[str, Any], knowledge: Knowledge | None, success_rate: float | None = None) -> dict:
    if success_rate is not None:
        case = {**case, "effect": {**case.get("effect", {}), "success_rate": success_rate}}
    comp = compute(parse_case({"format": FORMAT_ID, **case}), knowledge)
    return results_to_json(comp) | {"npv_per_participant": {
        a: float(v) for a, v in zip(ACTOR_KEYS_TOTAL, comp.results.npv_per_participant, strict=True)}}


def _expected_diffs(test: CaseTest, got: dict) -> list[str]:
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


def _implied_rate(test: CaseTest, knowledge: Knowledge | None, published: float) -> float | None:
    """The success rate at which the published key equals ``published`` (None if no rate moves it)."""
    key, actor = test.published["key"], test.published["actor"]  # type: ignore[index]
    if key not in LINEAR_KEYS:
        return None
    v0, v1 = (_results(test.case or {}, knowledge, r)[key][actor] for r in (0.0, 1.0))
    return (published - v0) / (v1 - v0) if v1 != v0 else None


def evaluate_case_test(test: CaseTest, knowledge: Knowledge | None = None) -> CaseTestResult:
    """Compute the test's case and judge it against its expectations and the published figure."""
    if test.case is None:
        return CaseTestResult(test, NOT_REPRODUCIBLE)
    got = _results(test.case, knowledge)
    diffs = _expected_diffs(test, got)
    if test.published is None:
        return CaseTestResult(test, DIFFERS if diffs else HOLDS, diffs=tuple(diffs))
    published = test.published
    computed = got[published["key"]][published["actor"]]
    if published.get("value") is None:
        return CaseTestResult(test, NOT_REPRODUCIBLE, computed, None, tuple(diffs))
    value = float(published["value"])
    if computed is not None and abs(computed - value) <= test.tolerance * abs(value):
        return CaseTestResult(test, WITHIN, computed, None, tuple(diffs))
    rate = _implied_rate(test, knowledge, value) if test.missing_input else None
    low, high = (test.missing_input or {}).get("range", (0.0, 1.0))
    if rate is not None and low <= rate <= high:
        return CaseTestResult(test, EXPLAINED, computed, rate, tuple(diffs))
    diffs.append(f"offentliggjort {published['key']}.{published['actor']} {value:g}, beregnet {computed} "
                 f"(tolerance {test.tolerance:.0%})" + (
                     f"; succesraten {rate:.3f}, der ville give det, ligger uden for {low}–{high}"
                     if rate is not None else ""))
    return CaseTestResult(test, DIFFERS, computed, rate, tuple(diffs))


def run_case_test(test: CaseTest, knowledge: Knowledge | None = None) -> list[str]:
    """The differences between the test's expectations and a fresh calculation (empty = pass)."""
    return list(evaluate_case_test(test, knowledge).diffs)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _row(r: CaseTestResult) -> str:
    t, published = r.test, r.test.published or {}
    what = f"{t.name} ({t.source})" if t.source else t.name
    given = published.get("inputs", "")
    given += (" Resultat: " + published["text"]) if published.get("text") else ""
    mine = "–" if r.computed is None else fmt.kroner(r.computed)
    diff = "–" if r.difference is None else fmt.percent(r.difference)
    status = ("fejler" if r.failed else r.status) + "."
    if t.missing_input:
        status += f" Manglende input: {t.missing_input.get('name', '')} ({t.missing_input.get('reason', '')})."
    if r.implied_success_rate is not None:
        low, high = t.missing_input.get("range", (0, 1)) if t.missing_input else (0, 1)
        status += (f" Succesraten {fmt.percent(r.implied_success_rate)} giver det offentliggjorte resultat "
                   f"(tilladt {fmt.percent(low)}–{fmt.percent(high)}).")
    if t.reason:
        status += " " + t.reason
    return "| " + " | ".join(_cell(c) for c in (what, given, mine, diff, status)) + " |"


def validation_table(results: list[CaseTestResult]) -> str:
    """The published calculations against som_xl as a Markdown table (``docs/validering.md``)."""
    head = ["| Beregning (kilde) | Offentliggjort (input og resultat) | som_xl | Forskel | Status og forklaring |",
            "|---|---|---|---|---|"]
    return "\n".join(head + [_row(r) for r in results if r.test.published is not None or r.test.case is None]) + "\n"
