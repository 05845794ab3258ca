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
    parts.append(f"Indsatsen er betalt tilbage i {year}." if year else
                 "Indsatsen er ikke betalt tilbage inden for tidshorisonten.")
    return " ".join(parts)


def status_line(comp: Computation) -> str:
    from som_xl import __version__

    k = comp.knowledge
    return (f"Beregnet {comp.computed_at.replace('T', ' ').replace('+00:00', ' UTC')} med som_xl {__version__} "
            f"og viden {k.name} {k.version}.")
