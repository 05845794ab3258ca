"""Typed inputs of the SØM calculation (see ``docs/method.md``).

Conventions used throughout the core:

* Amounts are Danish kroner at the case's price level (prisniveau), already uprated.
* Costs are positive expenditure; avoided costs (``sparet``) are negative costs.
* A consequence line's unit price is the change in *public net expenditure* per unit,
  per actor; revenue such as income tax is a negative price.
* ``per_success_by_year[τ]`` is the change in quantity per successful citizen τ years
  after the success year (negative = less use). The *gain* is minus the expenditure
  change.
* Flows fall in calendar years; the start year is year index 0 and is not discounted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from som_xl.core.discount import DiscountSchedule
from som_xl.core.entities import ACTOR_KEYS, N_ACTORS, TOTAL_INDEX


class CostKind(StrEnum):
    ETABLERING = "etablering"  # start-up
    DRIFT = "drift"  # running
    SPARET = "sparet"  # avoided costs of today's practice, entered as negative cost


class CostBasis(StrEnum):
    PER_PARTICIPANT_YEAR = "per_participant_year"  # × participants in programme that year
    PER_PARTICIPANT_ONCE = "per_participant_once"  # × the cohort's participants in its start year
    TOTAL = "total"  # the amount, in ``year``


@dataclass(frozen=True)
class Cohort:
    """``participants`` citizens start the programme in calendar ``year``."""

    year: int
    participants: float
    successes: float | None = None
    """Observed successes of a finished cohort (follow-up), used instead of
    ``participants × success_rate``; None (a planned cohort) uses the rate."""


@dataclass(frozen=True)
class CostLine:
    """One cost line; ``amount`` in kroner at the case's price level."""

    label: str
    payer: str
    """An actor key (:data:`~som_xl.core.entities.ACTOR_KEYS`)."""
    kind: CostKind
    basis: CostBasis
    amount: float
    year: int | None = None
    """Calendar year, required for basis ``total``."""
    known: bool = False
    """An amount already paid (follow-up actuals): Monte Carlo does not vary it."""


@dataclass(frozen=True)
class ConsequenceLine:
    """The change in use of one service item per successful citizen, and its price."""

    item: str
    area: str
    per_success_by_year: tuple[float, ...]
    """q_τ for τ = 0, 1, … years after the success year; zero beyond its end."""
    unit_price: tuple[float, ...]
    """Net public expenditure per unit for each actor (axis order) at the case's price level."""
    outcome: str = ""
    name: str = ""
    price_changes: tuple[tuple[int, tuple[float, ...]], ...] = ()
    """``(year, unit price per actor)``: from calendar ``year`` on, the unit price is the
    given one (e.g. a benefit restructured by a reform); ascending years. Before the first
    change the line's ``unit_price`` applies."""

    def prices_by_year(self, start_year: int, horizon_years: int) -> np.ndarray:
        """The unit price per actor (axis order) in each calendar year, shape (A, T)."""
        out = np.repeat(np.asarray(self.unit_price, dtype=float)[:, None], horizon_years, axis=1)
        for year, price in sorted(self.price_changes):
            out[:, max(0, year - start_year):] = np.asarray(price, dtype=float)[:, None]
        return out


@dataclass(frozen=True)
class CaseInput:
    """Everything the calculation needs, resolved and validated."""

    start_year: int
    horizon_years: int
    discount: DiscountSchedule
    duration_years: int
    cohorts: tuple[Cohort, ...]
    success_rate: float
    """Net success rate r in [0, 1], net of the baseline."""
    costs: tuple[CostLine, ...] = field(default=())
    consequences: tuple[ConsequenceLine, ...] = field(default=())
    arrays: _InputArrays = field(init=False, repr=False, compare=False)
    """The lines as numpy arrays, built once in ``__post_init__``."""

    def __post_init__(self) -> None:
        # Lines arrive as typed objects; the calculation wants arrays. Convert once here,
        # so every calculation of this input (and every sensitivity draw) is array math.
        object.__setattr__(self, "cohorts", tuple(self.cohorts))
        object.__setattr__(self, "costs", tuple(self.costs))
        object.__setattr__(self, "consequences", tuple(self.consequences))
        object.__setattr__(self, "arrays", _InputArrays.of(self))

    @property
    def years(self) -> range:
        return range(self.start_year, self.start_year + self.horizon_years)

    @property
    def participants(self) -> float:
        return float(sum(c.participants for c in self.cohorts))


