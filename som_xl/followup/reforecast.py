"""The re-forecast: the plan's core input with what is known replaced by the actuals.

Rules (``docs/method.md``, "Follow-up"), L the last actual year:

* cohorts: in the actual years the actual participants; the planned cohorts after L stay;
* costs: in the actual years the actual costs of every payer (marked ``known``); after L
  the plan's cost lines on the new participants, each written out as a total per year;
* successes: a cohort finished by L has its observed count (``Cohort.successes``); later
  and unfinished cohorts use participants × the realised rate (the planned rate when
  there is none);
* consequences per success, prices and discounting as in the plan.

The result is an ordinary :class:`~som_xl.core.CaseInput`, so the unchanged core (and the
uncertainty room) computes the re-forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from som_xl.core import ACTOR_KEYS, CaseInput, Cohort, CostBasis, CostKind, CostLine, components
from som_xl.followup.actuals import Actual, RealisedRate, last_year, realised_success_rate

ACTUAL_COST_LABEL = "Faktiske omkostninger {year}"


@dataclass(frozen=True)
class Reforecast:
    """The re-forecast input and the success rate it uses."""

    case_input: CaseInput
    realised: RealisedRate
    rate_used: float
    rate_source: str
    """``"realiseret"`` or ``"planlagt"`` (no finished cohort yet)."""


def reforecast(plan: CaseInput, actuals: Sequence[Actual]) -> Reforecast:
    """The re-forecast of ``plan`` given ``actuals`` (validated: one per year from the
    start year to L, successes only in a finished cohort's success year).

    With actuals equal to the plan the result equals the plan to the krone.
    """
    realised = realised_success_rate(actuals, plan.duration_years)
    rate, source = ((realised.rate, "realiseret") if realised.rate is not None
                    else (plan.success_rate, "planlagt"))
    cohorts = _cohorts(plan, actuals)
    new = replace(plan, cohorts=cohorts, success_rate=rate)
    costs = _actual_cost_lines(actuals) + _planned_cost_lines(new, plan, realised.last_year)
    return Reforecast(replace(new, costs=costs), realised, rate, source)


def _cohorts(plan: CaseInput, actuals: Sequence[Actual]) -> tuple[Cohort, ...]:
    L = last_year(actuals)
    D = plan.duration_years
    observed = {a.year: a.successes for a in actuals}
    out = [Cohort(a.year, a.participants, float(observed[a.year + D - 1]) if a.year + D - 1 <= L else None)
           for a in actuals if a.participants > 0]
    return tuple(out) + tuple(c for c in plan.cohorts if c.year > L)


def _actual_cost_lines(actuals: Sequence[Actual]) -> tuple[CostLine, ...]:
    return tuple(
        CostLine(ACTUAL_COST_LABEL.format(year=a.year), payer,
                 CostKind.SPARET if amount < 0 else CostKind.DRIFT, CostBasis.TOTAL, amount, a.year,
                 known=True)
        for a in actuals for payer, amount in zip(ACTOR_KEYS, a.costs, strict=True) if amount != 0)


def _planned_cost_lines(new: CaseInput, plan: CaseInput, last: int) -> tuple[CostLine, ...]:
    """The plan's lines after ``last``, on the new cohorts, as one total line per year."""
    by_line = components(replace(new, consequences=())).cost_by_line
    years = np.arange(new.start_year, new.start_year + new.horizon_years)
    out = []
    for line, row in zip(plan.costs, by_line, strict=True):
        for t in np.flatnonzero((years > last) & (row != 0)).tolist():
            out.append(CostLine(f"{line.label} ({years[t]})", line.payer, line.kind, CostBasis.TOTAL,
                                float(row[t]), int(years[t])))
    return tuple(out)
