"""Danish tables of a follow-up for ``som-xl follow-up`` (rich)."""

from __future__ import annotations

from rich.table import Table

from som_xl import fmt
from som_xl.case.sourcing import sentence
from som_xl.case.text import break_even_year_text
from som_xl.cli.render import ACTOR_HEADERS, console, number_columns, styled, table, text_column


def _rate(v: float | None) -> str:
    """A break-even success rate; at or below 0 the actor breaks even whatever the rate."""
    return "–" if v is None else "uanset" if v <= 0 else fmt.percent(v)


def past_years_table(result) -> Table:
    t = table("Deltagere og succeser pr. år, plan og faktisk")
    text_column(t, "År")
    number_columns(t, "Deltagere, plan", "Deltagere, faktisk", "Succeser, plan", "Succeser, faktisk")
    for p in result.past_years:
        t.add_row(str(p.year), fmt.number(p.planned_participants), fmt.number(p.actual_participants),
                  fmt.number(p.planned_successes, 1), fmt.number(p.actual_successes))
    return t


def past_costs_table(result) -> Table:
    t = table("Omkostninger pr. år (kr.), plan og faktisk")
    text_column(t, "År")
    text_column(t, "")
    number_columns(t, *ACTOR_HEADERS)
    for p in result.past_years:
        t.add_row(str(p.year), "plan", *(fmt.number(a) for a in p.planned_costs))
        t.add_row("", "faktisk", *(fmt.number(b) for b in p.actual_costs), end_section=True)
    return t


def comparison_table(result) -> Table:
    t = table("Plan og ny prognose (nutidsværdi i kr.)")
    text_column(t)
    number_columns(t, *ACTOR_HEADERS)
    for label, r in (("plan", result.plan), ("ny prognose", result.reforecast)):
        t.add_row(f"Nettoresultat, {label}", *(fmt.number(v) for v in r.npv),
                  style="bold" if r is result.reforecast else None)
    for label, r in (("plan", result.plan), ("ny prognose", result.reforecast)):
        t.add_row(f"Break-even-år, {label}", *(break_even_year_text(r, a) for a in range(len(r.break_even_year))))
    for label, r in (("plan", result.plan), ("ny prognose", result.reforecast)):
        t.add_row(f"Break-even-succesrate, {label}", *(_rate(v) for v in r.break_even_success_rate))
    if result.odds is not None:
        for label, key in (("plan", "plan"), ("ny prognose", "reforecast")):
            t.add_row(f"Sandsynlighed ≥ 0, {label}", *(fmt.percent(v) for v in result.odds[key]))
    return t


def print_follow_up(comp, result, stream=None) -> None:
    """The Danish follow-up: notes, the past years, plan against re-forecast."""
    c = console(stream)
    c.print(styled((f"Opfølgning: {comp.case.title}", "bold"), f" (faktiske tal til og med {result.last_year}, "
                   f"{comp.case.settings.price_year}-priser)"))
    for note in result.notes():
        c.print(note)
    c.print(past_years_table(result))
    c.print(past_costs_table(result))
    c.print(comparison_table(result))
    c.print("Sandsynligheden er fra Monte Carlo med fast startværdi; kendte omkostninger og observerede succeser "
            "trækkes ikke.")

    c.print(f"Grundlag (planens gevinster): {sentence(comp.sourcing)}")
