"""A follow-up: plan and re-forecast side by side, per past year and in total (pure).

:func:`follow_up` computes the plan and the re-forecast with the core, compares the
past years (participants, successes, costs per actor: planned and actual) and, when
asked, draws the odds of both with the uncertainty room's Monte Carlo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from som_xl import fmt
from som_xl.core import ACTOR_KEYS_TOTAL, CaseInput, Results, calculate
from som_xl.followup.actuals import Actual, actuals_from
from som_xl.followup.reforecast import Reforecast, reforecast


@dataclass(frozen=True)
class PastYear:
    """Planned and actual figures of one past year."""

    year: int
    planned_participants: float
    actual_participants: int
    planned_successes: float
    """Participants finishing this year in the plan × the planned rate."""
    actual_successes: int
    planned_costs: np.ndarray
    """Per actor and the total (axis order), shape (A + 1,)."""
    actual_costs: np.ndarray
    """Per actor and the total (axis order), shape (A + 1,)."""


@dataclass(frozen=True)
class FollowUp:
    """The plan, the re-forecast and the comparison of the past years."""

    plan: Results
    reforecast: Results
    basis: Reforecast
    past_years: tuple[PastYear, ...]
    odds: dict[str, np.ndarray] | None = None
    """Probability of NPV ≥ 0 per actor and total (shape (A + 1,)) for ``"plan"`` and ``"reforecast"``."""

    @property
    def last_year(self) -> int:
        return self.basis.realised.last_year

    @property
    def realised_rate(self) -> float | None:
        return self.basis.realised.rate

    def notes(self) -> list[str]:
        """Danish sentences on the success rate the re-forecast uses, and what its
        break-even success rate means."""
        real, planned = self.basis.realised, self.plan.success_rate
        D = self.plan.parts.case.duration_years
        if real.rate is None:
            first = (f"Intet hold er afsluttet ved udgangen af {real.last_year} (forløbet varer {D} år), "
                     "så der er ingen realiseret succesrate endnu; genberegningen bruger den planlagte "
                     f"succesrate på {fmt.percent(planned)}.")
        else:
            cohorts = ", ".join(map(str, real.finished_cohorts))
            first = (f"Realiseret succesrate: {fmt.number(real.successes)} succeser blandt "
                     f"{fmt.number(real.participants)} deltagere i de afsluttede hold (start {cohorts}) = "
                     f"{fmt.percent(real.rate)} (planlagt {fmt.percent(planned)}). Hold, der ikke er "
                     "afsluttet, regnes med den realiserede succesrate.")
        return [first, "Break-even-succesraten i genberegningen er den succesrate, som de hold, der ikke er "
                       "afsluttet endnu, skal nå; de afsluttede holds succeser er kendte."]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: ``calc --json``'s ``follow_up`` (amounts in kroner at the case's price level)."""
        real = self.basis.realised
        out: dict[str, object] = {
            "last_actual_year": real.last_year,
            "realised_success_rate": real.rate,
            "realised": {"successes": real.successes, "participants": real.participants,
                         "finished_cohorts": list(real.finished_cohorts)},
            "planned_success_rate": self.plan.success_rate,
            "success_rate_used": self.basis.rate_used,
            "success_rate_source": self.basis.rate_source,
            "plan": key_figures(self.plan),
            "reforecast": {**key_figures(self.reforecast), "years": self.reforecast.year_rows()},
            "years": [
                {"year": p.year, "actor": actor, "planned_costs": float(p.planned_costs[a]),
                 "actual_costs": float(p.actual_costs[a])}
                for p in self.past_years for a, actor in enumerate(ACTOR_KEYS_TOTAL)],
            "cohorts": [
                {"year": p.year, "planned_participants": p.planned_participants,
                 "actual_participants": p.actual_participants, "planned_successes": p.planned_successes,
                 "actual_successes": p.actual_successes}
                for p in self.past_years],
            "notes": self.notes(),
        }
        if self.odds is not None:
            out["probability_npv_nonnegative"] = {
                k: dict(zip(ACTOR_KEYS_TOTAL, v.tolist(), strict=True)) for k, v in self.odds.items()}
        return out


