"""A straightforward pure-Python implementation of the SØM formulas.

It is a second, independent oracle for the numpy core (tests compare the two on
generated cases) and the baseline of ``benchmarks/bench_core.py``. It follows
``docs/method.md`` literally: loops over years, cohorts, lines and actors.
"""

ACTORS = ("kommune", "region", "stat")


def rate_for(case, u):
    for band in case.discount.bands:
        if band.year_from <= u and (band.year_to is None or u <= band.year_to):
            return band.rate
    raise ValueError(u)


def loop_calculate(case):
    """Return dict with costs, gains, net (lists [actor][t], actors + total) and npv."""
    T = case.horizon_years
    years = [case.start_year + i for i in range(T)]
    factors = []
    f = 1.0
    for i in range(T):
        if i > 0:
            f = f / (1.0 + rate_for(case, i))
        factors.append(f)
    costs = [[0.0] * T for _ in ACTORS]
    gains = [[0.0] * T for _ in ACTORS]
    D = case.duration_years
    for i, year in enumerate(years):
        for line in case.costs:
            a = ACTORS.index(line.payer)
            if line.basis == "per_participant_year":
                n = sum(c.participants for c in case.cohorts if c.year <= year < c.year + D)
                costs[a][i] += line.amount * n
            elif line.basis == "per_participant_once":
                n = sum(c.participants for c in case.cohorts if c.year == year)
                costs[a][i] += line.amount * n
            elif line.year == year:
                costs[a][i] += line.amount
        for cohort in case.cohorts:
            success_year = cohort.year + D - 1
            tau = year - success_year
            fixed = getattr(cohort, "successes", None)  # a follow-up's observed count
            successes = cohort.participants * case.success_rate if fixed is None else fixed
            for line in case.consequences:
                if 0 <= tau < len(line.per_success_by_year):
                    q = line.per_success_by_year[tau]
                    price = line.unit_price
                    for change_year, changed in line.price_changes:  # ascending: the last one in force wins
                        if change_year <= year:
                            price = changed
                    for a in range(3):
                        gains[a][i] += -successes * q * price[a]
    out = {"years": years, "factors": factors}
    for name, arr in (("costs", costs), ("gains", gains)):
        out[name] = arr + [[sum(arr[a][i] for a in range(3)) for i in range(T)]]
    out["net"] = [[out["gains"][a][i] - out["costs"][a][i] for i in range(T)] for a in range(4)]
    out["npv"] = [sum(out["net"][a][i] * factors[i] for i in range(T)) for a in range(4)]
    return out
