"""Probability distributions of the Monte Carlo analysis, as plain data.

A :class:`Distribution` is fully described by its shape and low/mode/high, so the
sheet can show exactly what was drawn from ("nothing is a black box"). Shapes:

* ``uniform``: every value in [low, high] equally likely (mode unused, kept = midpoint);
* ``triangular``: density rising linearly from low to mode and falling to high;
* ``pert``: Beta-PERT with λ = 4, i.e. low + (high − low)·Beta(α, β) with
  α = 1 + 4·(mode − low)/(high − low), β = 1 + 4·(high − mode)/(high − low); its mean
  is (low + 4·mode + high)/6. Smoother than the triangle, with thinner tails.
* ``fixed`` (or any shape with low = high): the single value, drawn with certainty.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from som_xl import fmt
from som_xl.errors import Problem

SHAPES = ("uniform", "triangular", "pert", "fixed")
SHAPE_LABEL = {"uniform": "ligefordeling", "triangular": "trekantsfordeling",
               "pert": "PERT-fordeling", "fixed": "fast værdi"}
PERT_LAMBDA = 4.0


@dataclass(frozen=True)
class Distribution:
    """A named distribution on [low, high] with a mode (all in the quantity's unit)."""

    name: str
    """Danish name, e.g. ``"Succesrate"`` or ``"Omkostninger (faktor)"``."""
    shape: str
    low: float
    mode: float
    high: float
    unit: str = "factor"
    """``"share"`` for a fraction shown as a percentage (the success rate), else ``"factor"``."""

    @property
    def degenerate(self) -> bool:
        return self.shape == "fixed" or self.high == self.low

    @property
    def mean(self) -> float:
        """The expected value of a draw."""
        a, m, b = self.low, self.mode, self.high
        if self.degenerate:
            return float(m)
        if self.shape == "uniform":
            return (a + b) / 2
        if self.shape == "triangular":
            return (a + m + b) / 3
        return (a + PERT_LAMBDA * m + b) / (PERT_LAMBDA + 2)

    def problems(self, location: str) -> list[Problem]:
        out = []
        if self.shape not in SHAPES:
            out.append(Problem("unknown-value", location,
                               f"Ukendt fordeling '{self.shape}'; brug {', '.join(SHAPES)}."))
        if not (self.low <= self.mode <= self.high) and self.shape != "uniform":
            show = self._show
            out.append(Problem("out-of-range", location,
                               f"{self.name}: den mest sandsynlige værdi ({show(self.mode)}) skal ligge "
                               f"mellem lav ({show(self.low)}) og høj ({show(self.high)})."))
        if self.low > self.high:
            out.append(Problem("out-of-range", location, f"{self.name}: lav er større end høj."))
        return out

    def sample(self, rng: np.random.Generator, size) -> np.ndarray:
        """``size`` independent draws (an int or a shape) from ``rng``."""
        a, m, b = float(self.low), float(self.mode), float(self.high)
        if self.degenerate:
            # Exactly the value, so a degenerate input reproduces the deterministic NPV.
            return np.full(size, m if self.shape != "uniform" else a)
        if self.shape == "uniform":
            return rng.uniform(a, b, size)
        if self.shape == "triangular":
            # Inverse CDF of one uniform draw; several times faster than rng.triangular.
            u = rng.random(size)
            lower = u < (m - a) / (b - a)
            root = np.sqrt(np.where(lower, u * ((b - a) * (m - a)), (1 - u) * ((b - a) * (b - m))))
            return np.where(lower, a + root, b - root)
        alpha = 1 + PERT_LAMBDA * (m - a) / (b - a)
        beta = 1 + PERT_LAMBDA * (b - m) / (b - a)
        return a + (b - a) * rng.beta(alpha, beta, size)

    def describe(self) -> str:
        """Danish one-liner for tables: ``"Succesrate: PERT-fordeling, 10,0 % – 25,0 % – 40,0 %"``
        (low – mode – high; low – high for the uniform)."""
        show = self._show
        values = (self.low, self.high) if self.shape == "uniform" else (self.low, self.mode, self.high)
        return f"{self.name}: {SHAPE_LABEL.get(self.shape, self.shape)}, " + " – ".join(map(show, values))

    def _show(self, v: float) -> str:
        return fmt.percent(v) if self.unit == "share" else fmt.number(v, 2)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "mean": self.mean}
