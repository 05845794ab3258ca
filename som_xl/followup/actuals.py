"""What actually happened, and the realised success rate (pure, no I/O).

An :class:`Actual` is one past year: participants who started, what each payer paid,
and the successes observed among the cohort whose programme ended that year. Cohort c
starting in y_c with duration D finishes in y_c + D − 1 (its success year), so after the
last actual year L the cohorts that started in y ≤ L − D + 1 are finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Actual:
    """One past year of a follow-up."""

    year: int
    participants: int
    """Whole people who started the programme this year (the cohort)."""
    costs: tuple[float, ...]
    """Paid this year by each actor (kommune, region, stat: the axis order), kroner."""
    successes: int
    """Successes, net of the baseline like the success rate, observed among the cohort
    whose programme ended this year."""


def actuals_from(entries: Iterable) -> tuple[Actual, ...]:
    """:class:`Actual` objects from the case format's entries (read by attribute, so this
    room does not import the case layer), sorted by year."""
    return tuple(sorted(
        (Actual(int(e.year), int(e.participants), tuple(float(v) for v in e.costs), int(e.successes))
         for e in entries),
        key=lambda a: a.year))


@dataclass(frozen=True)
class RealisedRate:
    """Σ successes / Σ participants of the cohorts finished by the last actual year."""

    rate: float | None
    """None when no cohort with participants has finished yet."""
    successes: int
    participants: int
    finished_cohorts: tuple[int, ...]
    """Start years of the finished cohorts (those with participants)."""
    last_year: int


def last_year(actuals: Sequence[Actual]) -> int:
    """The last year with actuals (L)."""
    if not actuals:
        raise ValueError("a follow-up needs at least one actual year")
    return max(a.year for a in actuals)


def realised_success_rate(actuals: Sequence[Actual], duration_years: int) -> RealisedRate:
    """The realised success rate after the actual years.

    >>> a = (Actual(2025, 20, (0, 0, 0), 0), Actual(2026, 10, (0, 0, 0), 3))
    >>> realised_success_rate(a, 2).rate  # the 2025 cohort finished in 2026: 3 of 20
    0.15
    >>> realised_success_rate(a, 3).rate is None  # nobody has finished a 3-year programme
    True
    """
    L = last_year(actuals)
    finished = [a for a in actuals if a.year + duration_years - 1 <= L and a.participants > 0]
    participants = sum(a.participants for a in finished)
    # Successes are only observed in a finished cohort's success year (validated), so the
    # sum over the actual years is the sum over the finished cohorts.
    successes = sum(a.successes for a in actuals)
    rate = successes / participants if participants else None
    return RealisedRate(rate, successes, participants, tuple(a.year for a in finished), L)
