"""``som-xl recalc`` wall time on the demo workbook, against a bare openpyxl load+save of
the same file, measured in one run. Target (issue 3): ≤ 1.5×.

Run: ``python benchmarks/bench_workbook.py [--smoke]`` (``--smoke``: once each, for the
tests; nothing judged).
"""

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook  # noqa: E402

from som_xl.case import parse_case, read_case_file  # noqa: E402
from som_xl.knowledge import load_knowledge  # noqa: E402
from som_xl.paths import examples_dir, template_path  # noqa: E402
from som_xl.service.workbooks import (
    fill_from_case,  # noqa: E402
    recalc_file,  # noqa: E402
)


def best_of(fn, n=7) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="once each (for the tests)")
    smoke = parser.parse_args(argv).smoke
    runs = 1 if smoke else 7
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.xlsm"
        fill_from_case(demo, parse_case(read_case_file(examples_dir() / "housing_first.json")), knowledge,
                       base=template_path())
        bare_path = Path(tmp) / "bare.xlsm"
        shutil.copy(demo, bare_path)

        def bare():
            wb = load_workbook(bare_path, keep_vba=True)
            buf = io.BytesIO()
            wb.save(buf)
            bare_path.write_bytes(buf.getvalue())

        def recalc():
            recalc_file(demo, knowledge)

        recalc()  # warm caches (knowledge, imports)
        t_bare = best_of(bare, runs)
        t_recalc = best_of(recalc, runs)
    ratio = t_recalc / t_bare
    print(f"bare openpyxl load+save: {t_bare * 1e3:7.1f} ms")
    print(f"som-xl recalc          : {t_recalc * 1e3:7.1f} ms")
    verdict = "smoke run: not judged" if smoke else "OK" if ratio <= 1.5 else "MISSED"
    print(f"ratio                  : {ratio:7.2f}×   (target ≤ 1.5×: {verdict})")


if __name__ == "__main__":
    main()
