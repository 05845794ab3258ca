"""The whole uncertainty analysis of one case: adjustments, break-even, tornado, Monte Carlo.

This is what the CLI prints and what the Følsomhed sheet will show. It only needs the
core input plus three facts about the effect (low, high, evidence level); pass them
directly to :func:`analyse`, or pass a ``som_xl.case.Computation`` to
:func:`analyse_computation` (read by attribute, so this package does not import the
case layer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Protocol

import numpy as np

from som_xl.core import ACTOR_KEYS_TOTAL, CaseInput, Results, calculate
from som_xl.errors import raise_if_errors
from som_xl.uncertainty.adjust import Adjusted, Adjustments, apply_adjustments
from som_xl.uncertainty.breakeven import BreakEven, break_even
from som_xl.uncertainty.montecarlo import MonteCarloResult, MonteCarloSettings, monte_carlo
from som_xl.uncertainty.tornado import TornadoTable, tornado
from som_xl.uncertainty.variations import SensitivitySettings


class _Effect(Protocol):
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def evidence_level(self) -> int | None: ...


class _Case(Protocol):
    @property
    def effect(self) -> _Effect: ...


class Computed(Protocol):
    """What the analysis reads of a ``som_xl.case.Computation`` (the uncertainty room sits
    below the case room, so it names the shape, not the class)."""

    @property
    def case(self) -> _Case: ...
    @property
    def case_input(self) -> CaseInput: ...
    @property
    def results(self) -> Results: ...


@dataclass(frozen=True)
class UncertaintyReport:
    """Everything computed, on the adjusted case (the case itself when no adjustment is on)."""

    unadjusted_npv: np.ndarray
    """NPV per actor before the adjustments, kr., shape (A + 1,)."""
    adjusted: Adjusted
    """The adjusted input, the adjustments applied and their Danish notes."""
    results: Results
    """The calculation of the adjusted input."""
    break_even: tuple[BreakEven, ...]
    tornado: TornadoTable
    monte_carlo: MonteCarloResult | None
    adjustments: Adjustments

    @property
    def notes(self) -> tuple[str, ...]:
        """Danish notes that must be shown with the results (one per adjustment on)."""
        return self.adjusted.notes

    def as_dict(self, include_draws: bool = False) -> dict[str, object]:
        def by(arr) -> dict:
            return dict(zip(ACTOR_KEYS_TOTAL, np.asarray(arr).tolist(), strict=True))

        return {
            "actors": list(ACTOR_KEYS_TOTAL),
            "success_rate": self.results.success_rate,
            "npv": by(self.results.npv),
            "adjustments": {
                "on": self.adjustments.any_on,
                "settings": {**asdict(self.adjustments),
                             "haircut_by_level": {str(k): v for k, v in self.adjustments.haircut_by_level.items()}},
                "applied": [s.as_dict() for s in self.adjusted.steps],
                "notes": list(self.notes),
                "unadjusted_npv": by(self.unadjusted_npv),
            },
            "break_even": [b.as_dict() for b in self.break_even],
            "tornado": self.tornado.as_dict(),
            "monte_carlo": None if self.monte_carlo is None else self.monte_carlo.as_dict(include_draws),
        }


def analyse(case: CaseInput, *, low: float | None = None, high: float | None = None,
            evidence_level: int | None = None, sensitivity: SensitivitySettings | None = None,
            monte_carlo_settings: MonteCarloSettings | None = None,
            adjustments: Adjustments | None = None, run_monte_carlo: bool = True,
            results: Results | None = None) -> UncertaintyReport:
    """Run the uncertainty analysis of ``case``.

    Parameters
    ----------
    case : CaseInput
        The resolved case.
    low, high : float, optional
        The effect's low and high net success rates (fractions), if the case has them.
    evidence_level : int, optional
        SØM evidence level 1–3 of the effect; used only by the evidence haircut.
    sensitivity, monte_carlo_settings, adjustments : optional
        Settings; the defaults are the documented ones, adjustments all off.
    run_monte_carlo : bool
        False skips the draws (``monte_carlo`` is then None).
    results : Results, optional
        ``calculate(case)``, if the caller has it: not computed again, and its components
        serve the tornado and the draws when no adjustment changes the case.

    Notes
    -----
    The success-rate adjustments (haircut, deadweight) are applied to the case's rate
    and to the low/high rates alike, so the range keeps its position around the rate.
    """
    sensitivity = sensitivity or SensitivitySettings()
    mc_settings = monte_carlo_settings or MonteCarloSettings()
    adjustments = adjustments or Adjustments()
    raise_if_errors(adjustments.problems())
    unadjusted = results if results is not None else calculate(case)
    adj = apply_adjustments(case, adjustments, evidence_level)
    lo, hi = adj.adjust_rate(low), adj.adjust_rate(high)
    sensitivity = replace(sensitivity, success=_adjusted_range(sensitivity.success, adj))
    mc_settings = replace(mc_settings, success=_adjusted_range(mc_settings.success, adj))
    adjusted = unadjusted if adj.case_input is case else calculate(adj.case_input)
    return UncertaintyReport(
        unadjusted_npv=unadjusted.npv,
        adjusted=adj,
        results=adjusted,
        break_even=break_even(adjusted),
        tornado=tornado(adj.case_input, sensitivity, lo, hi, parts=adjusted.parts),
        monte_carlo=(monte_carlo(adj.case_input, mc_settings, lo, hi, parts=adjusted.parts)
                     if run_monte_carlo else None),
        adjustments=adjustments,
    )


def _adjusted_range(success, adj: Adjusted):
    return replace(success, low=adj.adjust_rate(success.low), high=adj.adjust_rate(success.high))


def analyse_computation(computation: Computed, **kwargs: Any) -> UncertaintyReport:
    """:func:`analyse` of a ``som_xl.case.Computation``, taking low, high and evidence
    level from its case's effect, and its results (not computed again)."""
    effect = computation.case.effect
    return analyse(computation.case_input, low=effect.low, high=effect.high,
                   evidence_level=effect.evidence_level, results=computation.results, **kwargs)
