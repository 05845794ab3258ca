"""Plain-Danish sentences about a computation (headline, status), shared by the CLI,
the workbook and the decision report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from som_xl import fmt
from som_xl.core.entities import ACTORS, TOTAL_INDEX

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


def break_even_year_reason(results, a: int) -> str | None:
    """Why actor ``a`` has no break-even year (None when it has one)."""
    if results.break_even_year[a] is not None:
        return None
    return NO_COSTS if results.no_net_costs[a] else NOT_IN_HORIZON


def break_even_rate_reason(results, a: int) -> str | None:
    """Why actor ``a`` has no break-even success rate (None when it has one)."""
    if results.break_even_success_rate[a] is not None:
        return None
    return WHATEVER_RATE if results.no_net_costs[a] and results.pv_gains_at_full_success[a] > 0 else NO_GAINS


def break_even_year_text(results, a: int) -> str:
    """The break-even year of actor ``a`` as every output shows it: ``"2031"``, ``"ingen
    omkostninger"`` or ``"ikke i horisonten"``."""
    year = results.break_even_year[a]
    return str(year) if year is not None else break_even_year_reason(results, a) or NOT_IN_HORIZON


def break_even_rate_text(results, a: int) -> str:
    """The break-even success rate of actor ``a`` as every output shows it: ``"45,4 %"``,
    ``"uanset succesrate"`` or ``"–"`` (no gains)."""
    rate = results.break_even_success_rate[a]
    if rate is not None:
        return fmt.percent(rate)
    return WHATEVER_RATE if break_even_rate_reason(results, a) == WHATEVER_RATE else "–"


def status_line(comp: Computation) -> str:
    from som_xl import __version__

    k = comp.knowledge
    return (f"Beregnet {comp.computed_at.replace('T', ' ').replace('+00:00', ' UTC')} med som_xl {__version__} "
            f"og viden {k.name} {k.version}.")
