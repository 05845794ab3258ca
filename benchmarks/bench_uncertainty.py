"""Time 10,000 Monte Carlo draws against one deterministic calculation, in one run.

The case is the shared benchmark case (10 cohorts, 40 consequence items, a 10-year
horizon, ``benchmarks/cases.py``), built in code. Targets (uncertainty issue): the draws
in under 0.3 s, and under 200× one deterministic ``calculate()``. Run on demand, not in
the tests: ``python benchmarks/bench_uncertainty.py``.
"""

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cases import big_case
from som_xl.core import calculate
from som_xl.uncertainty import MonteCarloSettings, monte_carlo, tornado


def best(fn, number: int, repeat: int) -> float:
    """Best time of ``repeat`` runs, each the mean of ``number`` calls (seconds)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    case = big_case()
    plain = MonteCarloSettings(draws=10_000)
    per_line = MonteCarloSettings(draws=10_000, line_relative=0.3)
    calculate(case), monte_carlo(case, plain)  # warm up (caches, imports)
    one = best(lambda: calculate(case), number=200, repeat=7)
    mc = best(lambda: monte_carlo(case, plain, 0.1, 0.45), number=1, repeat=5)
    mc_lines = best(lambda: monte_carlo(case, per_line, 0.1, 0.45), number=1, repeat=5)
    tor = best(lambda: tornado(case, low=0.1, high=0.45), number=5, repeat=5)
    ratio = mc / one
    print(f"one calculate()                 : {one * 1e3:8.3f} ms")
    print(f"Monte Carlo, 10.000 draws       : {mc * 1e3:8.3f} ms   (target < 300 ms: {'OK' if mc < 0.3 else 'MISSED'})")
    print(f"  ratio to one calculate()      : {ratio:8.1f}×   (target < 200×: {'OK' if ratio < 200 else 'MISSED'})")
    print(f"Monte Carlo, + 40 uncertain lines: {mc_lines * 1e3:8.3f} ms   ({mc_lines / one:.1f}×)")
    print(f"tornado (12 scenarios)          : {tor * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
