"""Typed results of a SØM calculation, and the summary figures derived from flows.

Every array has the actor axis first, ordered as
:data:`~som_xl.core.entities.ACTOR_KEYS_TOTAL` (kommune, region, stat, total), then
calendar years. Gains are positive when public
net expenditure falls; net = gains − costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from som_xl.core.components import Components
from som_xl.core.entities import ACTOR_KEYS_TOTAL

# Cumulative discounted nets within this many kroner of zero count as zero, so float
# noise does not move the break-even year.
_KRONE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Results:
    """The outcome of one calculation. Arrays: (actors + total, T years) unless stated."""

    parts: Components
    success_rate: float
    costs: np.ndarray
    gains: np.ndarray
    net: np.ndarray
    cumulative_discounted_net: np.ndarray
    pv_costs: np.ndarray
    """Present value of costs per actor, shape (A + 1,)."""
    pv_gains: np.ndarray
    npv: np.ndarray
    """Nutidsværdi of the net result per actor, shape (A + 1,)."""
    break_even_year: tuple[int | None, ...]
    """First year from which the cumulative discounted net stays ≥ 0; None if it ends < 0."""
    return_per_krone: tuple[float | None, ...]
    """PV gains / PV costs; None without (positive) costs."""
    break_even_success_rate: tuple[float | None, ...]
    """PV costs / PV gains at r = 1; None if those gains are ≤ 0."""

    actors: tuple[str, ...] = ACTOR_KEYS_TOTAL

    @property
    def years(self) -> np.ndarray:
        return self.parts.years

    @property
    def discount_factors(self) -> np.ndarray:
        return self.parts.discount_factors

    @property
    def participants(self) -> float:
        return self.parts.participants

    @property
    def items(self) -> tuple[str, ...]:
        return self.parts.items

    @property
    def item_areas(self) -> tuple[str, ...]:
        return self.parts.areas

    @cached_property
    def cumulative_net(self) -> np.ndarray:
        return np.cumsum(self.net, axis=1)

    @property
    def pv_gains_at_full_success(self) -> np.ndarray:
        """PV of the gains at r = 1 of the cohorts the rate applies to (all, in a plan)."""
        return self.parts.pv_gains1

    @property
    def pv_gains_fixed(self) -> np.ndarray:
        """PV of the gains from observed successes (zeros in a plan), shape (A + 1,)."""
        return np.zeros(len(self.actors)) if self.parts.pv_gains0 is None else self.parts.pv_gains0

    @cached_property
    def gains_by_item(self) -> np.ndarray:
        """Gains per item, actor (A + 1) and year, shape (K, A + 1, T)."""
        g3 = self.parts.gains1_by_item * self.success_rate
        g0 = self.parts.gains0_by_item
        if g0 is not None:
            g3 = g3 + g0
        return np.concatenate([g3, g3.sum(axis=1, keepdims=True)], axis=1)

    @property
    def pv_gains_by_item(self) -> np.ndarray:
        """Present value of gains per item and actor, shape (K, A + 1)."""
        return self.gains_by_item @ self.discount_factors

    @property
    def npv_per_participant(self) -> np.ndarray:
        """NPV per actor divided by all participants (not only the successes)."""
        return self.npv / self.participants if self.participants else np.full(len(self.actors), np.nan)

    def gains_by_area(self) -> dict[str, np.ndarray]:
        """Gains per area (område) → array (A + 1, T), areas in first-seen order."""
        out: dict[str, np.ndarray] = {}
        for area, g in zip(self.item_areas, self.gains_by_item, strict=True):
            out[area] = out[area] + g if area in out else g.copy()
        return out

    def year_rows(self) -> list[dict[str, object]]:
        """Long table: one row per year and actor, as the ``--json`` output has it."""
        cols = {
            "costs": self.costs.tolist(), "gains": self.gains.tolist(), "net": self.net.tolist(),
            "cumulative_net": self.cumulative_net.tolist(),
            "cumulative_discounted_net": self.cumulative_discounted_net.tolist(),
        }
        return [
            {"year": year, "actor": actor, **{k: v[a][t] for k, v in cols.items()}}
            for t, year in enumerate(self.years.tolist())
            for a, actor in enumerate(self.actors)
        ]


def break_even_years(years: np.ndarray, cdn: np.ndarray) -> list[int | None]:
    """Per row of ``cdn`` (n, T): the first year from which it stays ≥ 0 to the end."""
    first = int(years[0])
    out: list[int | None] = []
    for row in cdn.tolist():
        t = len(row)
        while t and row[t - 1] >= -_KRONE_TOLERANCE:
            t -= 1
        out.append(first + t if t < len(row) else None)
    return out


def summarise(parts: Components, success_rate: float) -> Results:
    """Build :class:`Results` from the r-independent components at ``success_rate``.

    With observed successes (``parts.gains0``) the gains are G0 + r · G1, and the
    break-even success rate is the rate the other cohorts need: (C − G0) / G1.
    """
    gains = parts.gains1 * success_rate
    pv_gains = parts.pv_gains1 * success_rate
    c_needed = parts.pv_costs
    if parts.gains0 is not None and parts.pv_gains0 is not None:
        gains = gains + parts.gains0
        pv_gains = pv_gains + parts.pv_gains0
        c_needed = parts.pv_costs - parts.pv_gains0
    net = gains - parts.costs
    cdn = np.cumsum(net * parts.discount_factors, axis=1)
    c, g1, g, need = (parts.pv_costs.tolist(), parts.pv_gains1.tolist(), pv_gains.tolist(),
                      c_needed.tolist())
    return Results(
        parts=parts,
        success_rate=success_rate,
        costs=parts.costs,
        gains=gains,
        net=net,
        cumulative_discounted_net=cdn,
        pv_costs=parts.pv_costs,
        pv_gains=pv_gains,
        npv=pv_gains - parts.pv_costs,
        break_even_year=tuple(break_even_years(parts.years, cdn)),
        return_per_krone=tuple(
            None if c[a] <= _KRONE_TOLERANCE else g[a] / c[a] for a in range(len(c))),
        break_even_success_rate=tuple(
            None if g1[a] <= _KRONE_TOLERANCE else need[a] / g1[a] for a in range(len(c))),
    )
