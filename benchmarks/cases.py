"""The benchmark cases: a 10-cohort, 40-item, 10-year core input, the demo case file over a
70-year horizon, and the largest case file the schema allows."""

import copy

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


def long_demo(demo: dict, horizon: int = 70) -> dict:
    """The demo case file over ``horizon`` years (the schema's longest)."""
    data = copy.deepcopy(demo)
    data["settings"]["horizon_years"] = horizon
    return data


def schema_max_case(demo: dict, knowledge_items: list[str], *, horizon: int = 70, lines: int = 500,
                    costs: int = 1000) -> dict:
    """The largest case file the schema allows, made from the demo case file.

    ``horizon`` years (schema maximum 70) with a cohort starting in each of them, ``costs``
    cost lines (maximum 1000) and ``lines`` consequence lines (maximum 500) with a profile of
    71 years each: every item of the knowledge package (``knowledge_items``, so price
    changes and illustrative and sourced figures all appear), the rest own items with
    their own prices (maximum 500), and a local price for every other knowledge item.
    An own target group, so the lines are the case's own.
    """
    rng = np.random.default_rng(24)
    data = long_demo(demo, horizon)
    start = data["settings"]["start_year"]
    data["target_group"] = None
    data["effect"].pop("outcome", None)
    data["programme"]["cohorts"] = [{"year": start + i, "participants": 10 + i % 7} for i in range(horizon)]
    kinds = [("drift", "per_participant_year"), ("drift", "per_participant_once"), ("etablering", "total")]
    data["costs"] = []
    for i in range(costs):
        kind, basis = kinds[i % len(kinds)]
        line = {"label": f"Omkostning {i + 1}", "payer": ("kommune", "region", "stat")[i % 3], "kind": kind,
                "basis": basis, "amount": float(rng.integers(100, 5000))}
        if basis == "total":
            line["year"] = start + i % horizon
        data["costs"].append(line)
    own = [f"egen_vare_{i}" for i in range(lines - len(knowledge_items))]
    data["consequences"] = [{"item": item, "per_success_by_year": rng.normal(0, 3, 71).round(2).tolist()}
                            for item in [*knowledge_items, *own]]
    data["items"] = [{"item": item, "name": f"Egen vare {i}", "unit": "stk", "area": "socialt",
                      "price_year": start, "kommune": float(rng.integers(0, 3000)), "region": 0.0,
                      "stat": float(rng.integers(0, 1000)), "source": "Kommunens skøn"}
                     for i, item in enumerate(own)]
    data["local_prices"] = [{"item": item, "price_year": start, "kommune": 500.0, "region": 0.0, "stat": 100.0,
                             "source": "Kommunens egen pris"} for item in knowledge_items[::2]]
    return data
