"""The benchmark case: 10 cohorts, 40 consequence items, a 10-year horizon."""

import numpy as np

from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountBand,
    DiscountSchedule,
)

FM = DiscountSchedule((DiscountBand(0, 35, 0.035), DiscountBand(36, 70, 0.025)), name="fm_2021")


def big_case(cohorts: int = 10, items: int = 40, horizon: int = 10) -> CaseInput:
    rng = np.random.default_rng(7)
    areas = ["socialt", "sundhed", "beskaeftigelse", "retsvaesen", "skat"]
    return CaseInput(
        start_year=2025, horizon_years=horizon, discount=FM, duration_years=2,
        cohorts=tuple(Cohort(2025 + (i % horizon), 20 + i) for i in range(cohorts)),
        success_rate=0.3,
        costs=(
            CostLine("etablering", "kommune", CostKind.ETABLERING, CostBasis.TOTAL, 500_000, 2025),
            CostLine("drift", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 80_000),
            CostLine("visitation", "region", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_ONCE, 5_000),
            CostLine("sparet", "kommune", CostKind.SPARET, CostBasis.PER_PARTICIPANT_YEAR, -10_000),
        ),
        consequences=tuple(
            ConsequenceLine(
                item=f"item{k}", area=areas[k % len(areas)],
                per_success_by_year=tuple(rng.normal(0, 10, 11).round(2).tolist()),
                unit_price=tuple(rng.uniform(-500, 2000, 3).round(0).tolist()),
            )
            for k in range(items)
        ),
    )
