"""The r-independent pieces of one calculation (:func:`som_xl.core.engine.components`).

Gains are linear in the success rate r, so everything is computed once at r = 1 and
scaled (:func:`som_xl.core.results.summarise`); sensitivity and Monte Carlo reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from som_xl.core.discount import DiscountSchedule
from som_xl.core.types import CaseInput


@dataclass  # not frozen: built once per calculation on the hot path, never mutated
class Components:
    """The r-independent pieces of one case (arrays over the horizon's calendar years).

    Actor axes of length A + 1 are the actors then their total
    (:data:`~som_xl.core.entities.ACTORS_WITH_TOTAL`).
    """

    years: np.ndarray
    """Calendar years, shape (T,)."""
    discount_factors: np.ndarray
    """f_t, shape (T,)."""
    cost_by_line: np.ndarray
    """Each cost line's cost per year, shape (L, T); positive = expenditure."""
    cost_payer: np.ndarray
    """Payer index (into the actor axis) of each cost line, shape (L,)."""
    costs: np.ndarray
    """Costs per actor and year, shape (A + 1, T)."""
    pv_costs: np.ndarray
    """Present value of the costs per actor, shape (A + 1,)."""
    quantity1: np.ndarray
    """Change in quantity of each consequence line at success rate 1, shape (K, T)."""
    unit_prices: np.ndarray
    """Unit price per consequence line and actor, shape (K, A) (the price before any change)."""
    prices_by_year: np.ndarray | None
    """Unit price per line, actor and year, shape (K, A, T), when a line's price changes
    within the horizon; else None."""
    gains1: np.ndarray
    """Gains per actor at success rate 1, shape (A + 1, T)."""
    pv_gains1: np.ndarray
    """Present value of the gains at success rate 1 per actor, shape (A + 1,)."""
    finishers: np.ndarray
    """Participants reaching their success year, per year, shape (T,)."""
    in_programme: np.ndarray
    """Participants in programme per year, shape (T,)."""
    case: CaseInput
    quantity0: np.ndarray | None = None
    """Change in quantity from the cohorts' observed successes, shape (K, T); None if none."""
    gains0: np.ndarray | None = None
    """Gains per actor from observed successes (independent of r), shape (A + 1, T); or None."""
    pv_gains0: np.ndarray | None = None
    """Present value of ``gains0`` per actor, shape (A + 1,); or None."""

    def _by_item(self, quantity: np.ndarray) -> np.ndarray:
        if self.prices_by_year is not None:
            return -quantity[:, None, :] * self.prices_by_year
        return -quantity[:, None, :] * self.unit_prices[:, :, None]

    @property
    def gains1_by_item(self) -> np.ndarray:
        """Gains per consequence line and actor at success rate 1, shape (K, A, T)."""
        return self._by_item(self.quantity1)

    @property
    def gains0_by_item(self) -> np.ndarray | None:
        """Gains per consequence line and actor from observed successes, (K, A, T); or None."""
        return None if self.quantity0 is None else self._by_item(self.quantity0)

    def scaled(self, costs: float = 1.0, prices: float = 1.0) -> Components:
        """These components with every cost line's amount × ``costs`` and every unit price
        (price changes included) × ``prices``, without a new calculation: costs are linear
        in the amounts and gains in the prices. Equal to the components of the scaled input
        up to float rounding (a product taken in another order); ``case`` stays the input
        they were computed from.
        """
        def times(a: np.ndarray | None, f: float) -> np.ndarray | None:
            return None if a is None else a * f

        return replace(
            self, cost_by_line=self.cost_by_line * costs, costs=self.costs * costs, pv_costs=self.pv_costs * costs,
            unit_prices=self.unit_prices * prices, prices_by_year=times(self.prices_by_year, prices),
            gains1=self.gains1 * prices, pv_gains1=self.pv_gains1 * prices,
            gains0=times(self.gains0, prices), pv_gains0=times(self.pv_gains0, prices))

    def discounted(self, schedule: DiscountSchedule) -> Components:
        """These components discounted with ``schedule`` instead: only the factors and the
        present values change, computed as a calculation computes them (the same numbers
        as the components of the input with that schedule); ``case`` stays as it was."""
        f = schedule.factors(self.years.size)
        return replace(self, discount_factors=f, pv_costs=self.costs @ f, pv_gains1=self.gains1 @ f,
                       pv_gains0=None if self.gains0 is None else self.gains0 @ f)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(c.item for c in self.case.consequences)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(c.area for c in self.case.consequences)

    @property
    def participants(self) -> float:
        return float(self.case.arrays.cohort_n.sum())
