"""Variations: objects that modify a case's inputs, never forks of the calculation.

Like an OpenFisca reform, a :class:`Variation` takes a resolved
:class:`~som_xl.core.CaseInput` and returns a new one (``dataclasses.replace``); the
unchanged core then computes it. Sensitivity rows, scenarios and the optional
adjustments (:mod:`som_xl.uncertainty.adjust`) are all variations, so every number in
the Følsomhed sheet is an ordinary SØM calculation of a visibly changed input.

Each variation has a Danish ``label`` (what the sheet and the CLI show) and
``as_dict()`` (its kind and parameters, for JSON and the workbook).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace

from som_xl import fmt
from som_xl.core import CaseInput, DiscountSchedule
from som_xl.errors import Problem


class Variation(ABC):
    """A named change of a case's inputs. Subclasses are frozen dataclasses."""

    kind: str = "variation"

    @property
    @abstractmethod
    def label(self) -> str:
        """Danish text for the sheet and the CLI, e.g. ``"Omkostninger +20 %"``."""

    @abstractmethod
    def apply(self, case: CaseInput) -> CaseInput:
        """A new input with this change; ``case`` itself is never modified."""

    def as_dict(self) -> dict[str, object]:
        params = {k: v for k, v in vars(self).items() if not k.startswith("_")}
        return {"kind": self.kind, "label": self.label, **params}


@dataclass(frozen=True)
class SuccessRate(Variation):
    """Replace the net success rate r (a fraction in [0, 1], net of the baseline)."""

    rate: float
    kind = "success_rate"

    @property
    def label(self) -> str:
        return f"Succesrate {fmt.percent(self.rate)}"

    def apply(self, case: CaseInput) -> CaseInput:
        return replace(case, success_rate=float(self.rate))


@dataclass(frozen=True)
class ScaleCosts(Variation):
    """Multiply every cost line's amount by ``factor`` (1.2 for +20 %).

    Avoided costs (``sparet``, entered as negative costs) are scaled too: the variation
    means "the intervention's net cost compared with today's practice is 20 % higher",
    and its effect on the NPV is exactly ``−(factor − 1) × PV(costs)`` per actor. Scaling
    only positive lines would instead make savings relatively larger when costs rise.
    """

    factor: float
    kind = "scale_costs"

    @property
    def label(self) -> str:
        return f"Omkostninger {_signed_percent(self.factor - 1)}"

    def apply(self, case: CaseInput) -> CaseInput:
        return replace(case, costs=tuple(replace(c, amount=c.amount * self.factor) for c in case.costs))


@dataclass(frozen=True)
class ScalePrices(Variation):
    """Multiply every consequence line's unit price (all three actors) by ``factor``."""

    factor: float
    kind = "scale_prices"

    @property
    def label(self) -> str:
        return f"Priser {_signed_percent(self.factor - 1)}"

    def apply(self, case: CaseInput) -> CaseInput:
        f = self.factor
        return replace(case, consequences=tuple(
            replace(c, unit_price=tuple(p * f for p in c.unit_price),
                    price_changes=tuple((y, tuple(p * f for p in q)) for y, q in c.price_changes))
            for c in case.consequences))


@dataclass(frozen=True)
class TruncateConsequences(Variation):
    """Keep only the first ``years`` years of every consequence profile (τ < years).

    τ = 0 is the success year, so ``years=3`` keeps the success year and the two years
    after it; later changes in service use are set to zero (not counted).
    """

    years: int
    kind = "truncate_consequences"

    @property
    def label(self) -> str:
        return f"Konsekvenser kun de første {self.years} år"

    def apply(self, case: CaseInput) -> CaseInput:
        n = int(self.years)
        return replace(case, consequences=tuple(
            replace(c, per_success_by_year=tuple(c.per_success_by_year[:n])) for c in case.consequences))


@dataclass(frozen=True)
class DiscountRate(Variation):
    """Replace the discount schedule by one constant real rate (a fraction, 0.035 = 3,5 %)."""

    rate: float
    kind = "discount_rate"

    @property
    def label(self) -> str:
        return f"Diskonteringsrente {fmt.percent(self.rate)}"

    @property
    def schedule(self) -> DiscountSchedule:
        """The constant schedule this variation puts in place of the case's."""
        return DiscountSchedule.constant(self.rate)

    def apply(self, case: CaseInput) -> CaseInput:
        return replace(case, discount=self.schedule)


