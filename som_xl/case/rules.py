"""The rules between a case's fields, one named rule each, for data that fits the schema.

Each rule takes the case data (format 1, already schema-valid) and returns its problems
with JSON paths as locations; :func:`som_xl.case.validate.semantic_problems` runs them in
the order of :data:`RULES`, so messages come in the order of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from som_xl import fmt
from som_xl.case.labels import json_path, label
from som_xl.core import CostKind
from som_xl.errors import Problem

# Above these, a value is allowed but probably a typo (warnings, not errors).
SUSPICIOUS_PARTICIPANTS = 100_000
SUSPICIOUS_AMOUNT = 100_000_000

Data = dict[str, Any]


def outside_horizon(data: Data, year: int, path: list, what: str) -> list[Problem]:
    """``what`` (``year``, at ``path``) outside the case's horizon: one problem, else none."""
    first = data["settings"]["start_year"]
    last = first + data["settings"]["horizon_years"] - 1
    if first <= year <= last:
        return []
    return [Problem("outside-horizon", json_path(path), f"{what} ({year}) ligger uden for tidshorisonten "
                                                        f"{first}–{last}.")]


def repeated_year(seen: dict[int, int], year: int, i: int, path: list, entry: str, advice: str) -> list[Problem]:
    """A ``duplicate`` problem when ``year`` is already in ``seen`` (year → index of its first
    entry), which then records entry ``i``'s year."""
    out = [] if year not in seen else [Problem(
        "duplicate", json_path(path), f"året {year} står allerede i {entry} nr. {seen[year] + 1}; {advice}")]
    seen.setdefault(year, i)
    return out


def cohorts_in_horizon_once(data: Data) -> list[Problem]:
    """Every cohort starts inside the horizon, each year once; suspiciously large cohorts warn."""
    problems: list[Problem] = []
    seen_years: dict[int, int] = {}
    for i, cohort in enumerate(data["programme"]["cohorts"]):
        path = ["programme", "cohorts", i]
        problems += outside_horizon(data, cohort["year"], path + ["year"], "Kohortens startår")
        problems += repeated_year(seen_years, cohort["year"], i, path + ["year"], "kohorte",
                                  "læg deltagerne sammen i én linje.")
        if cohort["participants"] > SUSPICIOUS_PARTICIPANTS:
            problems.append(Problem(
                "suspicious", json_path(path + ["participants"]),
                f"{fmt.value(cohort['participants'])} deltagere er usædvanligt mange; kontrollér tallet.",
                "warning"))
    return problems


def some_participants(data: Data) -> list[Problem]:
    """Cohorts of nobody give a result of costs only: a warning."""
    cohorts = data["programme"]["cohorts"]
    if cohorts and all(c["participants"] == 0 for c in cohorts):
        return [Problem("no-participants", "$.programme.cohorts",
                        "der er 0 deltagere i alle kohorter; resultatet bliver kun omkostninger.", "warning")]
    return []


def _cost_year(data: Data, cost: dict[str, Any], path: list) -> list[Problem]:
    """A total amount needs its year, inside the horizon; per-participant costs have none."""
    if cost["basis"] == "total":
        if "year" not in cost:
            return [Problem("required", json_path(path + ["year"]),
                            "år skal udfyldes, når beregningsgrundlaget er 'samlet beløb'.")]
        return outside_horizon(data, cost["year"], path + ["year"], "Omkostningens år")
    if "year" in cost:
        return [Problem("not-used", json_path(path + ["year"]),
                        "år bruges kun ved 'samlet beløb'; omkostninger pr. deltager følger kohorterne.", "warning")]
    return []


