"""Reading case files and turning validated data into a :class:`~som_xl.case.model.Case`."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

from som_xl import jsontext
from som_xl.case.model import (
    ActualYear,
    Case,
    CohortSpec,
    ConsequenceSpec,
    CostSpec,
    EffectSpec,
    Owner,
    Programme,
    Settings,
)
from som_xl.case.validate import MAX_NODES, clean_provenance, validate_case_data
from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.fileio import read_bounded_text
from som_xl.knowledge.records import PriceSpec

MAX_CASE_BYTES = 5 * 1024 * 1024
"""A case file is a few kilobytes; anything over this is refused before parsing."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # in C; a key written twice leaves fewer keys than pairs
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"feltet '{key}' står to gange i samme objekt")
            seen.add(key)
    return out


def _reject_constant(name: str):
    raise ValueError(f"'{name}' er ikke et gyldigt tal")


def loads_case(text: str, where: str = "sagsfil") -> dict[str, Any]:
    """Parse case JSON text; a Danish :class:`InputError` on broken JSON (with line and
    column), duplicate keys, ``NaN``/``Infinity``, or more values than a case may hold
    (counted before anything is built)."""
    return jsontext.loads(text, where, max_values=MAX_NODES, object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_reject_constant)


WORKBOOK_SUFFIXES = (".xlsm", ".xlsx", ".xls")


def read_case_file(path: str | Path) -> dict[str, Any]:
    """Read a case file's JSON data safely (size-limited, UTF-8, no duplicate keys); a
    workbook is refused with what to do with it instead."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES and Path(path).is_file():
        raise InputError([Problem("wrong-type", str(path), "det er en projektmappe, ikke en sagsfil (.json). Beregn "
                                  f"den med 'som-xl recalc {path}', eller gem dens input som sagsfil med "
                                  f"'som-xl case export {path} -o sag.json'.")])
    text = read_bounded_text(path, MAX_CASE_BYTES, kind="en sagsfil", hint="; er det en sagsfil (.json)?")
    return loads_case(text, Path(path).name)


def _num(v: Any) -> float:
    f = float(v)
    if not math.isfinite(f):
        raise ValueError("not finite")
    return f


def _int(v: Any) -> int:
    """JSON Schema's "integer" accepts 2025.0; the model holds real integers."""
    return int(v)


def _int_or_none(v: Any) -> int | None:
    return None if v is None else int(v)


def _prices(rows: list[dict[str, Any]]) -> tuple[PriceSpec, ...]:
    return tuple(
        PriceSpec(item=r["item"], price_year=int(r["price_year"]), amounts=tuple(_num(r[a]) for a in ACTOR_KEYS),
                  name=r.get("name", ""), unit=r.get("unit", ""), area=r.get("area", ""),
                  source=r.get("source", ""))
        for r in rows
    )


def build_case(data: dict[str, Any]) -> Case:
    """Build a :class:`Case` from data that :func:`validate_case_data` accepted."""
    s = data["settings"]
    p = data["programme"]
    e = data["effect"]
    owner = data.get("owner", {})
    consequences = data.get("consequences")
    return Case(
        title=data["title"],
        description=data.get("description", ""),
        owner=Owner(owner.get("name", ""), owner.get("type", ""), owner.get("contact", "")),
        target_group=data.get("target_group"),
        settings=Settings(
            start_year=_int(s["start_year"]), horizon_years=_int(s["horizon_years"]),
            price_year=_int(s["price_year"]),
            discount_rate=None if s.get("discount_rate") is None else _num(s["discount_rate"]),
            discount_schedule=s.get("discount_schedule"),
        ),
        programme=Programme(
            duration_years=_int(p["duration_years"]),
            cohorts=tuple(CohortSpec(_int(c["year"]), _num(c["participants"])) for c in p["cohorts"]),
        ),
        costs=tuple(
            CostSpec(label=c["label"], payer=c["payer"], kind=c["kind"], basis=c["basis"],
                     amount=_num(c["amount"]), year=_int_or_none(c.get("year")), note=c.get("note", ""))
            for c in data.get("costs", [])
        ),
        effect=EffectSpec(
            success_rate=_num(e["success_rate"]), outcome=e.get("outcome"),
            low=None if "low" not in e else _num(e["low"]),
            high=None if "high" not in e else _num(e["high"]),
            evidence_level=_int_or_none(e.get("evidence_level")), source=e.get("source", ""),
        ),
        consequences=None if consequences is None else tuple(
            # the walk refused every number that is not finite: a profile converts in one go
            ConsequenceSpec(item=c["item"], per_success_by_year=tuple(map(float, c["per_success_by_year"])),
                            include=c.get("include", True), source=c.get("source", ""))
            for c in consequences
        ),
        items=_prices(data.get("items", [])),
        local_prices=_prices(data.get("local_prices", [])),
        actuals=tuple(
            ActualYear(year=_int(a["year"]), participants=_int(a["participants"]),
                       costs=tuple(_num(a["costs"][k]) for k in ACTOR_KEYS),
                       successes=_int(a["successes"]))
            for a in data.get("actuals", [])
        ),
        provenance=clean_provenance(data.get("provenance"))[0],
    )


def parse_case(data: Any) -> Case:
    """Validate case data and build the :class:`Case` (warnings in ``case.warnings``).

    Raises :class:`InputError` carrying every problem (errors and warnings) when at
    least one is an error.
    """
    problems = validate_case_data(data)
    raise_if_errors(problems)
    return replace(build_case(data), warnings=tuple(problems))
