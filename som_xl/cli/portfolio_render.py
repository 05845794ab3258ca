"""Danish tables of a portfolio for ``som-xl portfolio`` (rich)."""

from __future__ import annotations

from rich.table import Table

from som_xl import fmt
from som_xl.case.text import break_even_year_words
from som_xl.cli.render import ACTOR_HEADERS, console, number_columns, styled, table, text_column
from som_xl.core import TOTAL_INDEX
from som_xl.portfolio import Choice, Portfolio, budget_period, describe_budget


def interventions_table(p: Portfolio) -> Table:
    """The interventions' NPV per actor (one table, so that it fits an 80-column terminal)."""
    t = table(f"Indsatser (nutidsværdi i kr., {p.price_year}-priser, diskonteret til {p.base_year})")
    number_columns(t, "Nr.")
    text_column(t, "Indsats")
    number_columns(t, *ACTOR_HEADERS)
    for k, i in enumerate(p.interventions):
        t.add_row(str(k + 1), i.title, *(fmt.number(v) for v in p.npv[k]))
    return t


def odds_table(p: Portfolio) -> Table:
    """Return, break-even and the odds of paying off, for the public sector as a whole."""
    t = table("Afkast, break-even og sandsynlighed for den offentlige sektor samlet",
              "Sandsynligheden for et nettoresultat ≥ 0 er fra Monte Carlo med fast startværdi.")
    number_columns(t, "Nr.")
    text_column(t, "Indsats")
    number_columns(t, "Afkast pr. kr.", "Break-even-år", "Break-even-succesrate", "Sandsynlighed ≥ 0")
    for k, i in enumerate(p.interventions):
        prob = "–" if i.probability_positive is None else fmt.percent(i.probability_positive[TOTAL_INDEX])
        year = break_even_year_words(i.break_even_year[TOTAL_INDEX], i.no_costs(TOTAL_INDEX))
        t.add_row(str(k + 1), i.title, fmt.number(i.return_per_krone[TOTAL_INDEX], 2), year,
                  fmt.percent(i.break_even_success_rate[TOTAL_INDEX]), prob)
    return t


def years_table(p: Portfolio, budget_year: int, chosen=None, title: str = "") -> Table:
    period = budget_period(budget_year)
    net = p.combined_net(chosen)
    t = table(title or "Samlet nettoresultat pr. år, alle indsatser (kr., ikke diskonteret)")
    text_column(t, "År")
    number_columns(t, *ACTOR_HEADERS)
    for i, year in enumerate(p.years.tolist()):
        mark = " (budgetår)" if year == period[0] else " (overslagsår)" if year in period else ""
        t.add_row(f"{year}{mark}", *(fmt.number(v) for v in net[:, i]),
                  style="bold" if year in period else None)
    return t


def print_choice(c, p: Portfolio, choice: Choice) -> None:
    def names(chosen) -> str:
        return ", ".join(f"{k + 1} {p.interventions[k].title}" for k in chosen) or "ingen"

    who = {"total": "i alt"}.get(choice.objective, choice.objective)
    c.print(describe_budget(choice.rule.actor, choice.rule.years, choice.rule.amount))
    for w in choice.warnings:
        c.print(styled(("Advarsel", "yellow"), f" {w}"))
    c.print(styled(f"Bedste valg (præcist, største nutidsværdi {who}): ", (names(choice.exact.chosen), "bold"),
                   f"; nutidsværdi {fmt.kroner(choice.exact.value)}, nettoudgift i budgetårene "
                   f"{fmt.kroner(choice.exact.cost)}"))
    if choice.greedy_differs:
        c.print(f"Grådig rækkefølge (nutidsværdi pr. budgetkrone) ville vælge {names(choice.greedy.chosen)}; "
                f"nutidsværdi {fmt.kroner(choice.greedy.value)}, dvs. {fmt.kroner(choice.difference)} mindre")
    else:
        c.print("Den grådige rækkefølge (nutidsværdi pr. budgetkrone) vælger det samme.")
    c.print(years_table(p, choice.rule.years[0], choice.exact.chosen, "Samlet nettoresultat pr. år, de valgte "
                                                                      "indsatser (kr., ikke diskonteret)"))


def print_portfolio(p: Portfolio, choice: Choice | None, budget_year: int | None, stream=None) -> None:
    """The Danish portfolio summary: the table, the combined years, the choice, the notes."""
    c = console(stream)
    c.print(f"Portefølje: {len(p.interventions)} indsatser", style="bold")
    c.print(interventions_table(p))
    c.print(odds_table(p))
    c.print(years_table(p, budget_year or (choice.rule.years[0] if choice else p.base_year)))
    if choice is not None:
        print_choice(c, p, choice)
    for k, i in enumerate(p.interventions):
        c.print(f"Indsats {k + 1}: ejer {i.owner or 'ikke angivet'} · {i.price_year}-priser · viden {i.knowledge} · "
                f"Grundlag: {i.sourcing}")
    for note in p.notes:
        c.print(styled(("Bemærk", "yellow"), f" {note}"))
