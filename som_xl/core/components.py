"""The r-independent pieces of one calculation (:func:`som_xl.core.engine.components`).

Gains are linear in the success rate r, so everything is computed once at r = 1 and
scaled (:func:`som_xl.core.results.summarise`); sensitivity and Monte Carlo reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(c.item for c in self.case.consequences)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(c.area for c in self.case.consequences)

    @property
    def participants(self) -> float:
        return float(self.case.arrays.cohort_n.sum())