@dataclass(frozen=True)
class Compose(Variation):
    """Apply ``steps`` in order (e.g. the adjustments, then a sensitivity variation)."""

    steps: tuple[Variation, ...]
    kind = "compose"

    @property
    def label(self) -> str:
        return " + ".join(s.label for s in self.steps) or "Ingen ændring"

    def apply(self, case: CaseInput) -> CaseInput:
        for step in self.steps:
            case = step.apply(case)
        return case

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "label": self.label, "steps": [s.as_dict() for s in self.steps]}


def _signed_percent(fraction: float) -> str:
    return ("+" if fraction > 0 else "") + fmt.percent(fraction, 0 if round(fraction * 100, 6).is_integer() else 1)


# --- Ranges -------------------------------------------------------------------------

@dataclass(frozen=True)
class SuccessRange:
    """Where the low and high success rates come from, in this order of precedence.

    1. ``low``/``high`` typed here (the sheet's own cells);
    2. the effect's low/high (``EffectSpec.low``/``high``), passed in by the caller;
    3. ``relative`` around the case's rate: r·(1 − relative) and r·(1 + relative),
       clipped to [0, 1] (so the default ±50 % range is asymmetric when 1.5·r > 1).
    """

    low: float | None = None
    high: float | None = None
    relative: float = 0.5

    def resolve(self, rate: float, effect_low: float | None = None,
                effect_high: float | None = None) -> tuple[float, float, str]:
        """``(low, high, source)``; source is a Danish note on where the range came from."""
        if self.low is not None or self.high is not None:
            source = "indtastet i følsomhedsindstillingerne"
        elif effect_low is not None or effect_high is not None:
            source = "effektens lave og høje skøn"
        else:
            source = f"±{fmt.number(self.relative * 100)} % af succesraten (ingen lav/høj i effekten)"
        lo = _first(self.low, effect_low, max(0.0, rate * (1 - self.relative)))
        hi = _first(self.high, effect_high, min(1.0, rate * (1 + self.relative)))
        return float(lo), float(hi), source

    def problems(self, location: str) -> list[Problem]:
        out = []
        for name, v in (("lav", self.low), ("høj", self.high)):
            if v is not None and not 0 <= v <= 1:
                out.append(Problem("out-of-range", f"{location} succesrate {name}",
                                   f"Succesraten skal ligge mellem 0 % og 100 %; fik {fmt.percent(v)}."))
        if self.relative < 0:
            out.append(Problem("out-of-range", f"{location} succesrate ±",
                               "Det relative udsving på succesraten må ikke være negativt."))
        return out


def _first(*values):
    return next(v for v in values if v is not None)


@dataclass(frozen=True)
class SensitivitySettings:
    """The ranges of the one-at-a-time sensitivity analysis (carried by the sheet).

    Fractions throughout: ``cost_relative=0.2`` means costs −20 % and +20 %.
    """

    success: SuccessRange = field(default_factory=SuccessRange)
    cost_relative: float = 0.20
    """Every cost line's amount × (1 ∓ cost_relative), avoided costs included."""
    price_relative: float = 0.20
    """Every consequence line's unit price × (1 ∓ price_relative)."""
    consequence_years: tuple[int, ...] = (3, 5)
    """Consequence profiles truncated to their first n years; the tornado row uses the
    shortest and the longest, every value is also a scenario."""
    discount_rates: tuple[float, ...] = (0.0, 0.035, 0.05)
    """Constant discount rates; the tornado row uses the lowest and the highest."""

    def problems(self) -> list[Problem]:
        loc = "Følsomhed:"
        out = self.success.problems(loc)
        for name, v in (("omkostninger", self.cost_relative), ("priser", self.price_relative)):
            if not 0 <= v <= 1:
                out.append(Problem("out-of-range", f"{loc} {name} ±",
                                   f"Udsvinget skal ligge mellem 0 % og 100 %; fik {fmt.percent(v)}."))
        if any(int(n) != n or n < 1 for n in self.consequence_years):
            out.append(Problem("out-of-range", f"{loc} konsekvensvarighed",
                               "Varigheden skal være et helt antal år, mindst 1."))
        if any(not -0.5 < r < 1 for r in self.discount_rates):
            out.append(Problem("out-of-range", f"{loc} diskonteringsrente",
                               "Diskonteringsrenten skal være en brøk, fx 0,035 for 3,5 %."))
        return out