@dataclass(frozen=True)
class _InputArrays:
    """The lines of a :class:`CaseInput` as numpy arrays (built once per input)."""

    cohort_start: np.ndarray
    """Year index of each cohort's start, shape (C,)."""
    cohort_n: np.ndarray
    cohort_successes: np.ndarray | None
    """Fixed (observed) successes per cohort, 0 where the rate applies; None when no cohort
    has fixed successes (the plan: the hot path skips the fixed part entirely)."""
    cohort_open: np.ndarray
    """Participants of the cohorts whose successes follow the rate (shape (C,))."""
    cost_per_participant: np.ndarray
    """Amount per participant-year (column 0) and per starting participant (column 1) of
    each cost line, zero where the line has another basis; shape (L, 2)."""
    cost_totals: np.ndarray
    """The amount of each ``total`` line in its year, shape (L, T)."""
    cost_payer: np.ndarray
    """Payer index (into the actor axis) of each line, shape (L,)."""
    cost_payer_matrix: np.ndarray
    """1 where line l is paid by actor a, with a last all-ones row for the total; (A + 1, L)."""
    quantities: np.ndarray
    """Consequence quantities per success by years since success, shape (K, W), W ≤ T."""
    unit_prices: np.ndarray
    """Unit price per line for each actor and their sum; shape (K, A + 1)."""
    prices_by_year: np.ndarray | None
    """Unit price per line, actor and calendar year, shape (K, A, T); None when no line
    changes its price within the horizon (then ``unit_prices`` is all)."""

    @classmethod
    def of(cls, case: CaseInput) -> _InputArrays:
        T = case.horizon_years
        start = np.array([c.year for c in case.cohorts], dtype=np.int64) - case.start_year
        if start.size and start.min() < 0:
            raise ValueError("a cohort starts before the start year")
        L = len(case.costs)
        per_participant = np.zeros((L, 2))
        totals = np.zeros((L, T))
        payer = np.array([ACTOR_KEYS.index(c.payer) for c in case.costs], dtype=np.int64)
        payer_matrix = np.zeros((N_ACTORS + 1, L))
        payer_matrix[payer, np.arange(L)] = 1.0
        payer_matrix[TOTAL_INDEX] = 1.0
        for i, line in enumerate(case.costs):
            basis = CostBasis(line.basis)
            if basis is CostBasis.TOTAL:
                idx = (line.year if line.year is not None else case.start_year) - case.start_year
                if 0 <= idx < T:
                    totals[i, idx] = line.amount
            else:
                per_participant[i, 0 if basis is CostBasis.PER_PARTICIPANT_YEAR else 1] = line.amount
        profiles = [c.per_success_by_year for c in case.consequences]
        width = min(T, max(map(len, profiles), default=0))
        q = np.zeros((len(profiles), width))
        for k, prof in enumerate(profiles):
            prof = prof[:width]
            q[k, : len(prof)] = prof
        prices = np.array([c.unit_price for c in case.consequences], dtype=float).reshape(-1, N_ACTORS)
        n = np.array([c.participants for c in case.cohorts], dtype=float)
        fixed = [c.successes for c in case.cohorts]
        has_fixed = any(s is not None for s in fixed)
        changing = any(c.price_changes for c in case.consequences)
        by_year = (np.stack([c.prices_by_year(case.start_year, T) for c in case.consequences])
                   if changing else None)
        return cls(
            cohort_start=start,
            cohort_n=n,
            cohort_successes=np.array([s or 0.0 for s in fixed], dtype=float) if has_fixed else None,
            cohort_open=np.where([s is None for s in fixed], n, 0.0) if has_fixed else n,
            cost_per_participant=per_participant,
            cost_totals=totals,
            cost_payer=payer,
            cost_payer_matrix=payer_matrix,
            quantities=q,
            unit_prices=np.concatenate((prices, prices.sum(axis=1, keepdims=True)), axis=1),
            prices_by_year=by_year,
        )
