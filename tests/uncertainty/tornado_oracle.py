"""The tornado as it was computed before issue 24: every end of every row an ordinary core
calculation of the varied input (``calculate(variation.apply(case))``). Kept as the tests'
oracle for the tornado that derives the linear rows from the case's components."""

from __future__ import annotations

import numpy as np

from som_xl.core import TOTAL_INDEX, calculate
from som_xl.uncertainty.tornado import Scenario, TornadoRow, TornadoTable, _factors, _scenario_order
from som_xl.uncertainty.variations import SensitivitySettings


def run_based_tornado(case, settings: SensitivitySettings | None = None, low=None, high=None) -> TornadoTable:
    settings = settings or SensitivitySettings()
    base = calculate(case)
    lo, hi, source = settings.success.resolve(case.success_rate, low, high)
    cache: dict = {}

    def run(v):
        if v not in cache:
            r = calculate(v.apply(case))
            cache[v] = Scenario(v, r.npv, r.break_even_year)
        return cache[v]

    specs = _factors(settings, lo, hi, source)
    for v in _scenario_order(specs, settings):
        run(v)
    rows = []
    for key, factor, v_lo, v_hi, note in specs:
        s_lo, s_hi = run(v_lo), run(v_hi)
        stack = np.stack([s_lo.npv, s_hi.npv, base.npv])
        rows.append(TornadoRow(key, factor, s_lo, s_hi, stack.max(axis=0) - stack.min(axis=0), note))
    rows.sort(key=lambda r: -r.swing[TOTAL_INDEX])
    return TornadoTable(base.npv, tuple(rows), tuple(cache.values()), settings, lo, hi, source)
