"""Typed results of a SØM calculation, and the summary figures derived from flows.

Every array has the actor axis first, ordered as :data:`ACTORS_TOTAL`
(kommune, region, stat, total), then calendar years. Gains are positive when public
net expenditure falls; net = gains − costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som_xl.core.types import ACTORS_TOTAL

# Cumulative discounted nets within this many kroner of zero count as zero, so float
# noise does not move the break-even year.
_KRONE_TOLERANCE = 1e-6


def _with_total(a3: np.ndarray) -> np.ndarray:
    """Append the total over actors (axis −2 has the three actors)."""
    return np.concatenate([a3, a3.sum(axis=-2, keepdims=True)], axis=-2)


@dataclass(frozen=True)
class Results:
    """The outcome of one calculation. Arrays: (4 actors, T years) unless stated."""

    years: np.ndarray
    discount_factors: np.ndarray
    success_rate: float
    participants: float
    costs: np.ndarray
    gains: np.ndarray
    net: np.ndarray
    cumulative_net: np.ndarray
    discounted_net: np.ndarray
    cumulative_discounted_net: np.ndarray
    items: tuple[str, ...]
    item_areas: tuple[str, ...]
    gains_by_item: np.ndarray
    """Shape (K items, 4 actors, T)."""
    pv_costs: np.ndarray
    """Present value of costs per actor, shape (4,)."""
    pv_gains: np.ndarray
    pv_gains_at_full_success: np.ndarray
    """Present value of gains at success rate 1, shape (4,)."""
    npv: np.ndarray
    """Nutidsværdi of the net result per actor, shape (4,)."""
    break_even_year: tuple[int | None, ...]
    return_per_krone: tuple[float | None, ...]
    break_even_success_rate: tuple[float | None, ...]

    actors: tuple[str, ...] = ACTORS_TOTAL

    def by_actor(self, values) -> dict[str, object]:
        """``{"kommune": …, "region": …, "stat": …, "total": …}`` of a per-actor sequence."""
        return {a: (v.item() if isinstance(v, np.generic) else v) for a, v in zip(self.actors, values)}

    @property
    def npv_per_participant(self) -> np.ndarray:
        return self.npv / self.participants if self.participants else np.full(4, np.nan)

    @property
    def pv_gains_by_item(self) -> np.ndarray:
        """Present value of gains per item and actor, shape (K, 4)."""
        return self.gains_by_item @ self.discount_factors

    def gains_by_area(self) -> dict[str, np.ndarray]:
        """Gains per area (område) → array (4, T), areas in first-seen order."""
        out: dict[str, np.ndarray] = {}
        for area, g in zip(self.item_areas, self.gains_by_item):
            out[area] = out.get(area, 0) + g
        return out

    def year_rows(self) -> list[dict[str, object]]:
        """Long table: one row per year and actor, as the ``--json`` output has it."""
        rows = []
        for t, year in enumerate(self.years.tolist()):
            for a, actor in enumerate(self.actors):
                rows.append({
                    "year": year,
                    "actor": actor,
                    "costs": float(self.costs[a, t]),
                    "gains": float(self.gains[a, t]),
                    "net": float(self.net[a, t]),
                    "cumulative_net": float(self.cumulative_net[a, t]),
                    "cumulative_discounted_net": float(self.cumulative_discounted_net[a, t]),
                })
        return rows


def _break_even_year(years: np.ndarray, cdn: np.ndarray) -> int | None:
    """First year from which cumulative discounted net stays ≥ 0 to the horizon's end."""
    negative = np.flatnonzero(cdn < -_KRONE_TOLERANCE)
    if negative.size == 0:
        return int(years[0])
    last = int(negative[-1])
    return None if last == years.size - 1 else int(years[last + 1])


def _ratio(num: float, den: float) -> float | None:
    return None if den <= _KRONE_TOLERANCE else float(num / den)


def summarise(
    *,
    years: np.ndarray,
    discount_factors: np.ndarray,
    costs3: np.ndarray,
    gains1_by_item: np.ndarray,
    success_rate: float,
    items: tuple[str, ...],
    areas: tuple[str, ...],
    participants: float,
) -> Results:
    """Build :class:`Results` from costs per actor and gains per item at r = 1."""
    gains_by_item = _with_total(gains1_by_item * success_rate)
    gains1 = _with_total(gains1_by_item.sum(axis=0)) if gains1_by_item.size else np.zeros((4, years.size))
    gains = gains_by_item.sum(axis=0) if gains_by_item.size else np.zeros((4, years.size))
    costs = _with_total(costs3)
    net = gains - costs
    discounted = net * discount_factors
    cdn = np.cumsum(discounted, axis=1)
    pv_costs = costs @ discount_factors
    pv_gains = gains @ discount_factors
    pv_gains1 = gains1 @ discount_factors
    npv = pv_gains - pv_costs
    return Results(
        years=years,
        discount_factors=discount_factors,
        success_rate=success_rate,
        participants=participants,
        costs=costs,
        gains=gains,
        net=net,
        cumulative_net=np.cumsum(net, axis=1),
        discounted_net=discounted,
        cumulative_discounted_net=cdn,
        items=items,
        item_areas=areas,
        gains_by_item=gains_by_item,
        pv_costs=pv_costs,
        pv_gains=pv_gains,
        pv_gains_at_full_success=pv_gains1,
        npv=npv,
        break_even_year=tuple(_break_even_year(years, cdn[a]) for a in range(4)),
        return_per_krone=tuple(_ratio(pv_gains[a], pv_costs[a]) for a in range(4)),
        break_even_success_rate=tuple(
            None if pv_gains1[a] <= _KRONE_TOLERANCE else float(pv_costs[a] / pv_gains1[a])
            for a in range(4)
        ),
    )
