"""Import time of the Excel entry points, and what pandas costs them.

Excel starts Python for the worksheet functions (the UDF server) and, on macOS (or on
Windows without the UDF server), for every ribbon press (RunPython), and both import
xlwings first, which imports pandas whenever it is installed. So:

1. ``python -X importtime -c "import MODULE"`` for ``som_xl.excel.ribbon`` and
   ``som_xl.excel.udfs``: the total and the five largest cumulative imports
   (target: each under 0.6 s);
2. a fresh process importing the UDF module the way Excel's Python does
   (``import xlwings.utils`` first), with pandas and without it (an import hook makes
   ``import pandas`` fail as if it were not installed), alternating, against
   ``python -c "import numpy"``: wall-clock medians and peak memory. som_xl never imports
   pandas; it is the optional extra ``som-xl[pandas]``.

Run: ``python benchmarks/bench_import.py [--runs N] [--smoke]`` (exit code 1 if a module
exceeds the target; ``--smoke`` runs everything once and judges nothing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time

MODULES = ("som_xl.excel.ribbon", "som_xl.excel.udfs")
TARGET_S = 0.6
NO_PANDAS = """
import importlib.abc, sys
class NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, NoPandas())
"""
EXCEL_START = """
import json, sys
import xlwings.utils, som_xl.excel.udfs
try:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
except ImportError:  # Windows
    peak = float("nan")
print(json.dumps({"pandas": "pandas" in sys.modules, "peak_mb": peak}))
"""


def import_times(module: str) -> list[tuple[int, str]]:
    """(cumulative µs, module name) for every import ``import module`` performs."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, _self, cumulative, name = line.replace("import time:", "|").split("|")
        rows.append((int(cumulative), name[1:].rstrip()))  # keep the indentation: nesting level
    return rows


def _timed(code: str) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = done.stdout.strip().splitlines()
    return time.perf_counter() - start, json.loads(lines[-1]) if lines else {}


def pandas_or_not(runs: int) -> None:
    """Measurement 2: Excel's start of the UDF module with pandas, without it, and numpy alone."""
    have_pandas = importlib.util.find_spec("pandas") is not None
    kinds = {"without pandas": NO_PANDAS + EXCEL_START, "import numpy": "import numpy"}
    if have_pandas:
        kinds = {"with pandas": EXCEL_START, **kinds}
    for code in kinds.values():
        _timed(code)  # warm the file cache
    times: dict[str, list[float]] = {k: [] for k in kinds}
    reports: dict[str, dict] = {}
    for _ in range(runs):
        for kind, code in kinds.items():
            seconds, reports[kind] = _timed(code)
            times[kind].append(seconds)
    numpy = statistics.median(times["import numpy"])
    print("a fresh process importing the UDF module as Excel's Python does (import xlwings.utils first):")
    for kind in kinds:
        if kind == "import numpy":
            continue
        median, report = statistics.median(times[kind]), reports[kind]
        print(f"    {kind:<15} {median:.3f} s ({median / numpy:.1f}× python -c 'import numpy', {numpy:.3f} s), "
              f"peak {report['peak_mb']:.0f} MB, pandas imported: {report['pandas']}")
    if have_pandas:
        ratio = statistics.median(times["with pandas"]) / statistics.median(times["without pandas"])
        print(f"    with pandas / without: {ratio:.2f}×")
    else:
        print("    (pandas is not installed here: only the start without it is measured)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each start (default 7)")
    parser.add_argument("--smoke", action="store_true", help="everything once, judged by nothing (for the tests)")
    args = parser.parse_args(argv)
    slow = False
    for module in MODULES:
        rows = import_times(module)
        top_level = [r for r in rows if not r[1].startswith(" ")]
        total = sum(us for us, _ in top_level) / 1e6
        own = next((us for us, name in rows if name == module), 0) / 1e6
        slow |= total > TARGET_S
        judged = "(smoke run: not judged)" if args.smoke else ("OK" if total <= TARGET_S else "TOO SLOW")
        print(f"{module}: total {total:.3f} s (interpreter start-up imports included), "
              f"module {own:.3f} s  [target < {TARGET_S} s] {judged}")
        for us, name in sorted(rows, reverse=True)[:5]:
            print(f"    {us / 1e6:8.3f} s  {name.strip()}")
    pandas_or_not(1 if args.smoke else args.runs)
    return 1 if slow and not args.smoke else 0


if __name__ == "__main__":
    sys.exit(main())
