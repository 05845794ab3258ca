"""The portfolio's one-page summary: a :class:`~som_xl.report.document.Document` built from
a :class:`~som_xl.portfolio.Portfolio` (and the choice under a budget, if any).

The same document becomes Markdown (:func:`som_xl.report.to_markdown`) and, laid out on
the Resumé sheet of the Portefølje workbook, the one-page PDF
(:mod:`som_xl.workbook.portfolio_book`), so the two always say the same.
"""

from __future__ import annotations

import datetime as dt

from som_xl import __version__, fmt
from som_xl.case.text import break_even_year_words
from som_xl.core.entities import ACTOR_KEYS_TOTAL, ACTORS, ACTORS_WITH_TOTAL, TOTAL, TOTAL_INDEX
from som_xl.portfolio import Choice, Portfolio, budget_period, describe_budget
from som_xl.report.document import Document, Section, Table

MAX_ROWS = 20
"""Interventions listed on the one page; the workbook's Portefølje sheet lists them all."""


def _names(portfolio: Portfolio, chosen) -> str:
    return fmt.and_list(f"{k + 1} {portfolio.interventions[k].title}" for k in chosen) if chosen else "ingen"


def interventions_table(portfolio: Portfolio, choice: Choice | None) -> Table:
    """One row per intervention: NPV in total and for the first actor, return, break-even,
    odds (and whether the exact choice takes it)."""
    first = ACTORS[0]
    headers = ("Indsats", "Nutidsværdi i alt", f"Nutidsværdi, {first.definite}", "Afkast pr. kr.",
               "Break-even-år", "Sandsynlighed ≥ 0", *(("Valgt",) if choice else ()))
    rows = []
    for k, i in enumerate(portfolio.interventions[:MAX_ROWS]):
        prob = i.probability_positive
        rows.append((
            f"{k + 1} {i.title}", fmt.kroner(float(portfolio.npv[k, TOTAL_INDEX])),
            fmt.kroner(float(portfolio.npv[k, 0])),
            fmt.number(i.return_per_krone[TOTAL_INDEX], 2),
            break_even_year_words(i.break_even_year[TOTAL_INDEX], i.no_costs(TOTAL_INDEX)),
            "–" if prob is None else fmt.percent(float(prob[TOTAL_INDEX])),
            *((("ja" if k in choice.exact.chosen else "nej"),) if choice else ()),
        ))
    more = len(portfolio.interventions) - MAX_ROWS
    if more > 0:
        rows.append((f"… og {more} indsatser mere (se arket Portefølje)",) + ("",) * (len(headers) - 1))
    return Table(headers, tuple(rows))


def cumulative_table(portfolio: Portfolio) -> Table:
    """What the portfolio report's chart draws: the combined cumulative net per actor and year."""
    cum = portfolio.combined_net().cumsum(axis=1)
    rows = tuple((str(year), *(fmt.kroner(float(cum[a, t])) for a in range(len(ACTORS_WITH_TOTAL))))
                 for t, year in enumerate(portfolio.years.tolist()))
    return Table(("År", *(a.label for a in ACTORS_WITH_TOTAL)), rows)


def budget_table(portfolio: Portfolio, budget_year: int, chosen=None) -> Table:
    """Combined net per actor in the budget year and the three following years, and their sum."""
    period = budget_period(budget_year)
    net = portfolio.combined_net(chosen)
    rows = []
    for y in period:
        t = int(y - portfolio.base_year)
        label = f"{y} ({'budgetår' if y == period[0] else 'overslagsår'})"
        rows.append((label, *(fmt.kroner(float(net[a, t])) if 0 <= t < net.shape[1] else "–"
                              for a in range(len(ACTORS_WITH_TOTAL)))))
    mask = portfolio.year_mask(period)
    rows.append((f"I alt {period[0]}–{period[-1]}", *(fmt.kroner(float(v)) for v in net[:, mask].sum(axis=1))))
    return Table(("År", *(a.label for a in ACTORS_WITH_TOTAL)), tuple(rows))


def summary_paragraphs(portfolio: Portfolio) -> tuple[str, str]:
    n = len(portfolio.interventions)
    total = portfolio.npv.sum(axis=0)
    shares = fmt.and_list(f"{a.definite} {fmt.kroner(float(total[j]))}" for j, a in enumerate(ACTORS))
    first = (f"{n} indsatser har tilsammen en nutidsværdi på {fmt.kroner(float(total[TOTAL_INDEX]))} for den "
             f"offentlige sektor ({portfolio.price_year}-priser, tilbagediskonteret til {portfolio.base_year}): "
             f"{shares}")
    second = ("Tallene er hver indsats' egen SØM-beregning, omregnet til samme prisniveau og lagt sammen år for "
              "år; indsatserne antages ikke at påvirke hinanden.")
    return first, second


