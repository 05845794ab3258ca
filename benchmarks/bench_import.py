"""Import time of the Excel entry points (target: each under 0.6 s).

Excel starts a fresh Python for every ribbon click (RunPython) and when the UDF server
starts, so the import time of ``som_xl.excel.ribbon`` and ``som_xl.excel.udfs`` is
time the user waits. Runs ``python -X importtime -c "import MODULE"`` in a subprocess
and prints the total and the five largest cumulative imports.

Run: ``python benchmarks/bench_import.py``  (exit code 1 if a module exceeds the target).
"""

from __future__ import annotations

import subprocess
import sys

MODULES = ("som_xl.excel.ribbon", "som_xl.excel.udfs")
TARGET_S = 0.6


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


def main() -> int:
    slow = False
    for module in MODULES:
        rows = import_times(module)
        top_level = [r for r in rows if not r[1].startswith(" ")]
        total = sum(us for us, _ in top_level) / 1e6
        own = next((us for us, name in rows if name == module), 0) / 1e6
        slow |= total > TARGET_S
        print(f"{module}: total {total:.3f} s (interpreter start-up imports included), "
              f"module {own:.3f} s  [target < {TARGET_S} s] {'OK' if total <= TARGET_S else 'TOO SLOW'}")
        for us, name in sorted(rows, reverse=True)[:5]:
            print(f"    {us / 1e6:8.3f} s  {name.strip()}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
