"""Attach a case file to a record: its text, its defaults and, when possible, its results.

The case room (``som_xl.case``) computes the case; this module only borrows it. When it
is missing or cannot compute this case (another knowledge package, a newer format), the
record is still stored, with the case text but without key results, and a warning says
why.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from som_xl.case import compute as compute_case
from som_xl.case import parse_case
from som_xl.case.text import break_even_year_reasons
from som_xl.core.entities import ACTOR_KEYS_TOTAL, TOTAL_INDEX
from som_xl.errors import InputError, Problem
from som_xl.experience.model import MAX_CASE_BYTES
from som_xl.experience.validate import case_text_problems, parse_case_text, year_problem
from som_xl.fileio import read_bounded_text
from som_xl.vocabulary.materials import MaterialType
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP


def read_case_text(path: str | Path) -> str:
    """The text of a case file, checked: at most 5 MB, UTF-8, a som-xl-case/1 JSON object."""
    p = Path(path)
    text = _read_bounded(p)
    problems = case_text_problems(text, str(p))
    if problems:
        raise InputError(problems)
    return text


def _read_bounded(path: str | Path) -> str:
    return read_bounded_text(path, MAX_CASE_BYTES, noun="sagsfilen", kind="en sagsfil",
                             hint="; er det en som-xl-sagsfil (.json)?")


def _number(value: Any, digits: int) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return round(f, digits) if math.isfinite(f) else None


def _per_actor(values: Any, digits: int = 4) -> dict[str, Any] | None:
    try:
        items = list(values)
    except TypeError:
        return None
    out = {}
    for actor, v in zip(ACTOR_KEYS_TOTAL, items, strict=False):
        out[actor] = int(v) if isinstance(v, int) and not isinstance(v, bool) else _number(v, digits)
    return out


def _listed(values: Any) -> Any:
    return values.tolist() if hasattr(values, "tolist") else values


def key_results_from(computation: Any) -> dict[str, Any]:
    """Key results of a ``som_xl.case`` computation: NPV per actor and friends, and the
    net result per year and actor (``net_per_year``: ``years`` and one list per actor),
    which the web site draws as a chart."""
    results = computation.results
    out: dict[str, Any] = {"npv": _per_actor(_listed(results.npv), 2)}
    for name in ("break_even_year", "return_per_krone", "break_even_success_rate"):
        value = getattr(results, name, None)
        if value is not None:
            out[name] = _per_actor(_listed(value))
    no_costs = getattr(results, "no_net_costs", None)
    if "break_even_year" in out and no_costs is not None:
        # why a year is null ("ingen omkostninger" or "ikke i horisonten"), as calc --json says it
        out["break_even_year_reason"] = break_even_year_reasons(results.break_even_year, no_costs)
    years = getattr(results, "years", None)
    net = getattr(results, "net", None)
    if years is not None and net is not None:
        rows = _listed(net)
        out["net_per_year"] = {"years": [int(y) for y in _listed(years)],
                               **{a: [_number(v, 2) for v in row]
                                  for a, row in zip(ACTOR_KEYS_TOTAL, rows, strict=False)}}
    settings = getattr(getattr(computation, "case", None), "settings", None)
    price_year = getattr(settings, "price_year", None)
    if isinstance(price_year, int):
        out["price_year"] = price_year
    follow_up = follow_up_summary(computation)
    if follow_up is not None:
        out["follow_up"] = follow_up
    return out


def follow_up_summary(computation: Any) -> dict[str, Any] | None:
    """Plan against actual of a computation whose case has actuals (the follow-up room's
    :attr:`Computation.follow_up`), as the record page shows it; None without actuals.
    Costs and NPV are totals over the actors, kroner at the case's price level."""
    result = getattr(computation, "follow_up", None)
    if result is None:
        return None
    real = result.basis.realised
    return {
        "last_actual_year": int(result.last_year),
        "planned_success_rate": _number(result.plan.success_rate, 6),
        "realised_success_rate": _number(real.rate, 6) if real.rate is not None else None,
        "realised": {"successes": int(real.successes), "participants": int(real.participants)},
        "years": [{"year": int(p.year), "planned_participants": _number(p.planned_participants, 2),
                   "actual_participants": int(p.actual_participants),
                   "planned_successes": _number(p.planned_successes, 2), "actual_successes": int(p.actual_successes),
                   "planned_costs": _number(p.planned_costs[TOTAL_INDEX], 2),
                   "actual_costs": _number(p.actual_costs[TOTAL_INDEX], 2)} for p in result.past_years],
        "npv": {"plan": _number(result.plan.npv[TOTAL_INDEX], 2),
                "reforecast": _number(result.reforecast.npv[TOTAL_INDEX], 2)},
    }


