"""One-at-a-time sensitivity (følsomhedsanalyse) as a tornado table.

Every row is one factor changed to its low and its high input value, all else as in
the case. The NPVs are per actor (kommune, region, stat, total) in kroner at the case's
price level, discounted to the start year.

The model is linear where it can be: gains are linear in the success rate and in the unit
prices, costs in the cost lines' amounts, and the discount rate only weighs the same
flows differently. Those ends are the case's own components (computed once) rescaled or
rediscounted (:meth:`~som_xl.core.Components.scaled`,
:meth:`~som_xl.core.Components.discounted`) and summarised as a calculation summarises
them; only truncating the consequences changes the flows themselves, and each truncation
is an ordinary core calculation of the varied input. The figures are those of a full
calculation of every end (a test keeps it so, up to float rounding).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from som_xl import fmt
from som_xl.core import (
    ACTOR_KEYS,
    ACTOR_KEYS_TOTAL,
    TOTAL_INDEX,
    CaseInput,
    Components,
    Results,
    calculate,
    components,
    results_from,
)
from som_xl.errors import raise_if_errors
from som_xl.uncertainty.variations import (
    DiscountRate,
    ScaleCosts,
    ScalePrices,
    SensitivitySettings,
    SuccessRate,
    TruncateConsequences,
    Variation,
)


@dataclass(frozen=True)
class Scenario:
    """One variation and the NPV it gives."""

    variation: Variation
    npv: np.ndarray
    """NPV per actor (kommune, region, stat, total), kr., shape (A + 1,)."""
    break_even_year: tuple[int | None, ...]
    """Per actor; None when not within the horizon."""

    def as_dict(self) -> dict[str, object]:
        return {"variation": self.variation.as_dict(), "label": self.variation.label,
                "npv": dict(zip(ACTOR_KEYS_TOTAL, self.npv.tolist(), strict=True)),
                "break_even_year": dict(zip(ACTOR_KEYS_TOTAL, self.break_even_year, strict=True))}


@dataclass(frozen=True)
class TornadoRow:
    """One factor at its low and high input value.

    ``low``/``high`` name the *input* ends (costs −20 % / +20 %), not the NPV's: for
    costs the high end gives the lower NPV.
    """

    key: str
    """Stable id: ``success_rate``, ``costs``, ``prices``, ``consequence_years``, ``discount_rate``."""
    factor: str
    """Danish name of the factor."""
    low: Scenario
    high: Scenario
    swing: np.ndarray
    """Per actor, kr.: max − min of the NPVs at the low end, the high end and the base.
    The base is included so one-sided factors (truncating the consequences lowers the
    NPV at both ends) show their full distance from the base."""
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "factor": self.factor, "note": self.note,
                "low": self.low.as_dict(), "high": self.high.as_dict(),
                "swing": dict(zip(ACTOR_KEYS_TOTAL, self.swing.tolist(), strict=True))}


@dataclass(frozen=True)
class TornadoTable:
    """The tornado rows (largest total swing first) and every scenario computed."""

    base_npv: np.ndarray
    """NPV of the unvaried case per actor, kr., shape (A + 1,)."""
    rows: tuple[TornadoRow, ...]
    scenarios: tuple[Scenario, ...]
    """Every variation computed (each truncation and each discount rate, also the ones
    between a row's ends), in the order of the settings."""
    settings: SensitivitySettings
    success_low: float
    success_high: float
    success_source: str
    """Danish: where the low/high success rates came from."""
    actors: tuple[str, ...] = ACTOR_KEYS_TOTAL

    def as_dict(self) -> dict[str, object]:
        s = self.settings
        return {
            "actors": list(self.actors),
            "base_npv": dict(zip(self.actors, self.base_npv.tolist(), strict=True)),
            "settings": {
                "success_low": self.success_low, "success_high": self.success_high,
                "success_source": self.success_source, "success_relative": s.success.relative,
                "cost_relative": s.cost_relative, "price_relative": s.price_relative,
                "consequence_years": list(s.consequence_years),
                "discount_rates": list(s.discount_rates),
            },
            "rows": [r.as_dict() for r in self.rows],
            "scenarios": [sc.as_dict() for sc in self.scenarios],
        }


_Factor = tuple[str, str, Variation, Variation, str]
"""(key, Danish name, low end, high end, note) of one tornado row."""


def _factors(settings: SensitivitySettings, lo: float, hi: float, source: str) -> list[_Factor]:
    """The factors varied one at a time, each with its two ends, in the listed order."""
    c, p = settings.cost_relative, settings.price_relative
    specs: list[_Factor] = [
        ("success_rate", "Succesrate", SuccessRate(lo), SuccessRate(hi), source),
        ("costs", "Omkostninger", ScaleCosts(1 - c), ScaleCosts(1 + c),
         "Alle omkostningslinjer, også sparede omkostninger."),
        ("prices", "Priser", ScalePrices(1 - p), ScalePrices(1 + p),
         f"Alle konsekvenslinjers enhedspriser for {fmt.and_list(ACTOR_KEYS)}."),
    ]
    years = sorted(set(settings.consequence_years))
    if years:
        specs.append(("consequence_years", "Konsekvensernes varighed", TruncateConsequences(years[0]),
                      TruncateConsequences(years[-1]), "Konsekvenser efter de første år tælles ikke med."))
    rates = sorted(set(settings.discount_rates))
    if rates:
        specs.append(("discount_rate", "Diskonteringsrente", DiscountRate(rates[0]), DiscountRate(rates[-1]),
                      "Konstant rente i hele horisonten i stedet for rentesatsen i beregningen."))
    return specs


def _scenario_order(specs: list[_Factor], settings: SensitivitySettings) -> list[Variation]:
    """Scenarios in the order of the settings: the three two-ended factors, then every
    truncation and every discount rate as listed (a row's ends are among them)."""
    order: list[Variation] = [v for spec in specs[:3] for v in spec[2:4]]
    order += [TruncateConsequences(n) for n in settings.consequence_years]
    order += [DiscountRate(rate) for rate in settings.discount_rates]
    return order


def tornado(case: CaseInput, settings: SensitivitySettings | None = None,
            low: float | None = None, high: float | None = None, *, parts: Components | None = None) -> TornadoTable:
    """Compute the one-at-a-time sensitivity of ``case``.

    Parameters
    ----------
    case : CaseInput
        The (possibly adjusted) case; its own NPV is the base.
    settings : SensitivitySettings, optional
        The ranges; defaults to ``SensitivitySettings()``.
    low, high : float, optional
        The effect's low and high success rates (fractions); used unless the settings
        carry their own, and replaced by ±``settings.success.relative`` when None.
    parts : Components, optional
        ``case``'s components, if the caller computed them (``results.parts``).

    Returns
    -------
    TornadoTable
        Rows sorted by the swing of the total NPV, largest first (ties keep the order
        success rate, costs, prices, consequence years, discount rate).
    """
    settings = settings or SensitivitySettings()
    raise_if_errors(settings.problems())
    parts = parts if parts is not None else components(case)
    base = results_from(case, parts)
    lo, hi, source = settings.success.resolve(case.success_rate, low, high)
    cache: dict[Variation, Scenario] = {}

    def run(v: Variation) -> Scenario:
        if v not in cache:
            r = _end(case, parts, v)
            cache[v] = Scenario(v, r.npv, r.break_even_year)
        return cache[v]

    specs = _factors(settings, lo, hi, source)
    order = _scenario_order(specs, settings)
    for v in order:
        run(v)
    rows = []
    for key, factor, v_lo, v_hi, note in specs:
        s_lo, s_hi = run(v_lo), run(v_hi)
        stack = np.stack([s_lo.npv, s_hi.npv, base.npv])
        rows.append(TornadoRow(key, factor, s_lo, s_hi, stack.max(axis=0) - stack.min(axis=0), note))
    rows.sort(key=lambda r: -r.swing[TOTAL_INDEX])  # stable: ties keep the listed order
    return TornadoTable(base.npv, tuple(rows), tuple(cache.values()), settings, lo, hi, source)


def _end(case: CaseInput, parts: Components, v: Variation) -> Results:
    """The results of ``case`` varied by ``v``: from its components where the model is
    linear in the varied input, else a calculation of the varied input."""
    if isinstance(v, SuccessRate):
        return results_from(case, parts, v.rate)
    if isinstance(v, ScaleCosts):
        return results_from(case, parts.scaled(costs=v.factor))
    if isinstance(v, ScalePrices):
        return results_from(case, parts.scaled(prices=v.factor))
    if isinstance(v, DiscountRate):
        return results_from(case, parts.discounted(v.schedule))
    return calculate(v.apply(case))
