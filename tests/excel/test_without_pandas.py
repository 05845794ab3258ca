"""pandas is no requirement (issue 24): som_xl never imports it, and xlwings imports it on
every start of Excel's Python when it is installed, so it is an optional extra
(``som-xl[pandas]``). Where pandas is absent the worksheet functions and the ribbon work."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WITHOUT = r"""
import importlib.abc, sys
class NoPandas(importlib.abc.MetaPathFinder):  # as if it were not installed
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, NoPandas())
sys.modules.pop("pandas", None)
import xlwings.utils, xlwings  # first, as Excel's Python does
import som_xl.excel.udfs as u
from som_xl.excel.ribbon import beregn
from som_xl.case import parse_case, read_case_file
from som_xl.knowledge import load_knowledge
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs
k = load_knowledge()
backend = MemoryBackend()
write_case_inputs(backend, parse_case(read_case_file(sys.argv[1])), k)
assert beregn(backend=backend, knowledge=k).ok
print(u.SOM_NUTIDSVAERDI([[100.0, 103.5]], 0.035), "pandas" in sys.modules)
"""


def test_pandas_is_an_optional_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.split(">")[0].split("=")[0].strip() == "pandas"]
    assert project["optional-dependencies"]["pandas"] == ["pandas>=2.1"]


def test_excel_path_works_without_pandas():
    demo = ROOT / "examples" / "housing_first.json"
    out = subprocess.run([sys.executable, "-c", WITHOUT, str(demo)], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.split()
    assert out == ["200.0", "False"]
