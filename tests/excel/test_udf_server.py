"""Beregn at once on Windows (issue 24): the template lets RunPython use xlwings' UDF server,
so the ribbon's Python runs in the process that already serves the worksheet functions, and
macOS keeps a fresh Python per press because xlwings' own RunPython takes its Mac branch
before it reads the setting. The ribbon's entry point works through ``xw.Book.caller()`` in
a process where xlwings was imported first, press after press, as in the server."""

from __future__ import annotations

import re
import subprocess
import sys

import openpyxl

from som_xl.paths import template_path
from som_xl.workbook import layout as L
from som_xl.workbook.vba_sources import xlwings_vba_sources


def test_the_template_lets_runpython_use_the_udf_server():
    ws = openpyxl.load_workbook(template_path(), read_only=True)[L.XLWINGS_CONF]
    conf = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert conf["Use UDF Server"] is True
    assert conf["UDF Modules"] == "som_xl.excel.udfs"


def _run_python_body() -> str:
    xlwings = next(m for m in xlwings_vba_sources() if m.name == "xlwings")
    return re.search(r"Public Function RunPython\(.*?\nEnd Function", xlwings.source, re.S).group(0)


def test_macos_ignores_the_setting_in_xlwings_own_runpython():
    """xlwings.bas (the module the template embeds): the call is ``#If Mac Then ExecuteMac …
    #Else If OPTIMIZED_CONNECTION … XLPy.Exec … #End If``: the UDF server only on Windows."""
    body = _run_python_body()
    assert 'OPTIMIZED_CONNECTION = GetConfig("USE UDF SERVER", False)' in body
    call = body[body.index("' Call Python platform-dependent"):]
    mac, windows = re.search(r"#If Mac Then(.*?)#Else(.*?)#End If", call, re.S).groups()
    assert "ExecuteMac PythonCommand" in mac and "OPTIMIZED_CONNECTION" not in mac
    assert "If OPTIMIZED_CONNECTION = True Then" in windows and 'XLPy.Exec "" & PythonCommand' in windows
    assert "ExecuteWindows(False, PythonCommand" in windows  # without the server: a fresh Python


PRESSES = r"""
import json, sys
import xlwings.utils, xlwings as xw  # what the UDF server (and a fresh RunPython) imports first
from som_xl.case import parse_case, read_case_file
from som_xl.knowledge import load_knowledge
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook import layout as L
from som_xl.workbook.inputs_writer import write_case_inputs
from tests.excel.fake_book import FakeBook

memory = MemoryBackend()
write_case_inputs(memory, parse_case(read_case_file(sys.argv[1])), load_knowledge())
book = FakeBook(memory.cells)
xw.Book.caller = classmethod(lambda cls: book)  # xlwings sets the caller before XLPy.Exec
npvs = []
for _ in range(3):  # the command the ribbon's VBA hands to RunPython, three presses
    exec("import som_xl.excel.ribbon as r; r.beregn()")
    npvs.append(memory.read(L.KEY_FIGURES.name).values[2])
print(json.dumps({"npvs": npvs, "screen": book.app.screen_updating, "alerts": book.app.alerts}))
"""


def test_beregn_through_book_caller_press_after_press(tmp_path):
    import json

    from som_xl.case import load_and_compute
    from som_xl.paths import examples_dir
    from tests.excel.conftest import ROOT

    demo = examples_dir() / "housing_first.json"
    done = subprocess.run([sys.executable, "-c", PRESSES, str(demo)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    expected = [float(v) for v in load_and_compute(demo).results.npv]
    assert out["npvs"] == [expected] * 3 and out["screen"] is True and out["alerts"] == []
