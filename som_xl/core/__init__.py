"""The pure SØM calculation core: typed inputs in, typed results out, no I/O.

Nothing in this package reads a file, a workbook or the environment; the knowledge
layer and the case layer resolve everything (prices at the case's price level,
consequence profiles, the discount schedule) before calling :func:`calculate`.
"""

from som_xl.core.discount import DiscountBand, DiscountSchedule
from som_xl.core.engine import Components, calculate, components, results_from
from som_xl.core.results import Results
from som_xl.core.types import (
    ACTORS,
    ACTORS_TOTAL,
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
)

__all__ = [
    "ACTORS",
    "ACTORS_TOTAL",
    "CaseInput",
    "Cohort",
    "Components",
    "ConsequenceLine",
    "CostBasis",
    "CostKind",
    "CostLine",
    "DiscountBand",
    "DiscountSchedule",
    "Results",
    "calculate",
    "components",
    "results_from",
]
