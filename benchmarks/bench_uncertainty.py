"""The uncertainty analysis: speed of the draws and the tornado, and the draws' memory.

1. 10.000 Monte Carlo draws against one deterministic ``calculate()``, in one run, on the
   shared benchmark case (10 cohorts, 40 consequence items, a 10-year horizon,
   ``benchmarks/cases.py``). Targets (uncertainty issue): under 0.3 s, and under 200× one
   calculation. Also the draws with 40 uncertain lines, and the tornado.
2. Memory (issue 24): ``som-xl sensitivity CASE --draws N`` on the demo case over 70 years,
   each in a fresh process, its peak resident memory (the process's own, imports included)
   for 10.000, 100.000 and 1.000.000 draws. Target: 1.000.000 draws under 300 MiB. The
   draws are computed a chunk at a time, so the peak grows only by the results (56 bytes a
   draw). The add-in's server computes at most ``som_xl.addin.config.MAX_DRAWS`` per Beregn.

Run on demand: ``python benchmarks/bench_uncertainty.py [--smoke]`` (``--smoke``: a few
draws and one small process, for the tests; nothing judged).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cases import big_case, long_demo  # noqa: E402
from som_xl.core import calculate  # noqa: E402
from som_xl.uncertainty import MonteCarloSettings, monte_carlo, tornado  # noqa: E402

MEMORY_TARGET_MIB = 300
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)  # kB on Linux
"""


def best(fn, number: int, repeat: int) -> float:
    """Best time of ``repeat`` runs, each the mean of ``number`` calls (seconds)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def speed(draws: int, repeat: int, smoke: bool) -> None:
    case = big_case()
    plain = MonteCarloSettings(draws=draws)
    per_line = MonteCarloSettings(draws=draws, line_relative=0.3)
    calculate(case), monte_carlo(case, plain)  # warm up (caches, imports)
    one = best(lambda: calculate(case), number=200, repeat=repeat)
    mc = best(lambda: monte_carlo(case, plain, 0.1, 0.45), number=1, repeat=repeat)
    mc_lines = best(lambda: monte_carlo(case, per_line, 0.1, 0.45), number=1, repeat=repeat)
    tor = best(lambda: tornado(case, low=0.1, high=0.45), number=5, repeat=repeat)
    ratio = mc / one

    def judged(ok: bool) -> str:
        return "smoke run: not judged" if smoke else "OK" if ok else "MISSED"

    print(f"one calculate()                 : {one * 1e3:8.3f} ms")
    label = f"Monte Carlo, {f'{draws:,}'.replace(',', '.')} draws"
    print(f"{label:<32}: {mc * 1e3:8.3f} ms   (target < 300 ms: {judged(mc < 0.3)})")
    print(f"  ratio to one calculate()      : {ratio:8.1f}×   (target < 200×: {judged(ratio < 200)})")
    print(f"Monte Carlo, + 40 uncertain lines: {mc_lines * 1e3:8.3f} ms   ({mc_lines / one:.1f}×)")
    print(f"tornado (11 ends, 2 calculations): {tor * 1e3:8.3f} ms")


def peak_mib(case: Path, draws: int) -> float:
    """Peak resident memory (MiB) of ``som-xl sensitivity case --draws N`` in a fresh process."""
    cmd = [sys.executable, "-m", "som_xl.cli.main", "sensitivity", str(case), "--draws", str(draws)]
    done = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(done.stdout.strip().splitlines()[-1])


def memory(counts: tuple[int, ...], smoke: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "housing_first_70.json"
        demo = json.loads((ROOT / "examples" / "housing_first.json").read_text("utf-8"))
        case.write_text(json.dumps(long_demo(demo)), "utf-8")
        print("som-xl sensitivity, the demo case over 70 years, peak resident memory of the process:")
        for draws in counts:
            mib = peak_mib(case, draws)
            target = ""
            if draws == 1_000_000 or smoke:
                ok = mib < MEMORY_TARGET_MIB
                target = f"   [target < {MEMORY_TARGET_MIB} MiB at 1.000.000 draws] " + (
                    "(smoke run: not judged)" if smoke else "OK" if ok else "MISSED")
            shown = f"{draws:>9,}".replace(",", ".")
            print(f"    {shown} draws: {mib:6.0f} MiB{target}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few draws, one small process (for the tests)")
    args = parser.parse_args(argv)
    if args.smoke:
        speed(200, 1, True)
        memory((1_000,), True)
    else:
        speed(10_000, 5, False)
        memory((10_000, 100_000, 1_000_000), False)


if __name__ == "__main__":
    main()
