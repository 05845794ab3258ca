"""Uncertainty of a SØM calculation: break-even success rate, one-at-a-time sensitivity
(tornado), Monte Carlo, and optional evidence/deadweight/drop-off adjustments.

Everything works on a core :class:`~som_xl.core.CaseInput` and calls only the core; the
ranges and distributions are settings objects (the Følsomhed sheet carries them), and
every result carries the settings, seed and distribution parameters it was made with.
"""

from som_xl.uncertainty.adjust import (
    DEADWEIGHT_WARNING,
    DOUBLE_COUNTING_WARNING,
    Adjusted,
    Adjustments,
    Deadweight,
    DropOff,
    EvidenceHaircut,
    apply_adjustments,
)
from som_xl.uncertainty.breakeven import BreakEven, break_even, classify, sentences
from som_xl.uncertainty.distributions import Distribution
from som_xl.uncertainty.montecarlo import (
    DEFAULT_SEED,
    MonteCarloResult,
    MonteCarloSettings,
    monte_carlo,
)
from som_xl.uncertainty.report import UncertaintyReport, analyse, analyse_computation
from som_xl.uncertainty.tornado import Scenario, TornadoRow, TornadoTable, tornado
from som_xl.uncertainty.variations import (
    Compose,
    DiscountRate,
    ScaleCosts,
    ScalePrices,
    SensitivitySettings,
    SuccessRange,
    SuccessRate,
    TruncateConsequences,
    Variation,
)

__all__ = [
    "DEADWEIGHT_WARNING", "DEFAULT_SEED", "DOUBLE_COUNTING_WARNING",
    "Adjusted", "Adjustments", "BreakEven", "Compose", "Deadweight", "DiscountRate",
    "Distribution", "DropOff", "EvidenceHaircut", "MonteCarloResult", "MonteCarloSettings",
    "ScaleCosts", "ScalePrices", "Scenario", "SensitivitySettings", "SuccessRange",
    "SuccessRate", "TornadoRow", "TornadoTable", "TruncateConsequences", "UncertaintyReport",
    "Variation", "analyse", "analyse_computation", "apply_adjustments", "break_even",
    "classify", "monte_carlo", "sentences", "tornado",
]
