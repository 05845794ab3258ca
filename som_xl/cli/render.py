"""Human output of the CLI: Danish tables of a computation (rich when on a terminal)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from som_xl import fmt
from som_xl.case import Computation
from som_xl.core.entities import ACTORS, ACTORS_WITH_TOTAL, TOTAL_INDEX

ACTOR_HEADERS = tuple(a.label for a in ACTORS_WITH_TOTAL)


def console(stream=None) -> Console:
    return Console(file=stream or sys.stdout, width=110, highlight=False, soft_wrap=True)


def key_figures_table(comp: Computation) -> Table:
    r = comp.results
    t = Table(title=f"Nøgletal (nutidsværdi, kr. i prisniveau {comp.case.settings.price_year})",
              title_justify="left")
    t.add_column("")
    for h in ACTOR_HEADERS:
        t.add_column(h, justify="right")
    t.add_row("Omkostninger", *(fmt.number(v) for v in r.pv_costs))
    t.add_row("Gevinster", *(fmt.number(v) for v in r.pv_gains))
    t.add_row("Nettoresultat", *(fmt.number(v) for v in r.npv), style="bold")
    t.add_row("Nettoresultat pr. deltager", *(fmt.number(v) for v in r.npv_per_participant))
    t.add_row("Break-even-år", *(str(y) if y else "ikke i horisonten" for y in r.break_even_year))
    t.add_row("Afkast pr. krone", *(fmt.number(v, 2) for v in r.return_per_krone))
    t.add_row("Break-even-succesrate", *(fmt.percent(v) for v in r.break_even_success_rate))
    return t


def years_table(comp: Computation) -> Table:
    r = comp.results
    t = Table(title="Nettoresultat pr. år (kr.)", title_justify="left")
    t.add_column("År")
    for h in ACTOR_HEADERS:
        t.add_column(h, justify="right")
    t.add_column("Akk. diskonteret, i alt", justify="right")
    for i, year in enumerate(r.years.tolist()):
        t.add_row(str(year), *(fmt.number(v) for v in r.net[:, i]),
                  fmt.number(r.cumulative_discounted_net[TOTAL_INDEX, i]))
    return t


def print_summary(comp: Computation, stream=None) -> None:
    """The readable Danish summary that ``som-xl calc`` and ``som-xl demo`` print."""
    c = console(stream)
    case, r, k = comp.case, comp.results, comp.knowledge
    c.print(f"[bold]{case.title}[/bold]")
    tg = case.target_group or "egen målgruppe"
    c.print(f"Målgruppe: {tg} · {fmt.number(r.participants)} deltagere · succesrate "
            f"{fmt.percent(r.success_rate)} · horisont {r.years[0]}–{r.years[-1]} · "
            f"diskontering: {comp.case_input.discount.name}")
    c.print(key_figures_table(comp))
    c.print(years_table(comp))
    total = r.npv[TOTAL_INDEX]
    verdict = "positivt" if total >= 0 else "negativt"
    shares = ", ".join(f"{a.definite}: {fmt.kroner(v)}" for a, v in zip(ACTORS, r.npv, strict=False))
    c.print(f"Samlet nettoresultat (nutidsværdi): [bold]{fmt.kroner(total)}[/bold] ({verdict}). "
            f"{shares[0].upper()}{shares[1:]}")
    from som_xl.case.sourcing import costs_sentence, sentence

    c.print(f"[bold]Grundlag:[/bold] {sentence(comp.sourcing)} {costs_sentence(comp.sourcing)} "
            "Illustrative tal er projektets eksempeltal, ikke SØM's officielle; se kilderne med "
            "'som-xl knowledge sources'.")
    for w in comp.warnings:
        c.print(f"[yellow]Advarsel[/yellow] {w.location}: {w.message}")
    if case.actuals:
        c.print(f"Sagen har faktiske tal til og med {max(a.year for a in case.actuals)}; beregningen ovenfor er "
                "planen. Se forventet og realiseret og den nye prognose med 'som-xl follow-up'.")
    c.print(f"Viden: {k.name} {k.version} ({k.content_hash[:19]}) · beregnet {comp.computed_at}")
