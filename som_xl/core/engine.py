"""The SØM calculation, vectorised with numpy.

Formulas (``shared/docs/som-method.md``, "Calculation"): cohort c starts in y_c with
n_c participants; with programme duration D its success year is s_c = y_c + D − 1 and
its successes S_c = n_c · r. The gain of actor a in year t is
``G[a,t] = −Σ_c Σ_k S_c · q_k[t − s_c] · p[k,a]``. Costs per participant-year count
the participants in programme (y_c ≤ t < y_c + D); once-per-participant costs fall in
the cohort's start year; total costs in their year. ``Net = G − Cost``.

Gains are linear in r, so :func:`components` computes everything at r = 1 once and
:func:`results_from` scales it; sensitivity and Monte Carlo reuse the same pieces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som_xl.core.results import Results, summarise
from som_xl.core.types import ACTORS, CaseInput, CostBasis


@dataclass(frozen=True)
class Components:
    """The r-independent pieces of one case (arrays over calendar years of the horizon)."""

    years: np.ndarray
    """Calendar years, shape (T,)."""
    discount_factors: np.ndarray
    """f_t, shape (T,)."""
    cost_by_line: np.ndarray
    """Each cost line's cost per year, shape (L, T); positive = expenditure."""
    cost_payer: np.ndarray
    """Payer index (into ACTORS) of each cost line, shape (L,)."""
    gains1_by_item: np.ndarray
    """Gains per consequence line and actor at success rate 1, shape (K, 3, T)."""
    finishers: np.ndarray
    """Participants finishing (reaching their success year) per year, shape (T,)."""
    in_programme: np.ndarray
    """Participants in programme per year, shape (T,)."""

    @property
    def costs(self) -> np.ndarray:
        """Costs per actor and year, shape (3, T)."""
        out = np.zeros((len(ACTORS), self.years.size))
        np.add.at(out, self.cost_payer, self.cost_by_line)
        return out


def _cohort_arrays(case: CaseInput) -> tuple[np.ndarray, np.ndarray]:
    start = np.array([c.year for c in case.cohorts], dtype=np.int64) - case.start_year
    n = np.array([c.participants for c in case.cohorts], dtype=float)
    return start, n


def _per_year(index: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Sum ``weights`` into bins ``index`` (0 … size−1); indices outside are dropped."""
    inside = (index >= 0) & (index < size)
    return np.bincount(index[inside], weights=weights[inside], minlength=size).astype(float)


def components(case: CaseInput) -> Components:
    """Compute the r-independent pieces of ``case`` (costs, gains at r = 1, factors)."""
    T = case.horizon_years
    D = case.duration_years
    years = np.arange(case.start_year, case.start_year + T)
    start, n = _cohort_arrays(case)

    # Participants in programme: +n at the start year, −n at start + D (a difference array).
    delta = _per_year(start, n, T + 1)[:T] - _per_year(start + D, n, T + 1)[:T]
    in_programme = np.cumsum(delta)
    starts = _per_year(start, n, T)
    finishers = _per_year(start + D - 1, n, T)

    # Cost lines → (L, T).
    L = len(case.costs)
    cost_by_line = np.zeros((L, T))
    for i, line in enumerate(case.costs):
        if line.basis is CostBasis.PER_PARTICIPANT_YEAR:
            cost_by_line[i] = line.amount * in_programme
        elif line.basis is CostBasis.PER_PARTICIPANT_ONCE:
            cost_by_line[i] = line.amount * starts
        else:
            idx = (line.year or case.start_year) - case.start_year
            if 0 <= idx < T:
                cost_by_line[i, idx] = line.amount
    cost_payer = np.array([ACTORS.index(c.payer) for c in case.costs], dtype=np.int64)

    # Consequences: Q1[k, t] = Σ_τ finishers[t − τ] · q_k[τ], as one matrix product with a
    # lag matrix lag[τ, t] = finishers[t − τ] (zero for t < τ).
    K = len(case.consequences)
    width = min(T, max((len(c.per_success_by_year) for c in case.consequences), default=0))
    q = np.zeros((K, width))
    for k, line in enumerate(case.consequences):
        profile = line.per_success_by_year[:width]
        q[k, : len(profile)] = profile
    tau = np.arange(width)[:, None]
    t = np.arange(T)[None, :]
    lag = np.where(t >= tau, finishers[np.clip(t - tau, 0, None)], 0.0)
    quantity1 = q @ lag  # (K, T)
    prices = np.array([c.unit_price for c in case.consequences], dtype=float).reshape(K, len(ACTORS))
    gains1_by_item = -quantity1[:, None, :] * prices[:, :, None]

    return Components(
        years=years,
        discount_factors=case.discount.factors(T),
        cost_by_line=cost_by_line,
        cost_payer=cost_payer,
        gains1_by_item=gains1_by_item,
        finishers=finishers,
        in_programme=in_programme,
    )


def results_from(
    case: CaseInput,
    parts: Components,
    success_rate: float | None = None,
) -> Results:
    """Results of ``case`` from its components at ``success_rate`` (default: the case's)."""
    r = case.success_rate if success_rate is None else float(success_rate)
    return summarise(
        years=parts.years,
        discount_factors=parts.discount_factors,
        costs3=parts.costs,
        gains1_by_item=parts.gains1_by_item,
        success_rate=r,
        items=tuple(c.item for c in case.consequences),
        areas=tuple(c.area for c in case.consequences),
        participants=case.participants,
    )


def calculate(case: CaseInput) -> Results:
    """Compute the budget-economic net result of ``case`` for kommune, region and stat.

    Parameters
    ----------
    case : CaseInput
        Resolved inputs; amounts at the case's price level, costs positive, avoided
        costs negative, unit prices as net public expenditure (revenue negative).

    Returns
    -------
    Results
        Per year × actor (kommune, region, stat, total): costs, gains, net, cumulative
        and cumulative discounted net; NPV, break-even year, return per krone and the
        break-even success rate per actor; gains by item and area.

    Notes
    -----
    Flows fall in calendar years; the start year is not discounted and year t is
    discounted by Π_{u=1..t} 1/(1 + r_u) (see :mod:`som_xl.core.discount`).
    """
    return results_from(case, components(case))
