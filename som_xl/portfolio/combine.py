"""Several interventions on one price level and one time axis (pure).

* **Price level.** Every amount of intervention i is multiplied by
  φ_i = I(P) / I(p_i), p_i its price level, P the portfolio's (by default the latest p_i),
  I the net price index (the caller passes the index as a function).
* **Years.** The combined years run from the first start year (the base year) to the
  last horizon year; an intervention contributes 0 outside its own horizon.
* **NPV.** Intervention i's NPV is the present value at its own start year s_i; in the
  portfolio it is moved to the base year b with its own discount schedule:
  NPV_i^b = φ_i · f_i(s_i − b) · NPV_i, f_i the factor of year index s_i − b. With one
  intervention (or all on the same price level and start year) nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from som_xl import fmt
from som_xl.core import ACTOR_KEYS_TOTAL, ACTORS_WITH_TOTAL, TOTAL
from som_xl.portfolio.model import Intervention

BUDGET_PERIOD_YEARS = 4
"""The budget year and the three budget-estimate years that follow it (budgetoverslagsår)."""


@dataclass(frozen=True)
class Portfolio:
    """Interventions on one price level and one time axis. Arrays: (n, 4 actors, Y years)."""

    interventions: tuple[Intervention, ...]
    price_year: int
    price_factors: np.ndarray
    """φ_i, shape (n,)."""
    base_year: int
    base_factors: np.ndarray
    """f_i(s_i − b): the discount from each start year to the base year, shape (n,)."""
    years: np.ndarray
    costs: np.ndarray
    gains: np.ndarray
    npv: np.ndarray
    """NPV per intervention and actor at the portfolio's price level and base year, (n, A + 1)."""
    pv_costs: np.ndarray
    """PV of the costs per intervention and actor, on the same footing as ``npv``, (n, A + 1)."""
    notes: tuple[str, ...]
    """Danish notes: different price levels, start years, discount rates or knowledge."""

    @property
    def net(self) -> np.ndarray:
        return self.gains - self.costs

    def combined_net(self, chosen: Sequence[int] | None = None) -> np.ndarray:
        """Net per actor and year of the chosen interventions (all by default), (A + 1, Y)."""
        idx = list(range(len(self.interventions))) if chosen is None else list(chosen)
        return self.net[idx].sum(axis=0)

    def year_mask(self, years: Sequence[int]) -> np.ndarray:
        return np.isin(self.years, list(years))

    def budget_net_cost(self, actor: str, years: Sequence[int]) -> np.ndarray:
        """Per intervention: ``actor``'s costs minus gains, undiscounted, summed over ``years``."""
        a = ACTOR_KEYS_TOTAL.index(actor)
        return -self.net[:, a, self.year_mask(years)].sum(axis=1)

    def year_rows(self, chosen: Sequence[int] | None = None) -> list[dict[str, object]]:
        """``[{"year", "actor", "net", "cumulative_net"}]`` of the combined net."""
        net = self.combined_net(chosen)
        cum = np.cumsum(net, axis=1)
        return [{"year": int(y), "actor": actor, "net": float(net[a, t]), "cumulative_net": float(cum[a, t])}
                for t, y in enumerate(self.years.tolist()) for a, actor in enumerate(ACTOR_KEYS_TOTAL)]


def budget_period(budget_year: int) -> tuple[int, ...]:
    """The budget year and the three following years."""
    return tuple(range(budget_year, budget_year + BUDGET_PERIOD_YEARS))


def combine(interventions: Sequence[Intervention], price_factor: Callable[[int, int], float],
            price_year: int | None = None) -> Portfolio:
    """Put ``interventions`` on one price level and one time axis.

    Parameters
    ----------
    interventions : sequence of Intervention
        At least one.
    price_factor : callable (from_year, to_year) -> float
        I(to) / I(from) of the net price index (e.g. ``Knowledge.index_factor``).
    price_year : int, optional
        The portfolio's price level; default the latest of the interventions'.
    """
    items = tuple(interventions)
    if not items:
        raise ValueError("a portfolio needs at least one intervention")
    P = max(i.price_year for i in items) if price_year is None else int(price_year)
    phi = np.array([1.0 if i.price_year == P else float(price_factor(i.price_year, P)) for i in items])
    base = min(i.start_year for i in items)
    shift = np.array([i.discount.factors(i.start_year - base + 1)[i.start_year - base] for i in items])
    years = np.arange(base, max(int(i.years[-1]) for i in items) + 1)
    costs = np.zeros((len(items), len(ACTOR_KEYS_TOTAL), years.size))
    gains = np.zeros_like(costs)
    for k, i in enumerate(items):
        cols = i.years - base
        costs[k][:, cols] = i.costs * phi[k]
        gains[k][:, cols] = i.gains * phi[k]
    npv = np.stack([i.npv * (phi[k] * shift[k]) for k, i in enumerate(items)])
    pv_costs = np.stack([i.pv_costs * (phi[k] * shift[k]) for k, i in enumerate(items)])
    return Portfolio(items, P, phi, base, shift, years, costs, gains, npv, pv_costs, _notes(items, P, base))


def _notes(items: tuple[Intervention, ...], P: int, base: int) -> tuple[str, ...]:
    notes = []
    price_years = sorted({i.price_year for i in items})
    if len(price_years) > 1:
        notes.append(f"Indsatserne har forskellige prisniveauer ({', '.join(map(str, price_years))}); alle beløb "
                     f"er omregnet til {P}-priser med nettoprisindekset.")
    starts = sorted({i.start_year for i in items})
    if len(starts) > 1:
        notes.append(f"Indsatserne starter i forskellige år ({', '.join(map(str, starts))}); nutidsværdierne er "
                     f"diskonteret til {base}, det første startår, med hver indsats' egen diskonteringsrente.")
    schedules = sorted({i.discount.name or "uden navn" for i in items})
    if len(schedules) > 1:
        notes.append(f"Indsatserne bruger forskellige diskonteringsrenter ({', '.join(schedules)}); "
                     "nutidsværdierne er ikke helt sammenlignelige.")
    used = sorted({i.knowledge for i in items if i.knowledge})
    if len(used) > 1:
        notes.append(f"Indsatserne er beregnet med forskellige versioner af vidensdatabasen ({', '.join(used)}).")
    for i in items:
        if i.recorded_knowledge and i.knowledge and i.recorded_knowledge != i.knowledge:
            notes.append(f"«{i.title}» blev sidst beregnet med vidensdatabasen {i.recorded_knowledge}; her er "
                         f"den genberegnet med {i.knowledge}.")
    return tuple(notes)


def describe_budget(actor: str, years: Sequence[int], budget: float) -> str:
    """The budget rule as one Danish sentence (ending in "kr."), for the CLI and the summary."""
    who = "det offentliges" if actor == TOTAL.key else f"{ACTORS_WITH_TOTAL[ACTOR_KEYS_TOTAL.index(actor)].definite}s"
    span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
    return (f"Budget: {who} nettoudgift (omkostninger minus gevinster, ikke diskonteret) i {span} må højst "
            f"være {fmt.kroner(budget)}")
