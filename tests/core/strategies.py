"""Hypothesis strategies for core inputs (CaseInput)."""

from hypothesis import strategies as st

from som_xl.core import (
    CaseInput,
    Cohort,
    ConsequenceLine,
    CostBasis,
    CostKind,
    CostLine,
    DiscountSchedule,
)

money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
price = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)
quantity = st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def case_inputs(draw, max_horizon=15, schedule=None):
    start = draw(st.integers(2020, 2030))
    horizon = draw(st.integers(1, max_horizon))
    duration = draw(st.integers(1, 4))
    years = draw(st.lists(st.integers(start, start + horizon - 1), min_size=1, max_size=5, unique=True))
    cohorts = tuple(Cohort(y, draw(st.integers(0, 500))) for y in sorted(years))
    costs = []
    for _ in range(draw(st.integers(0, 4))):
        basis = draw(st.sampled_from(list(CostBasis)))
        kind = draw(st.sampled_from(list(CostKind)))
        amount = draw(money) * (-1 if kind is CostKind.SPARET else 1)
        costs.append(CostLine(
            label="x", payer=draw(st.sampled_from(["kommune", "region", "stat"])), kind=kind,
            basis=basis, amount=amount,
            year=draw(st.integers(start, start + horizon - 1)) if basis is CostBasis.TOTAL else None,
        ))
    lines = tuple(
        ConsequenceLine(
            item=f"i{k}", area=draw(st.sampled_from(["socialt", "sundhed", "skat"])),
            per_success_by_year=tuple(draw(st.lists(quantity, min_size=1, max_size=12))),
            unit_price=(draw(price), draw(price), draw(price)),
            # sometimes the price changes from a calendar year on (a reform), possibly before the start
            price_changes=tuple(sorted(
                (y, (draw(price), draw(price), draw(price)))
                for y in draw(st.lists(st.integers(start - 2, start + horizon + 1), max_size=2, unique=True)))),
        )
        for k in range(draw(st.integers(0, 5)))
    )
    if schedule is None:
        schedule = DiscountSchedule.constant(draw(st.floats(0, 0.1)))
    return CaseInput(
        start_year=start, horizon_years=horizon, discount=schedule, duration_years=duration,
        cohorts=cohorts, success_rate=draw(st.floats(0, 1)), costs=tuple(costs), consequences=lines,
    )