def key_figures(r: Results) -> dict[str, object]:
    """NPV, PV of costs and gains, break-even year, return per krone and break-even
    success rate, each by actor."""
    return {name: dict(zip(ACTOR_KEYS_TOTAL, np.asarray(getattr(r, name), dtype=object).tolist(), strict=True))
            for name in
            ("npv", "pv_costs", "pv_gains", "break_even_year", "return_per_krone", "break_even_success_rate")}


def past_years(plan: Results, actuals: Sequence[Actual]) -> tuple[PastYear, ...]:
    """Planned against actual figures for each actual year."""
    years = plan.years.tolist()
    parts = plan.parts
    starts = {c.year: 0.0 for c in parts.case.cohorts}
    for c in parts.case.cohorts:
        starts[c.year] += c.participants
    out = []
    for a in actuals:
        t = years.index(a.year)
        actual = np.array([*a.costs, sum(a.costs)], dtype=float)
        out.append(PastYear(a.year, starts.get(a.year, 0.0), a.participants,
                            float(parts.finishers[t] * plan.success_rate), a.successes,
                            plan.costs[:, t].copy(), actual))
    return tuple(out)


def follow_up(plan: CaseInput, actuals: Sequence[Actual], *, plan_results: Results | None = None,
              odds_settings=None, low: float | None = None, high: float | None = None) -> FollowUp:
    """Follow ``plan`` with ``actuals``.

    Parameters
    ----------
    plan : CaseInput
        The plan as resolved (the case without its actuals).
    actuals : sequence of Actual
        Validated: one per year from the start year to the last actual year.
    plan_results : Results, optional
        ``calculate(plan)`` when the caller already has it (a computation's results);
        computed here otherwise.
    odds_settings : MonteCarloSettings, optional
        When given, the probability of NPV ≥ 0 of plan and re-forecast (same seed).
    low, high : float, optional
        The effect's low/high success rates; used for the plan's draws, and for the
        re-forecast's only while it still uses the planned rate (a realised rate gets the
        settings' relative range around it).
    """
    basis = reforecast(plan, actuals)
    if plan_results is None:
        plan_results = calculate(plan)
    odds = None if odds_settings is None else follow_up_odds(plan, basis, odds_settings, low, high)
    return FollowUp(plan_results, calculate(basis.case_input), basis, past_years(plan_results, actuals), odds)


def follow_up_odds(plan: CaseInput, basis: Reforecast, settings, low: float | None = None,
                   high: float | None = None) -> dict[str, np.ndarray]:
    """:attr:`FollowUp.odds`: the Monte Carlo probability of NPV ≥ 0 of ``plan`` and of the
    re-forecast ``basis`` with ``settings`` (see :func:`follow_up` for ``low`` and ``high``)."""
    from som_xl.uncertainty import monte_carlo  # lazy: ≈46 ms; calc --json of a followed-up case skips it

    planned_range = basis.rate_source == "planlagt"
    return {
        "plan": monte_carlo(plan, settings, low, high).probability_positive,
        "reforecast": monte_carlo(basis.case_input, settings, low if planned_range else None,
                                  high if planned_range else None).probability_positive,
    }


def plan_follow_up(computation) -> FollowUp | None:
    """:func:`follow_up` of a ``som_xl.case.Computation`` without odds, or None when its
    case has no actuals; the plan is the computation's own results (not computed again).
    ``Computation.follow_up`` keeps it, so the workbook's sheet and the report share one."""
    case = computation.case
    if not case.actuals:
        return None
    return follow_up(computation.case_input, actuals_from(case.actuals), plan_results=computation.results)


def follow_up_computation(computation, *, odds_settings=None) -> FollowUp | None:
    """:func:`follow_up` of a ``som_xl.case.Computation`` (read by attribute), or None
    when its case has no actuals; with the odds when ``odds_settings`` are given."""
    result = computation.follow_up
    if result is None or odds_settings is None:
        return result
    effect = computation.case.effect
    return replace(result, odds=follow_up_odds(computation.case_input, result.basis, odds_settings,
                                               effect.low, effect.high))
