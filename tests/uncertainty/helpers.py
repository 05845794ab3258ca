"""Small hand-built cases for the uncertainty tests (CaseInput objects, no files)."""

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


def housing_case(success_rate: float = 0.25, horizon: int = 10) -> CaseInput:
    """60 participants in three cohorts, two-year programme, costs on kommune and region
    (with an avoided cost), consequences that give gains to all three actors."""
    return CaseInput(
        start_year=2025, horizon_years=horizon, discount=FM, duration_years=2,
        cohorts=(Cohort(2025, 20), Cohort(2026, 20), Cohort(2027, 20)),
        success_rate=success_rate,
        costs=(
            CostLine("Opkvalificering", "kommune", CostKind.ETABLERING, CostBasis.TOTAL, 250_000, 2025),
            CostLine("Bostøtte", "kommune", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_YEAR, 85_000),
            CostLine("Visitation", "region", CostKind.DRIFT, CostBasis.PER_PARTICIPANT_ONCE, 6_000),
            CostLine("Sparet herberg", "kommune", CostKind.SPARET, CostBasis.PER_PARTICIPANT_YEAR, -20_000),
        ),
        consequences=(
            ConsequenceLine("forsorgshjem_nat", "socialt", (-120, -100, -80, -70, -60, -50, -40, -30),
                            (700.0, 0.0, 700.0)),
            ConsequenceLine("psykiatri_dag", "sundhed", (-6, -5, -4, -3, -2, -2), (0.0, 4_500.0, 0.0)),
            ConsequenceLine("beskaeftigelse_uge", "beskaeftigelse", (2, 6, 10, 12, 12, 12, 12, 12, 12, 12),
                            (-500.0, 0.0, -1_500.0)),
        ),
    )
