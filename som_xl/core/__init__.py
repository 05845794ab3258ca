"""The pure SØM calculation core: typed inputs in, typed results out, no I/O.

Nothing in this package reads a file, a workbook or the environment, and nothing in it
imports another part of som_xl; the knowledge layer and the case layer resolve
everything (prices at the case's price level, consequence profiles, the discount
schedule) before calling :func:`calculate`. The actor axis is declared in
:mod:`som_xl.core.entities`.
"""

from som_xl.core.components import Components
from som_xl.core.discount import DiscountBand, DiscountSchedule
from som_xl.core.engine import calculate, components, results_from
from som_xl.core.entities import (
    ACTOR_KEYS,
    ACTOR_KEYS_TOTAL,
    ACTORS,
    ACTORS_WITH_TOTAL,
    N_ACTORS,
    TOTAL,
    TOTAL_INDEX,
    Actor,
)
from som_xl.core.results import Results
from som_xl.core.types import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
)

__all__ = [
    "ACTORS",
    "ACTORS_WITH_TOTAL",
    "ACTOR_KEYS",
    "ACTOR_KEYS_TOTAL",
    "N_ACTORS",
    "TOTAL",
    "TOTAL_INDEX",
    "Actor",
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
