"""Time the exact selection over 40 interventions (the most the portfolio allows).

Random values and budget costs (seeded), a budget of a third of the positive costs, so
that the choice is neither everything nor nothing. Target (issue 16): under 1 s.
Also printed: the greedy answer's time and value, and combining 40 computed cases
onto one price level. Run on demand: ``python benchmarks/bench_portfolio.py [--smoke]``
(``--smoke``: 12 interventions, once each, for the tests; nothing judged).
"""

import argparse
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cases import big_case  # noqa: E402
from som_xl.core import calculate  # noqa: E402
from som_xl.portfolio import MAX_EXACT, Intervention, combine, select_exact, select_greedy  # noqa: E402


def best(fn, number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="12 interventions, once (for the tests)")
    smoke = parser.parse_args(argv).smoke
    n, repeat = (12, 1) if smoke else (MAX_EXACT, 3)
    rng = np.random.default_rng(16)
    values = rng.normal(1e6, 2e6, n)
    costs = rng.normal(2e6, 1.5e6, n)
    budget = float(np.clip(costs, 0, None).sum() / 3)
    exact = best(lambda: select_exact(values, costs, budget), number=1, repeat=repeat)
    greedy = best(lambda: select_greedy(values, costs, budget), number=1 if smoke else 20, repeat=repeat)
    e, g = select_exact(values, costs, budget), select_greedy(values, costs, budget)
    verdict = "smoke run: not judged" if smoke else "OK" if exact < 1 else "MISSED"
    print(f"exact selection, {n} interventions : {exact * 1e3:8.1f} ms   (target < 1 s: {verdict})")
    print(f"greedy selection                 : {greedy * 1e3:8.3f} ms")
    print(f"  exact chooses {len(e.chosen)}, value {e.value:,.0f} kr.; greedy {len(g.chosen)}, "
          f"value {g.value:,.0f} kr. ({(e.value - g.value) / abs(e.value):.1%} less)")
    results = [calculate(big_case()) for _ in range(n)]
    items = [Intervention.from_results(r, title=str(k), price_year=2024 + k % 2) for k, r in enumerate(results)]
    comb = best(lambda: combine(items, lambda f, t: 1.02), number=1 if smoke else 5, repeat=repeat)
    print(f"combining {n} computed cases         : {comb * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