def _compute(data: dict) -> tuple[dict[str, Any], list[Problem]]:
    try:
        computation = compute_case(parse_case(data))
        knowledge = computation.knowledge
        fields = {
            "key_results": key_results_from(computation),
            "knowledge_name": str(knowledge.name),
            "knowledge_version": str(knowledge.version),
            "knowledge_hash": str(knowledge.content_hash),
        }
    except ImportError:
        return {}, [Problem("not-computed", "sagsfil", "nøgletal er ikke beregnet (beregningsdelen "
                                                       "af som-xl er ikke tilgængelig); posten "
                                                       "gemmes uden nøgletal.", "warning")]
    except InputError as exc:
        reasons = "; ".join(str(p) for p in exc.problems[:3])
        return {}, [Problem("not-computed", "sagsfil", f"nøgletal kunne ikke beregnes ({reasons}); "
                                                       "posten gemmes uden nøgletal.", "warning")]
    except Exception as exc:  # a case the engine cannot compute must not block sharing it
        return {}, [Problem("not-computed", "sagsfil", f"nøgletal kunne ikke beregnes "
                                                       f"({type(exc).__name__}: {exc}); posten "
                                                       "gemmes uden nøgletal.", "warning")]
    return fields, []


def fields_from_case_file(path: str | Path, *, compute: bool = True) -> tuple[dict[str, Any], list[Problem]]:
    """Record fields a case file supplies, and warnings.

    Returns the case text (``case_json``), defaults taken from the case (``title``,
    ``summary`` from its description, ``target_group`` ("Egen målgruppe" for a target
    group of the user's own), ``actor_name``/``actor_type`` from its owner, ``year`` from
    its start year, ``material_type`` "beregning") and, when ``som_xl.case`` can compute
    it, ``key_results`` and the knowledge package's name, version and content hash.
    Values given by the user should override these defaults.

    Raises
    ------
    InputError
        When the file is missing, too large, not JSON or not a som-xl-case/1 object.
    """
    # Checked and parsed once, by fields_from_case_text, with the same location read_case_text uses.
    return fields_from_case_text(_read_bounded(path), compute=compute, location=str(Path(path)))


def fields_from_case_text(text: str, *, compute: bool = True,
                          location: str = "sagsfil") -> tuple[dict[str, Any], list[Problem]]:
    """:func:`fields_from_case_file` for case-file text already in memory (an upload)."""
    data, problems = parse_case_text(text, location)
    if data is None:
        raise InputError(problems)
    owner = data["owner"] if isinstance(data.get("owner"), dict) else {}
    settings = data["settings"] if isinstance(data.get("settings"), dict) else {}
    # target_group null is a target group of the user's own, called as the workbook calls it
    target_group = OWN_TARGET_GROUP if "target_group" in data and data["target_group"] is None \
        else data.get("target_group")
    fields: dict[str, Any] = {"material_type": MaterialType.CALCULATION.value}
    for field, value in (("title", data.get("title")), ("summary", data.get("description")),
                         ("target_group", target_group),
                         ("actor_name", owner.get("name")), ("actor_type", owner.get("type"))):
        if isinstance(value, str) and value.strip():
            fields[field] = value.strip()
    start = settings.get("start_year")
    if year_problem(start) is None:
        fields["year"] = start  # the year the calculation is about: its start year
    fields["case_json"] = text
    warnings: list[Problem] = []
    if compute:
        computed, warnings = _compute(data)
        fields.update(computed)
    return fields, warnings
