"""Time one core calculation of a 10-cohort, 40-item, 10-year case against a
straightforward pure-Python loop over the same formulas, measured in one run.

Targets (issue 2): the core ≥ 20× faster than the loop, and under 2 ms.
Run: ``python benchmarks/bench_core.py``. ``calculate()`` is timed on a built CaseInput;
the time to build one (random data, lines converted to arrays) is printed separately.
"""

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cases import big_case  # noqa: E402
from som_xl.core import calculate  # noqa: E402
from tests.core.loop_oracle import loop_calculate  # noqa: E402


def best(fn, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    case = big_case()
    calculate(case)  # warm up
    core = best(lambda: calculate(case), number=200)
    loop = best(lambda: loop_calculate(case), number=5)
    print(f"core calculate : {core * 1e3:8.3f} ms   (target < 2 ms: {'OK' if core < 2e-3 else 'MISSED'})")
    print(f"pure-Python loop: {loop * 1e3:8.3f} ms")
    # CaseInput converts its lines to arrays once, when it is built (the case layer does
    # this once per calculation); shown so the core's number is not read as the whole.
    build = best(big_case, number=20)
    print(f"building the CaseInput (once per case, arrays included): {build * 1e3:.3f} ms")
    ratio = loop / core
    print(f"speed-up        : {ratio:8.1f}×   (target ≥ 20×: {'OK' if ratio >= 20 else 'MISSED'})")


if __name__ == "__main__":
    main()
