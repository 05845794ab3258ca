"""Time one core calculation of a 10-cohort, 40-item, 10-year case against a
straightforward pure-Python loop over the same formulas, measured in one run; and what the
sourcing of a calculation (``som_xl.case.sourcing``) costs on the largest case the schema
allows, against the loop over lines × years it replaced (issue 24).

Targets (issue 2): the core ≥ 20× faster than the loop, and under 2 ms.
Run: ``python benchmarks/bench_core.py [--smoke]``. ``calculate()`` is timed on a built
CaseInput; the time to build one (random data, lines converted to arrays) is printed
separately. ``--smoke`` times everything once (for the tests) and judges nothing.
"""

import argparse
import json
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cases import big_case, schema_max_case  # noqa: E402
from som_xl.core import calculate  # noqa: E402
from tests.core.loop_oracle import loop_calculate  # noqa: E402


def best(fn, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def sourcing(repeat: int) -> None:
    """compute_sourcing on the schema's largest case and on the demo, and the old loop."""
    from som_xl.case import compute, parse_case
    from som_xl.case.sourcing import compute_sourcing
    from som_xl.knowledge import load_knowledge
    from tests.cases.sourcing_oracle import loop_sourcing

    knowledge = load_knowledge()
    demo = json.loads((ROOT / "examples" / "housing_first.json").read_text("utf-8"))
    for name, data in (("the demo", demo), ("the schema's largest case",
                                            schema_max_case(demo, [i.item for i in knowledge.items()]))):
        comp = compute(parse_case(data), knowledge)
        args = (comp.resolution, comp.results)
        new = best(lambda a=args: compute_sourcing(*a), number=3, repeat=repeat)
        old = best(lambda a=args: loop_sourcing(*a), number=1, repeat=max(1, repeat // 2))
        K, _, T = comp.results.gains_by_item.shape
        print(f"sourcing, {name} ({K} lines × {T} years): {new * 1e3:7.2f} ms; the loop it replaced "
              f"{old * 1e3:7.2f} ms ({old / new:.1f}×)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="everything once (for the tests), nothing judged")
    smoke = parser.parse_args(argv).smoke
    repeat, n = (1, 1) if smoke else (7, 1)
    case = big_case()
    calculate(case)  # warm up
    core = best(lambda: calculate(case), number=1 if smoke else 200, repeat=repeat)
    loop = best(lambda: loop_calculate(case), number=1 if smoke else 5, repeat=repeat)

    def judged(ok: bool) -> str:
        return "smoke run: not judged" if smoke else "OK" if ok else "MISSED"

    print(f"core calculate : {core * 1e3:8.3f} ms   (target < 2 ms: {judged(core < 2e-3)})")
    print(f"pure-Python loop: {loop * 1e3:8.3f} ms")
    # CaseInput converts its lines to arrays once, when it is built (the case layer does
    # this once per calculation); shown so the core's number is not read as the whole.
    build = best(big_case, number=n if smoke else 20, repeat=repeat)
    print(f"building the CaseInput (once per case, arrays included): {build * 1e3:.3f} ms")
    ratio = loop / core
    print(f"speed-up        : {ratio:8.1f}×   (target ≥ 20×: {judged(ratio >= 20)})")
    sourcing(repeat)


if __name__ == "__main__":
    main()
