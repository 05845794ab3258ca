"""Plain-Danish sentences about a computation (headline, status), shared by the CLI,
the workbook and the decision report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from som_xl import __version__, fmt
from som_xl.core.entities import ACTOR_KEYS_TOTAL, ACTORS, TOTAL_INDEX

if TYPE_CHECKING:
    from som_xl.case.compute import Computation


def headline(comp: Computation) -> str:
    """``"Indsatsen giver et samlet nettoresultat på 2,8 mio. kr. over 10 år. Kommunen får …"``."""
    r = comp.results
    n = r.years.size
    total = r.npv[TOTAL_INDEX]

    def amount(v: float) -> str:
        return fmt.millions(v) if abs(v) >= 1e6 else fmt.kroner(round(v, -3) if abs(v) >= 1e4 else v)

    parts = [f"Indsatsen giver et samlet nettoresultat på {amount(total)} over {n} år "
             f"(nutidsværdi, {comp.case.settings.price_year}-priser)."]
    shares = fmt.and_list(f"{a.definite} {amount(v)}" for a, v in zip(ACTORS, r.npv, strict=False))
    first = ACTORS[0].definite
    parts.append((first.capitalize() + " får" + shares[len(first):]).rstrip(".") + ".")
    year = r.break_even_year[TOTAL_INDEX]
    parts.append("Indsatsen har ingen nettoomkostninger for den offentlige sektor." if r.no_net_costs[TOTAL_INDEX]
                 else f"Indsatsen er betalt tilbage i {year}." if year else
                 "Indsatsen er ikke betalt tilbage inden for tidshorisonten.")
    return " ".join(parts)


NO_COSTS = "ingen omkostninger"
"""The break-even year of an actor with no net costs (nothing to pay back)."""
NOT_IN_HORIZON = "ikke i horisonten"
"""The break-even year of an actor whose cumulative discounted net ends below 0."""
WHATEVER_RATE = "uanset succesrate"
"""The break-even success rate of an actor with no net costs and gains."""
NO_GAINS = "ingen gevinster"
"""The break-even success rate of an actor without gains (or with losses) at full success."""


def break_even_year_words(year: int | None, no_net_costs: bool) -> str:
    """A break-even year as every output shows it: ``"2031"``, ``"ingen omkostninger"`` (an
    actor with no net costs has nothing to pay back) or ``"ikke i horisonten"``.

    >>> break_even_year_words(2031, False), break_even_year_words(None, True), break_even_year_words(None, False)
    ('2031', 'ingen omkostninger', 'ikke i horisonten')
    """
    if year is not None:
        return str(year)
    return NO_COSTS if no_net_costs else NOT_IN_HORIZON


def recorded_break_even_year(year: object, reason: object) -> str:
    """A break-even year kept in a shared record's key figures, with the reason kept beside it
    (``break_even_year_reason``); ``"–"`` for a record shared before the reason was kept,
    where the two cases cannot be told apart.

    >>> recorded_break_even_year(2028, None), recorded_break_even_year(None, "ingen omkostninger")
    ('2028', 'ingen omkostninger')
    >>> recorded_break_even_year(None, None)
    '–'
    """
    if isinstance(year, int) and not isinstance(year, bool):
        return str(year)
    return reason if reason in (NO_COSTS, NOT_IN_HORIZON) else "–"


def break_even_year_reasons(years, no_net_costs) -> dict[str, str | None]:
    """Per actor key (and ``total``): why the break-even year is ``None`` (``null`` in JSON),
    in the words of :func:`break_even_year_words`; ``None`` where there is a year."""
    return {key: None if y is not None else break_even_year_words(None, bool(no))
            for key, y, no in zip(ACTOR_KEYS_TOTAL, years, no_net_costs, strict=True)}


def break_even_year_reason(results, a: int) -> str | None:
    """Why actor ``a`` has no break-even year (None when it has one)."""
    if results.break_even_year[a] is not None:
        return None
    return break_even_year_words(None, bool(results.no_net_costs[a]))


def break_even_rate_reason(results, a: int) -> str | None:
    """Why actor ``a`` has no break-even success rate (None when it has one)."""
    if results.break_even_success_rate[a] is not None:
        return None
    return WHATEVER_RATE if results.no_net_costs[a] and results.pv_gains_at_full_success[a] > 0 else NO_GAINS


def break_even_year_text(results, a: int) -> str:
    """The break-even year of actor ``a`` as every output shows it: ``"2031"``, ``"ingen
    omkostninger"`` or ``"ikke i horisonten"``."""
    return break_even_year_words(results.break_even_year[a], bool(results.no_net_costs[a]))


def break_even_rate_text(results, a: int) -> str:
    """The break-even success rate of actor ``a`` as every output shows it: ``"45,4 %"``,
    ``"uanset succesrate"`` or ``"–"`` (no gains)."""
    rate = results.break_even_success_rate[a]
    if rate is not None:
        return fmt.percent(rate)
    return WHATEVER_RATE if break_even_rate_reason(results, a) == WHATEVER_RATE else "–"


def status_line(comp: Computation) -> str:
    k = comp.knowledge
    return (f"Beregnet {comp.computed_at.replace('T', ' ').replace('+00:00', ' UTC')} med som_xl {__version__} "
            f"og viden {k.name} {k.version}.")
