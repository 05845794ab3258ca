"""One intervention as the portfolio sees it: its own results, at its own price level.

Built from a core :class:`~som_xl.core.Results` plus the facts the portfolio shows
about it (title, owner, price level, knowledge used, the Monte Carlo's odds); the
combination onto one price level and one base year is :mod:`som_xl.portfolio.combine`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som_xl.core import DiscountSchedule, Results


@dataclass(frozen=True)
class Intervention:
    """An intervention's figures at its own price level, discounted to its own start year.

    Arrays have the actor axis (the actors, then their total) first.
    """

    title: str
    owner: str
    start_year: int
    price_year: int
    discount: DiscountSchedule
    years: np.ndarray
    """Calendar years of its horizon, shape (T,)."""
    costs: np.ndarray
    """Costs per actor and year, shape (A + 1, T)."""
    gains: np.ndarray
    """Gains per actor and year, shape (A + 1, T)."""
    npv: np.ndarray
    """NPV per actor, shape (A + 1,)."""
    pv_costs: np.ndarray
    """Present value of the costs per actor, shape (A + 1,)."""
    return_per_krone: tuple[float | None, ...]
    break_even_year: tuple[int | None, ...]
    break_even_success_rate: tuple[float | None, ...]
    knowledge: str = ""
    """The knowledge package used, ``"name version"``."""
    recorded_knowledge: str = ""
    """The knowledge the case was last computed with (its provenance), if it says."""
    probability_positive: np.ndarray | None = None
    """Share of Monte Carlo draws with NPV ≥ 0 per actor, shape (A + 1,); None if not drawn."""
    sourcing: str = ""
    """What the gains rest on, as the case's outputs say it ("100 % af gevinsterne bygger på
    illustrative tal (…)")."""
    illustrative_share: float | None = None
    """Share of the gains (present value) resting on at least one illustrative figure."""
    no_net_costs: tuple[bool, ...] = ()
    """Per actor: no net costs, so nothing to pay back (a ``None`` break-even year then says
    "ingen omkostninger", not "ikke i horisonten"); empty when not known."""

    def no_costs(self, a: int) -> bool:
        """Whether actor ``a`` (an index on the actor axis) has no net costs to pay back."""
        return bool(self.no_net_costs[a]) if a < len(self.no_net_costs) else False

    @classmethod
    def from_results(cls, results: Results, *, title: str, price_year: int, owner: str = "",
                     knowledge: str = "", recorded_knowledge: str = "",
                     probability_positive: np.ndarray | None = None, sourcing: str = "",
                     illustrative_share: float | None = None) -> Intervention:
        """The portfolio's view of one calculation."""
        case = results.parts.case
        return cls(title=title, owner=owner, start_year=case.start_year, price_year=price_year,
                   discount=case.discount, years=results.years, costs=results.costs, gains=results.gains,
                   npv=results.npv, pv_costs=results.pv_costs, return_per_krone=results.return_per_krone,
                   break_even_year=results.break_even_year,
                   break_even_success_rate=results.break_even_success_rate, knowledge=knowledge,
                   recorded_knowledge=recorded_knowledge, probability_positive=probability_positive,
                   sourcing=sourcing, illustrative_share=illustrative_share,
                   no_net_costs=tuple(bool(v) for v in results.no_net_costs))