def choice_paragraphs(portfolio: Portfolio, choice: Choice | None) -> tuple[str, ...]:
    if choice is None:
        return ("Der er ikke angivet et budget; med --budget vælges det sæt af indsatser, der giver den største "
                "nutidsværdi inden for budgettet.",)
    rule = choice.rule
    actor = ACTORS_WITH_TOTAL[ACTOR_KEYS_TOTAL.index(choice.objective)]
    who = "i alt" if actor.key == TOTAL.key else f"for {actor.definite}"
    exact = (f"Bedste valg (præcist, største nutidsværdi {who}): {_names(portfolio, choice.exact.chosen)}; "
             f"nutidsværdi {fmt.kroner(choice.exact.value)}, nettoudgift i budgetårene "
             f"{fmt.kroner(choice.exact.cost)}")
    if choice.greedy_differs:
        greedy = (f"Efter nutidsværdi pr. budgetkrone (grådig rækkefølge) ville valget blive "
                  f"{_names(portfolio, choice.greedy.chosen)} med nutidsværdi {fmt.kroner(choice.greedy.value)}, "
                  f"dvs. {fmt.kroner(choice.difference)} mindre.")
    else:
        greedy = "Rækkefølgen efter nutidsværdi pr. budgetkrone (grådig) giver det samme valg."
    warning = " ".join(f"Bemærk: {w.message}" for w in choice.warnings)
    return (" ".join(filter(None, (describe_budget(rule.actor, rule.years, rule.amount), warning))), exact, greedy)


def note_paragraphs(portfolio: Portfolio) -> tuple[str, ...]:
    shares = [(k, i.illustrative_share) for k, i in enumerate(portfolio.interventions)
              if i.illustrative_share is not None]
    notes = list(portfolio.notes)
    if any(v > 0 for _, v in shares):
        notes.append("Andel af gevinsterne, der bygger på illustrative tal (projektets eksempeltal, ikke SØM's "
                     "officielle skøn): " + fmt.and_list(f"indsats {k + 1} {fmt.percent(v, 0)}" for k, v in shares)
                     + ".")
    elif shares:
        notes.append("Ingen af gevinsterne bygger på illustrative tal.")
    notes.append("Kun offentlige budgetter: kommune, region og stat. Sandsynlighederne er fra Monte Carlo med "
                 "fast startværdi.")
    return tuple(notes)


def portfolio_document(portfolio: Portfolio, choice: Choice | None = None, budget_year: int | None = None,
                       knowledge: str = "", when: str | None = None) -> Document:
    """The one-page summary of ``portfolio``.

    Parameters
    ----------
    portfolio, choice
        The combined interventions and, with a budget, the exact and greedy choice.
    budget_year : int, optional
        The first of the budget period's four years (default: the choice's first budget
        year, else the portfolio's base year).
    knowledge : str
        The knowledge package used, ``"name version"``, for the provenance line.
    when : str, optional
        The date shown (default: today, ``dd.mm.yyyy``).
    """
    year = budget_year or (choice.rule.years[0] if choice else portfolio.base_year)
    date = when or dt.date.today().strftime("%d.%m.%Y")
    owners = sorted({i.owner for i in portfolio.interventions if i.owner})
    title = f"Prioritering: {len(portfolio.interventions)} indsatser"
    subtitle = " · ".join([*owners[:3], f"{portfolio.price_year}-priser", f"beregnet {date}"])
    sections = (
        Section("kort", "Kort fortalt", summary_paragraphs(portfolio)),
        Section("indsatser", f"Indsatserne (kr., {portfolio.price_year}-priser)",
                table=interventions_table(portfolio, choice)),
        Section("budgetaar", "Samlet nettoresultat i budgetåret og overslagsårene (kr., ikke diskonteret)",
                table=budget_table(portfolio, year)),
        Section("diagram", "Samlet akkumuleret nettoresultat år for år",
                ("Linjer: akkumuleret nettoresultat (ikke diskonteret) for alle indsatser tilsammen, pr. aktør.",),
                chart=True, chart_data=cumulative_table(portfolio)),
        Section("valg", "Valg inden for budgettet", choice_paragraphs(portfolio, choice)),
        Section("bemaerk", "Bemærk", note_paragraphs(portfolio)),
        Section("oprindelse", "Oprindelse", (f"Beregnet {date} med som_xl {__version__}"
                                             + (f" og vidensdatabasen {knowledge}." if knowledge else "."),)),
    )
    return Document(title, subtitle, sections, (title, "", date))