def _cost_sign(cost: dict[str, Any], path: list) -> list[Problem]:
    """Avoided costs are negative, other costs zero or positive; huge amounts warn."""
    amount, where = cost["amount"], json_path(path + ["amount"])
    problems = []
    if cost["kind"] == CostKind.SPARET and amount > 0:
        problems.append(Problem("wrong-sign", where, f"sparede omkostninger indtastes som et negativt beløb "
                                                     f"(fik {fmt.value(amount)})."))
    if cost["kind"] != CostKind.SPARET and amount < 0:
        problems.append(Problem("wrong-sign", where, f"beløbet skal være 0 eller positivt (fik {fmt.value(amount)}); "
                                                     "brug art 'sparede omkostninger' til besparelser."))
    if abs(amount) > SUSPICIOUS_AMOUNT:
        problems.append(Problem("suspicious", where, f"{fmt.kroner(amount)} er usædvanligt stort; kontrollér beløbet.",
                                "warning"))
    return problems


def costs_consistent(data: Data) -> list[Problem]:
    """Each cost line's year and sign; a line written twice warns (it counts twice)."""
    problems: list[Problem] = []
    labels_seen: set[tuple] = set()
    for i, cost in enumerate(data.get("costs", [])):
        path: list = ["costs", i]
        problems += _cost_year(data, cost, path) + _cost_sign(cost, path)
        key = (cost["label"].strip().lower(), cost["payer"], cost["kind"], cost["basis"], cost.get("year"))
        if key in labels_seen:
            problems.append(Problem("duplicate", json_path(path), f"omkostningslinjen '{cost['label']}' står to "
                                                                  "gange; den tælles med begge gange.", "warning"))
        labels_seen.add(key)
    return problems


def effect_range_in_order(data: Data) -> list[Problem]:
    """Low ≤ success rate ≤ high."""
    effect = data["effect"]
    rate = effect["success_rate"]
    problems = []
    if "low" in effect and effect["low"] > rate:
        problems.append(Problem("out-of-order", "$.effect.low",
                                f"lav succesrate ({fmt.percent(effect['low'])}) må ikke være større end "
                                f"succesraten ({fmt.percent(rate)})."))
    if "high" in effect and effect["high"] < rate:
        problems.append(Problem("out-of-order", "$.effect.high",
                                f"høj succesrate ({fmt.percent(effect['high'])}) må ikke være mindre end "
                                f"succesraten ({fmt.percent(rate)})."))
    return problems


def own_group_has_lines_once(data: Data) -> list[Problem]:
    """An own target group brings its own lines; an item counted twice warns."""
    consequences = data.get("consequences")
    problems = []
    if data.get("target_group") is None and consequences is None:
        problems.append(Problem("required", "$.consequences",
                                "en egen målgruppe (ingen målgruppe fra vidensdatabasen) kræver egne "
                                "konsekvenslinjer."))
    items_seen: dict[str, int] = {}
    for i, line in enumerate(consequences or []):
        if line["item"] in items_seen and line.get("include", True):
            problems.append(Problem(
                "duplicate", json_path(["consequences", i, "item"]),
                f"varen '{line['item']}' står allerede i konsekvenslinje nr. {items_seen[line['item']] + 1}; "
                "begge tælles med.", "warning"))
        if line.get("include", True):
            items_seen.setdefault(line["item"], i)
    return problems


def prices_once_and_described(data: Data) -> list[Problem]:
    """One price per item in each price list; an own item has a name, a unit and an area."""
    problems = []
    for group in ("items", "local_prices"):
        seen: set[str] = set()
        for i, price in enumerate(data.get(group, [])):
            if price["item"] in seen:
                problems.append(Problem("duplicate", json_path([group, i, "item"]),
                                        f"varen '{price['item']}' har allerede en pris i {label(group)}."))
            seen.add(price["item"])
    for i, item in enumerate(data.get("items", [])):
        for needed in ("name", "unit", "area"):
            if not item.get(needed):
                problems.append(Problem("required", json_path(["items", i, needed]),
                                        f"{label(needed)} skal udfyldes for en egen vare."))
    return problems


RULES: tuple[Callable[[Data], list[Problem]], ...] = (
    cohorts_in_horizon_once, some_participants, costs_consistent, effect_range_in_order,
    own_group_has_lines_once, prices_once_and_described,
)
"""Every rule between fields, in the order of the case file."""
