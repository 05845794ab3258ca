"""Typed inputs of the SØM calculation (see ``shared/docs/som-method.md``).

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

from som_xl.core.discount import DiscountSchedule

ACTORS: tuple[str, ...] = ("kommune", "region", "stat")
"""The three public actors, in the order every actor axis uses."""
ACTORS_TOTAL: tuple[str, ...] = ACTORS + ("total",)
"""The actors followed by their sum; results arrays have this first axis."""


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


@dataclass(frozen=True)
class CostLine:
    """One cost line; ``amount`` in kroner at the case's price level."""

    label: str
    payer: str
    """One of :data:`ACTORS`."""
    kind: CostKind
    basis: CostBasis
    amount: float
    year: int | None = None
    """Calendar year, required for basis ``total``."""


@dataclass(frozen=True)
class ConsequenceLine:
    """The change in use of one service item per successful citizen, and its price."""

    item: str
    area: str
    per_success_by_year: tuple[float, ...]
    """q_τ for τ = 0, 1, … years after the success year; zero beyond its end."""
    unit_price: tuple[float, float, float]
    """Net public expenditure per unit for kommune, region, stat at the case's price level."""
    outcome: str = ""
    name: str = ""


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

    @property
    def years(self) -> range:
        return range(self.start_year, self.start_year + self.horizon_years)

    @property
    def participants(self) -> float:
        return float(sum(c.participants for c in self.cohorts))
