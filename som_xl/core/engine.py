"""The SØM calculation, vectorised with numpy.

Formulas (``docs/method.md``): cohort c starts in y_c with
n_c participants; with programme duration D its success year is s_c = y_c + D − 1 and
its successes S_c = n_c · r. The gain of actor a in year t is
``G[a,t] = −Σ_c Σ_k S_c · q_k[t − s_c] · p[k,a]``. Costs per participant-year count
the participants in programme (y_c ≤ t < y_c + D); once-per-participant costs fall in
the cohort's start year; total costs in their year. ``Net = G − Cost``.

Gains are linear in r, so :func:`components` computes everything at r = 1 once and
:func:`results_from` scales it; sensitivity and Monte Carlo reuse the same pieces.

A cohort with observed successes (``Cohort.successes``, a follow-up's finished cohorts)
adds a fixed part: ``G = G0 + r · G1``, G0 from the observed counts, G1 from the other
cohorts at r = 1. Without such cohorts G0 is not computed at all (``None``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from som_xl.core.components import Components
from som_xl.core.entities import N_ACTORS
from som_xl.core.results import Results, summarise
from som_xl.core.types import CaseInput


def _per_year(index: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Sum ``weights`` into bins ``index`` (0 … size−1); indices ≥ size are dropped.

    Indices are never negative: cohorts start inside the horizon (checked on input).
    """
    return np.bincount(np.minimum(index, size), weights=weights, minlength=size + 1)[:size]


@lru_cache(maxsize=256)
def _years(start: int, T: int) -> np.ndarray:
    years = np.arange(start, start + T)
    years.setflags(write=False)
    return years


@lru_cache(maxsize=64)
def _lag_index(width: int, T: int) -> np.ndarray:
    """Index into ``[0, finishers…]`` such that ``padded[idx][τ, t] = finishers[t − τ]``
    (and 0 where t < τ). Cached: it depends only on the shapes."""
    tau = np.arange(width)[:, None]
    t = np.arange(T)[None, :]
    idx = np.where(t >= tau, t - tau + 1, 0)
    idx.setflags(write=False)
    return idx


def _gains(a, quantity: np.ndarray) -> np.ndarray:
    """Gains per actor and their total, (A + 1, T), of a change in quantity per line (K, T)."""
    if a.prices_by_year is None:
        return -(a.unit_prices.T @ quantity)
    # a price changes within the horizon: price and quantity meet year by year
    by_actor = -np.einsum("kat,kt->at", a.prices_by_year, quantity)
    return np.vstack((by_actor, by_actor.sum(axis=0, keepdims=True)))


def components(case: CaseInput) -> Components:
    """Compute the r-independent pieces of ``case`` (costs, gains at r = 1, factors)."""
    T = case.horizon_years
    a = case.arrays
    start, n = a.cohort_start, a.cohort_n
    f = case.discount.factors(T)

    # Participants in programme: +n at the start year, −n at start + D (a difference array).
    D = case.duration_years
    starts = _per_year(start, n, T)
    in_programme = np.cumsum(starts - _per_year(start + D, n, T))
    # Finishers with a leading zero, so that the lag matrix can index "no one" at 0.
    finishers_padded = _per_year(start + D, a.cohort_open, T + 1)
    finishers = finishers_padded[1:] if a.cohort_successes is None else _per_year(start + D, n, T + 1)[1:]

    # Cost lines → (L, T): per-participant amounts times the participant rows, plus totals.
    cost_by_line = a.cost_per_participant @ np.vstack((in_programme, starts)) + a.cost_totals
    costs = a.cost_payer_matrix @ cost_by_line  # (A + 1, T), the last row the total

    # Consequences: Q1[k, t] = Σ_τ finishers[t − τ] · q_k[τ], one matrix product with the
    # lag matrix lag[τ, t] = finishers[t − τ].
    lag_index = _lag_index(a.quantities.shape[1], T)
    quantity1 = a.quantities @ finishers_padded[lag_index]  # (K, T)
    gains1 = _gains(a, quantity1)  # (A + 1, T)
    quantity0 = gains0 = pv_gains0 = None
    if a.cohort_successes is not None:
        # Observed successes: the same lag product, with counts in place of participants.
        quantity0 = a.quantities @ _per_year(start + D, a.cohort_successes, T + 1)[lag_index]
        gains0 = _gains(a, quantity0)
        pv_gains0 = gains0 @ f

    return Components(
        years=_years(case.start_year, T),
        discount_factors=f,
        cost_by_line=cost_by_line,
        cost_payer=a.cost_payer,
        costs=costs,
        pv_costs=costs @ f,
        quantity1=quantity1,
        unit_prices=a.unit_prices[:, :N_ACTORS],
        prices_by_year=a.prices_by_year,
        gains1=gains1,
        pv_gains1=gains1 @ f,
        finishers=finishers,
        in_programme=in_programme,
        case=case,
        quantity0=quantity0,
        gains0=gains0,
        pv_gains0=pv_gains0,
    )


def results_from(case: CaseInput, parts: Components, success_rate: float | None = None) -> Results:
    """Results of ``case`` from its components at ``success_rate`` (default: the case's)."""
    r = case.success_rate if success_rate is None else float(success_rate)
    return summarise(parts, r)


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
    return summarise(components(case), case.success_rate)
