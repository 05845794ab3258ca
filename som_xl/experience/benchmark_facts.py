"""What one record's case file assumed and realised: the figures "Andre kommuner" counts.

Read from the case file once, when the record (or its case file) is stored, and kept in
``experience_benchmark_facts`` (:mod:`som_xl.experience.model_benchmark`), so a benchmark
is one query over small rows, never a parse of case files.

* assumed success rate, duration, horizon, participants, price year: the case file as
  written (:func:`som_xl.case.parse_case`; no knowledge package needed);
* realised success rate: :func:`som_xl.followup.realised_success_rate` of its actuals,
  exactly what the follow-up reports (None without actuals or before a cohort finished);
* outcome and cost per participant: from computing the case with the site's knowledge
  package (the outcome it was computed with; planned net costs over the horizon, all
  payers, undiscounted, ÷ participants). Without a computable case: the case's own
  outcome and no cost.

A case without a knowledge target group ("egen målgruppe") has nothing to compare with
and gets no row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from som_xl.case import compute, parse_case
from som_xl.core.entities import TOTAL_INDEX
from som_xl.errors import InputError
from som_xl.experience.engine import run_read
from som_xl.experience.model_benchmark import BenchmarkFactsRow
from som_xl.followup import actuals_from, realised_success_rate

FACTS_VERSION = 1
"""Bumped when the rules above change (rows of an older version can then be rebuilt)."""


@dataclass(frozen=True)
class CaseFacts:
    """The benchmark's figures of one case file (rates as fractions, kroner at its price level)."""

    target_group: str
    outcome: str | None
    success_rate: float
    duration_years: int
    horizon_years: int
    participants: float
    price_year: int
    cost_per_participant: float | None
    realised_success_rate: float | None
    actual_years: int = 0


def _parsed(text: str):
    try:
        return parse_case(json.loads(text))
    except (InputError, ValueError, TypeError, KeyError):
        return None  # a case file that no longer parses is simply not counted


def _computed(case) -> tuple[str | None, float | None]:
    """(outcome, total planned net costs) of ``case`` with the site's knowledge, or
    (the case's own outcome, None) when it cannot be computed here."""
    try:
        comp = compute(case)
        return comp.resolution.outcome, float(comp.results.costs[TOTAL_INDEX].sum())
    except Exception:  # another knowledge package, a newer format: the rates still count
        return case.effect.outcome, None


def facts_from_case_text(text: str | None) -> CaseFacts | None:
    """The benchmark's figures of a case file's text, or None when there are none."""
    if not text:
        return None
    case = _parsed(text)
    if case is None or not case.target_group:
        return None
    duration = case.programme.duration_years
    realised = (realised_success_rate(actuals_from(case.actuals), duration).rate
                if case.actuals else None)
    participants = float(sum(c.participants for c in case.programme.cohorts))
    outcome, costs = _computed(case)
    per_participant = costs / participants if costs is not None and participants > 0 else None
    return CaseFacts(
        target_group=case.target_group, outcome=outcome, success_rate=float(case.effect.success_rate),
        duration_years=int(duration), horizon_years=int(case.settings.horizon_years),
        participants=participants, price_year=int(case.settings.price_year),
        cost_per_participant=per_participant, realised_success_rate=realised, actual_years=len(case.actuals))


def store_facts(conn: Connection, record_id: int, case_json: str | None) -> CaseFacts | None:
    """Replace the facts row of ``record_id`` by the facts of ``case_json`` (inside the
    caller's transaction, so the row never disagrees with the stored case file)."""
    facts = facts_from_case_text(case_json)
    conn.execute(delete(BenchmarkFactsRow).where(BenchmarkFactsRow.record_id == record_id))
    if facts is not None:
        values: dict[str, Any] = asdict(facts)
        conn.execute(insert(BenchmarkFactsRow).values(record_id=record_id, facts_version=FACTS_VERSION,
                                                      **values))
    return facts


@dataclass(frozen=True)
class StoredFacts:
    """What a record page needs of a record's facts row."""

    target_group: str
    outcome: str | None
    actual_years: int


def stored_facts(db, record_id: int) -> StoredFacts | None:
    """The facts row of ``record_id`` (None: its case file gives the benchmark nothing)."""
    t = BenchmarkFactsRow
    stmt = select(t.target_group, t.outcome, t.actual_years).where(t.record_id == record_id)
    row = run_read(db.engine, lambda conn: conn.execute(stmt).first())
    return StoredFacts(*row) if row is not None else None
