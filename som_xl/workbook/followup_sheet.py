"""The Opfølgning sheet: the follow-up (:mod:`som_xl.followup`) written after each Beregn.

The yellow grid (the case's ``actuals``) is read with the other inputs by
:mod:`som_xl.workbook.reader`; this module writes the outputs beside it: a status, plan
and re-forecast per actor, the plan for the actual years, and the cumulative series the
chart draws. Four writes, whatever the number of years. A workbook made from a template
without the sheet is left alone (it cannot hold actuals either).
"""

from __future__ import annotations

from typing import Any

from som_xl import fmt
from som_xl.case.text import break_even_year_text
from som_xl.errors import InputError, Problem
from som_xl.followup import follow_up_computation
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, is_missing_block
from som_xl.workbook.writer import write_output

NO_ACTUALS = ("Ingen faktiske tal endnu. Skriv de faktiske tal for hvert år, der er gået, i det gule gitter "
              "nedenfor (fra startåret, uden huller), og tryk Beregn; så står plan og ny prognose her.")
NOT_COMPUTED = "Opfølgningen er ikke opdateret, fordi beregningen fejlede; se arket Resultater."


def clear(backend: Backend, message: str = NO_ACTUALS) -> None:
    """Blank the outputs and say why (no stale figure survives)."""
    try:
        write_output(backend, L.FOLLOW_UP_STATUS, [[message]])
    except InputError as exc:
        if not is_missing_block(exc):
            raise
        return  # an older workbook without the Opfølgning sheet
    for block in (L.FOLLOW_UP_KEY_FIGURES, L.FOLLOW_UP_COMPARISON, L.FOLLOW_UP_YEARS):
        write_output(backend, block, [])


def update_follow_up(backend: Backend, comp, uncertainty=None) -> list[Problem]:
    """Write the follow-up of ``comp`` (or the "no actuals yet" status). The odds use the
    Følsomhed sheet's Monte Carlo settings when it ran; returns problems for the messages."""
    if not comp.case.actuals:
        clear(backend)
        return []

    mc = getattr(uncertainty, "monte_carlo", None)
    try:
        result = follow_up_computation(comp, odds_settings=mc.settings if mc is not None else None)
    except InputError as exc:
        clear(backend, NOT_COMPUTED)
        return [Problem(p.type, L.OPFOELGNING, p.message, p.severity) for p in exc.problems]
    assert result is not None
    write_output(backend, L.FOLLOW_UP_STATUS, [[n] for n in status_lines(result, comp, uncertainty)])
    write_output(backend, L.FOLLOW_UP_KEY_FIGURES, key_figure_rows(result))
    write_output(backend, L.FOLLOW_UP_COMPARISON, comparison_rows(result))
    cdn_plan, cdn_new = result.plan.cumulative_discounted_net[-1], result.reforecast.cumulative_discounted_net[-1]
    write_output(backend, L.FOLLOW_UP_YEARS, [[y, float(a), float(b)] for y, a, b in zip(
        result.plan.years.tolist(), cdn_plan, cdn_new, strict=True)])
    return []


def status_lines(result, comp, uncertainty) -> list[str]:
    """The realised rate, what the re-forecast's break-even rate means, and where the odds come from."""
    first, second = result.notes()
    mc = getattr(uncertainty, "monte_carlo", None)
    third = (f"Faktiske tal til og med {result.last_year}; beløb i {comp.case.settings.price_year}-priser. "
             + (f"Sandsynlighederne: Monte Carlo med arket Følsomheds indstillinger ({fmt.number(mc.draws)} træk, "
                f"seed {mc.seed}), uden justeringer; kendte omkostninger og observerede succeser trækkes ikke."
                if mc is not None else "Monte Carlo er slået fra på arket Følsomhed, så sandsynlighederne mangler."))
    return [first, second, third]


def _rate(v: float | None) -> Any:
    return "–" if v is None else "uanset" if v <= 0 else float(v)


def key_figure_rows(result) -> list[list[Any]]:
    """Plan and re-forecast per actor, in the order of :data:`L.FOLLOW_UP_ROWS`."""
    plan, new = result.plan, result.reforecast
    odds = result.odds or {}
    rows: list[list[Any]] = [[float(v) for v in plan.npv], [float(v) for v in new.npv]]
    rows += [[y if y is not None else break_even_year_text(r, a) for a, y in enumerate(r.break_even_year)]
             for r in (plan, new)]
    rows += [[_rate(v) for v in r.break_even_success_rate] for r in (plan, new)]
    rows += [[float(v) for v in odds[k]] if k in odds else ["–"] * len(plan.npv) for k in ("plan", "reforecast")]
    return rows


def comparison_rows(result) -> list[list[Any]]:
    """Per actual year: the plan's participants, successes and costs, the actual total and the difference."""
    return [[p.year, float(p.planned_participants), float(p.planned_successes), *map(float, p.planned_costs),
             float(p.actual_costs[-1]), float(p.actual_costs[-1] - p.planned_costs[-1])]
            for p in result.past_years]
