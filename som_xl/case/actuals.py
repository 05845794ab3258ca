"""Rules for a case's follow-up (``actuals``): what the schema cannot say.

The schema checks each entry's fields; these rules check the entries against the
programme: one entry per year from the start year to the last year with actuals, inside
the horizon, and no more successes in a year than participants in the cohort whose
programme ended that year (cohort year + duration − 1 = the success year).
Semantics of the follow-up: ``docs/method.md`` ("Follow-up").
"""

from __future__ import annotations

from typing import Any

from som_xl import fmt
from som_xl.case.labels import json_path
from som_xl.case.rules import outside_horizon, repeated_year
from som_xl.errors import Problem


def actuals_problems(data: dict[str, Any]) -> list[Problem]:
    """Problems of ``data["actuals"]`` (data that already fits the schema); [] without it."""
    actuals = data.get("actuals") or []
    if not actuals:
        return []
    start = data["settings"]["start_year"]
    problems = _year_problems(data, actuals, start)
    if problems:
        return problems  # the success rule needs one entry per year
    return _success_problems(actuals, data["programme"]["duration_years"], start)


def _year_problems(data: dict[str, Any], actuals: list[dict], start: int) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    for i, entry in enumerate(actuals):
        year, path = entry["year"], ["actuals", i, "year"]
        outside = outside_horizon(data, year, path, "året for faktiske tal")
        repeated = repeated_year(seen, year, i, path, "faktiske tal", "der er én linje pr. år.")
        problems += outside or repeated  # a year outside the horizon is not also called a repeat
    if problems:
        return problems
    missing = sorted(set(range(start, max(seen) + 1)) - set(seen))
    if missing:
        problems.append(Problem(
            "missing-year", "$.actuals",
            f"faktiske tal mangler for {', '.join(map(str, missing))}; der skal være én linje for hvert år "
            f"fra startåret {start} til det seneste år med faktiske tal ({max(seen)}), også år med 0."))
    return problems


def _success_problems(actuals: list[dict], duration: int, start: int) -> list[Problem]:
    """Successes in year t belong to the cohort that started in t − duration + 1."""
    started = {a["year"]: a["participants"] for a in actuals}
    problems: list[Problem] = []
    for i, entry in enumerate(actuals):
        year, successes = entry["year"], entry["successes"]
        cohort_year = year - duration + 1
        where = json_path(["actuals", i, "successes"])
        if cohort_year < start and successes:
            problems.append(Problem(
                "too-many-successes", where,
                f"succeser i {year} skal være 0: intet hold er afsluttet i {year} (forløbet varer "
                f"{duration} år, og det første hold startede i {start}); fik {fmt.value(successes)}."))
        elif cohort_year >= start and successes > started[cohort_year]:
            problems.append(Problem(
                "too-many-successes", where,
                f"succeser i {year} ({fmt.value(successes)}) kan ikke være flere end deltagerne i det hold, "
                f"der sluttede i {year} (startede i {cohort_year} med {fmt.value(started[cohort_year])} "
                "deltagere)."))
    return problems
