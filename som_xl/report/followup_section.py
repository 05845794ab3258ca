"""The decision report's section "Opfølgning: forventet og realiseret", present only when
the case has actual figures (its ``actuals``): what was planned for the past years
against what happened, and the plan's NPV against the re-forecast's (:mod:`som_xl.followup`).
"""

from __future__ import annotations

from som_xl import fmt
from som_xl.case.text import break_even_year_text
from som_xl.core.entities import ACTORS, TOTAL_INDEX
from som_xl.followup import follow_up_computation
from som_xl.report.document import Section, Table

TITLE = "Opfølgning: forventet og realiseret"


def _diff(plan: float, actual: float, money: bool = False, decimals: int = 0) -> str:
    d = actual - plan
    text = fmt.kroner(d) if money else fmt.number(d, decimals)
    return ("+" if d > 0 else "") + text


def follow_up_section(comp) -> Section | None:
    """The section for ``comp`` (a ``som_xl.case.Computation``), or None without actuals."""
    result = follow_up_computation(comp)
    if result is None:
        return None
    past, plan, new = result.past_years, result.plan, result.reforecast
    n_plan, n_act = sum(p.planned_participants for p in past), sum(p.actual_participants for p in past)
    s_plan, s_act = sum(p.planned_successes for p in past), sum(p.actual_successes for p in past)
    c_plan = sum(float(p.planned_costs[TOTAL_INDEX]) for p in past)
    c_act = sum(float(p.actual_costs[TOTAL_INDEX]) for p in past)
    real = result.realised_rate
    rate_row = ("Succesrate i afsluttede hold", fmt.percent(plan.success_rate),
                fmt.percent(real) if real is not None else "intet hold afsluttet endnu",
                f"{_diff(plan.success_rate * 100, real * 100, decimals=1)} %-point" if real is not None else "–")
    first = ACTORS[0]
    rows = (
        ("Deltagere, der er startet", fmt.number(n_plan), fmt.number(n_act), _diff(n_plan, n_act)),
        ("Succeser i afsluttede hold", fmt.number(s_plan, 1), fmt.number(s_act), _diff(s_plan, s_act, decimals=1)),
        rate_row,
        ("Omkostninger i alt", fmt.kroner(c_plan), fmt.kroner(c_act), _diff(c_plan, c_act, money=True)),
        ("Nettoresultat i alt, hele perioden (nutidsværdi)", fmt.kroner(float(plan.npv[TOTAL_INDEX])),
         fmt.kroner(float(new.npv[TOTAL_INDEX])),
         _diff(float(plan.npv[TOTAL_INDEX]), float(new.npv[TOTAL_INDEX]), money=True)),
        (f"Nettoresultat for {first.definite}, hele perioden", fmt.kroner(float(plan.npv[0])),
         fmt.kroner(float(new.npv[0])), _diff(float(plan.npv[0]), float(new.npv[0]), money=True)),
        ("Break-even-år i alt", *(break_even_year_text(r, TOTAL_INDEX) for r in (plan, new)), ""),
    )
    headers = (f"Faktiske tal til og med {result.last_year}", "Plan", "Faktisk / ny prognose", "Forskel")
    return Section("opfoelgning", TITLE, table=Table(headers, rows))
