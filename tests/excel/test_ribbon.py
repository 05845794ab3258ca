"""The ribbon entry points headless: Beregn and Opdatér viden on memory and openpyxl workbooks."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from som_xl.case import compute
from som_xl.excel.ribbon import beregn, opdater_viden
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from tests.excel.conftest import AlertingMemoryBackend, case_with_costs, filled


def _key_figures(backend):
    return backend.read(L.KEY_FIGURES.name).values


def test_beregn_writes_the_key_figures_of_compute(case, knowledge):
    backend = filled(case, knowledge)
    outcome = beregn(backend=backend, knowledge=knowledge)
    assert outcome.ok
    r = compute(case, knowledge).results
    kf = _key_figures(backend)
    for row, expected in enumerate((r.pv_costs, r.pv_gains, r.npv, r.npv_per_participant)):
        assert kf[row] == pytest.approx([float(v) for v in expected], rel=1e-12)
    # region and state have no costs (and, since 2026.3.0, no gains from the one § 110 line): "–"
    assert kf[6] == [pytest.approx(float(v)) if v is not None else
                     ("uanset succesrate" if r.no_net_costs[a] and r.pv_gains_at_full_success[a] > 0 else "–")
                     for a, v in enumerate(r.break_even_success_rate)]
    assert backend.read(L.STATUS.name).values[0][0]
    assert backend.read(L.KNOWLEDGE_VIEW.name).values[0][:2] == ["Målgruppe", "Voksne i hjemløshed"]


@pytest.mark.parametrize("n_costs", [1, 30])
def test_one_recalculation_is_a_handful_of_range_calls(case_data, knowledge, n_costs):
    backend = filled(case_with_costs(case_data, n_costs), knowledge)
    assert beregn(backend=backend, knowledge=knowledge).ok
    # 7 input ranges (the Opfølgning grid among them), the sensitivity settings, the last
    # provenance and the other municipalities' figures Søg erfaringer stored, for the report
    # (10 today); one write per output range (the Opfølgning sheet's four among them). The
    # same for 1 or 30 lines (next test).
    assert backend.reads <= 10 and backend.writes <= 24, (backend.reads, backend.writes)
    # Recalculating a computed workbook also reads the previous key figures and prices
    # (to warn if the knowledge changed): still 12 reads at most.
    backend.reads = backend.writes = 0
    assert beregn(backend=backend, knowledge=knowledge).ok
    assert backend.reads <= 12 and backend.writes <= 24, (backend.reads, backend.writes)


def test_range_calls_do_not_grow_with_lines(case_data, knowledge):
    counts = []
    for n in (1, 30):
        backend = filled(case_with_costs(case_data, n), knowledge)
        beregn(backend=backend, knowledge=knowledge)
        counts.append((backend.reads, backend.writes))
    assert counts[0] == counts[1]


def test_invalid_input_is_shown_on_the_sheet_and_in_a_message_box(case, knowledge):
    backend = filled(case, knowledge, AlertingMemoryBackend())
    backend.set(L.SETTINGS.name, 11, 0, 1.5)  # success rate 150 %
    outcome = beregn(backend=backend, knowledge=knowledge)
    assert not outcome.ok
    assert backend.read(L.STATUS.name).values[0][0].startswith("Fejl: 1 problem")
    assert "Indsats!C16" in backend.read(L.MESSAGES.name).values[0][0]
    assert backend.alerts and "1 fejl i input" in backend.alerts[0][1]


class _BrokenKnowledge:
    def __getattr__(self, name):
        raise RuntimeError("vidensdatabasen er i stykker")


def test_an_error_inside_an_entry_point_is_a_danish_status_not_an_exception(case, knowledge):
    backend = filled(case, knowledge, AlertingMemoryBackend())
    for entry in (beregn, opdater_viden):
        assert entry(backend=backend, knowledge=_BrokenKnowledge()) is None
        status = backend.read(L.STATUS.name).values[0][0]
        assert status.startswith("Fejl: ") and "intern fejl (RuntimeError: vidensdatabasen er i stykker)" in status
        assert "SOM_XL_DEBUG" in status
        assert backend.alerts[-1][0].startswith("SØM – ")


def test_missing_named_range_gives_a_danish_message(knowledge):
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.template import build_workbook

    wb = build_workbook(knowledge)
    del wb.defined_names[L.COSTS.name]
    backend = OpenpyxlBackend(wb)
    assert beregn(backend=backend, knowledge=knowledge) is None
    status = wb[L.RESULTATER].cell(row=L.STATUS.first_row, column=L.STATUS.first_col).value
    assert status.startswith("Fejl: Beregn blev ikke gennemført: som_omkostninger: det navngivne område")


def test_traceback_is_logged_only_with_som_xl_debug(case, knowledge, monkeypatch, caplog):
    backend = filled(case, knowledge)
    with caplog.at_level(logging.DEBUG, logger="som_xl.excel.ribbon"):
        monkeypatch.delenv("SOM_XL_DEBUG", raising=False)
        beregn(backend=backend, knowledge=_BrokenKnowledge())
        assert not [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]
        monkeypatch.setenv("SOM_XL_DEBUG", "1")
        beregn(backend=backend, knowledge=_BrokenKnowledge())
        assert [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]


def test_without_excel_the_entry_points_return_none_instead_of_raising():
    # On Linux xw.Book.caller() raises; the entry point reports and returns.
    assert beregn() is None and opdater_viden() is None


def test_through_the_openpyxl_backend(case, knowledge):
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.template import build_workbook

    wb = build_workbook(knowledge)
    backend = filled(case, knowledge, OpenpyxlBackend(wb))
    problems = opdater_viden(backend=backend, knowledge=knowledge)
    assert problems[0].severity == "info"
    assert wb[L.VIDEN].cell(row=L.KNOWLEDGE_VIEW.first_row, column=2).value == "Voksne i hjemløshed"
    assert beregn(backend=backend, knowledge=knowledge).ok
    r = compute(case, knowledge).results
    ws = wb[L.RESULTATER]
    npv = [ws.cell(row=L.KEY_FIGURES.first_row + 2, column=L.KEY_FIGURES.first_col + j).value for j in range(4)]
    assert npv == pytest.approx([float(v) for v in r.npv], rel=1e-12)
    assert backend.reads <= 11 + 3 and backend.writes <= 29 + 5 + 3


def test_importing_the_ribbon_module_imports_nothing_heavy():
    code = ("import sys, som_xl.excel.ribbon; "
            "print([m for m in ('numpy', 'pandas', 'openpyxl', 'xlwings') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


PRESS_IN_A_FRESH_PROCESS = """
import json, sys
import xlwings as xw
from tests.excel.fake_book import FakeBook
book = FakeBook({(s, r, c): v for s, r, c, v in json.load(open(sys.argv[1], encoding="utf-8"))})
xw.Book.caller = classmethod(lambda cls: book)  # as RunPython hands the ribbon the calling workbook
import som_xl.excel.ribbon as ribbon
ribbon.beregn()
print(book.app.alerts, book.range_writes > 0, [m for m in ("openpyxl", "som_xl.workbook.safe_open")
                                               if m in sys.modules])
"""


def test_a_press_of_beregn_in_a_fresh_process_loads_no_openpyxl(case, knowledge, tmp_path):
    """On macOS every press starts Python anew (bench_latency.py): openpyxl's ≈0.2 s is for files only."""
    backend = filled(case, knowledge)
    for i, f in enumerate(L.SENSITIVITY_FIELDS):
        backend.set(L.SENSITIVITY.name, i, 0, f.default)
    cells = tmp_path / "cells.json"
    cells.write_text(json.dumps([[s, r, c, v] for (s, r, c), v in backend.cells.items()], ensure_ascii=False), "utf-8")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", PRESS_IN_A_FRESH_PROCESS, str(cells)], cwd=root,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] True []", done.stdout + done.stderr

def test_memory_backend_alert_hook_is_optional(case, knowledge):
    backend = filled(case, knowledge, MemoryBackend())
    backend.set(L.SETTINGS.name, 11, 0, 1.5)
    assert not beregn(backend=backend, knowledge=knowledge).ok  # no alert method: no crash
