"""Discounting: a schedule of rates by year index, and the factors it gives.

The factor for year index t (t = 0 is the start year) is
``f_t = Π_{u=1..t} 1 / (1 + r_u)``, where ``r_u`` is the schedule's rate for year index
u. Year 0 is not discounted, which is also the convention of ``numpy_financial.npv``
and of Excel's ``=B1 + NPV(r; B2:Bn)``. Finansministeriet's schedule of 7 January 2021
is 3.5 % for years 0–35 and 2.5 % for years 36–70 (Dokumentationsnotat om den
samfundsøkonomiske diskonteringsrente).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class DiscountBand:
    """Rate ``rate`` (a fraction, 0.035 for 3.5 %) for year indices ``year_from..year_to``."""

    year_from: int
    year_to: int | None
    rate: float


@dataclass(frozen=True)
class DiscountSchedule:
    """Discount rates by year index since the start year."""

    bands: tuple[DiscountBand, ...]
    name: str = ""

    @classmethod
    def constant(cls, rate: float) -> DiscountSchedule:
        """One rate for every year, e.g. ``DiscountSchedule.constant(0.04)``."""
        label = f"{rate * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return cls((DiscountBand(0, None, float(rate)),), name=f"konstant {label} %")

    def _filled(self, n_years: int) -> np.ndarray:
        out = np.full(n_years, np.nan)
        u = np.arange(n_years)
        for band in self.bands:
            upper = np.inf if band.year_to is None else band.year_to
            out[(u >= band.year_from) & (u <= upper)] = band.rate
        return out

    def first_missing(self, n_years: int) -> int | None:
        """The first year index 1 … n_years − 1 without a rate (None: the schedule covers them)."""
        gaps = np.flatnonzero(np.isnan(self._filled(n_years)[1:]))
        return int(gaps[0]) + 1 if gaps.size else None

    def rates(self, n_years: int) -> np.ndarray:
        """The rate r_u for u = 0 … n_years − 1 (r_0 is never applied)."""
        missing = self.first_missing(n_years)
        if missing is not None:
            raise ValueError(f"discount schedule {self.name!r} has no rate for year index {missing}")
        return self._filled(n_years)

    def factors(self, n_years: int) -> np.ndarray:
        """Discount factors f_0 … f_{n−1}; f_0 = 1 (a read-only array, cached).

        >>> DiscountSchedule.constant(0.1).factors(3).round(6).tolist()
        [1.0, 0.909091, 0.826446]
        """
        return _factors(self, n_years)


@lru_cache(maxsize=256)
def _factors(schedule: DiscountSchedule, n_years: int) -> np.ndarray:
    # Cached because every calculation of a case (and every sensitivity variation)
    # asks for the same few schedules and horizons.
    rates = schedule.rates(n_years)
    growth = np.ones(n_years)
    growth[1:] = 1.0 + rates[1:]
    out = 1.0 / np.cumprod(growth)
    out.setflags(write=False)
    return out
