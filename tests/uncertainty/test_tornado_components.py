"""The tornado from the case's components (issue 24): the success rate, costs, prices and
discount rate rows come from the components computed once, and the table is the one a
full calculation of every end gives (``tests/uncertainty/tornado_oracle.py``, the method
before): the same rows in the same order, the same labels and break-even years, the same
NPVs and swings up to float rounding."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import som_xl.core.engine as engine
from som_xl.case import load_and_compute
from som_xl.core import Cohort, CostLine, calculate
from som_xl.paths import examples_dir
from som_xl.uncertainty import SensitivitySettings, SuccessRange, tornado
from tests.core.strategies import case_inputs
from tests.uncertainty.helpers import FM, housing_case
from tests.uncertainty.tornado_oracle import run_based_tornado


def assert_same_table(new, old):
    assert [r.key for r in new.rows] == [r.key for r in old.rows]
    assert (new.success_low, new.success_high, new.success_source) == (old.success_low, old.success_high,
                                                                       old.success_source)
    np.testing.assert_array_equal(new.base_npv, old.base_npv)
    scale = max(1.0, float(np.abs(old.base_npv).max()))
    for a, b in zip(new.rows, old.rows, strict=True):
        assert (a.factor, a.note, a.low.variation, a.high.variation) == (b.factor, b.note, b.low.variation,
                                                                       b.high.variation)
        np.testing.assert_allclose(a.swing, b.swing, rtol=1e-12, atol=1e-9 * scale)
    assert [s.variation for s in new.scenarios] == [s.variation for s in old.scenarios]
    for a, b in zip(new.scenarios, old.scenarios, strict=True):
        np.testing.assert_allclose(a.npv, b.npv, rtol=1e-12, atol=1e-9 * scale)
        assert a.break_even_year == b.break_even_year, a.variation.label
    assert new.as_dict().keys() == old.as_dict().keys()


sensitivities = st.builds(
    SensitivitySettings,
    success=st.builds(SuccessRange, relative=st.floats(0, 1)),
    cost_relative=st.floats(0, 1), price_relative=st.floats(0, 1),
    consequence_years=st.lists(st.integers(1, 12), max_size=3).map(tuple),
    discount_rates=st.lists(st.floats(-0.4, 0.3), max_size=3).map(tuple))


@settings(max_examples=150, deadline=None)
@given(case_inputs(), sensitivities, st.data())
def test_the_tornado_is_the_table_of_full_calculations_on_generated_cases(case, sens, data):
    if data.draw(st.booleans()):  # a follow-up: the first cohort's successes observed
        first = case.cohorts[0]
        case = replace(case, cohorts=(Cohort(first.year, first.participants,
                                             data.draw(st.integers(0, int(first.participants)))),
                                      *case.cohorts[1:]))
    low = data.draw(st.one_of(st.none(), st.floats(0, 1)))
    assert_same_table(tornado(case, sens, low, None), run_based_tornado(case, sens, low, None))


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.stem)
def test_the_examples_tornado_is_the_table_of_full_calculations(path):
    comp = load_and_compute(path)
    effect = comp.case.effect
    assert_same_table(tornado(comp.case_input, None, effect.low, effect.high, parts=comp.results.parts),
                      run_based_tornado(comp.case_input, None, effect.low, effect.high))


def test_costs_already_paid_and_the_finance_ministrys_schedule():
    """A follow-up's known costs scale with the cost row as before, the schedule's second
    band falls inside a 70-year horizon."""
    case = housing_case(horizon=70)
    case = replace(case, costs=(*case.costs, CostLine("Betalt", "stat", "drift", "total", 90_000, 2025, known=True)))
    assert case.discount == FM
    assert_same_table(tornado(case, low=0.1, high=0.4), run_based_tornado(case, low=0.1, high=0.4))


def _engine_runs(monkeypatch) -> list[int]:
    runs = [0]
    real = engine.components

    def counted(case):
        runs[0] += 1
        return real(case)

    monkeypatch.setattr(engine, "components", counted)
    return runs


def test_only_the_truncations_are_calculations(monkeypatch):
    """Default settings: 11 ends (success rate, costs and prices low and high, two
    truncations, three discount rates); only the two truncations change the flows."""
    case = housing_case()
    parts = calculate(case).parts
    runs = _engine_runs(monkeypatch)
    table = tornado(case, low=0.1, high=0.4, parts=parts)
    assert len(table.scenarios) == 11 and runs[0] == 2


def test_a_beregn_computes_the_case_once_besides_the_truncations(monkeypatch):
    """The ribbon's Beregn on the demo workbook: the calculation, the tornado's two
    truncations, and nothing else is a new calculation (the analysis and the draws reuse
    the calculation's components); before, 16."""
    from som_xl.case import parse_case, read_case_file
    from som_xl.excel.ribbon import beregn
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook import layout as L
    from tests.excel.conftest import filled

    knowledge = load_knowledge()
    backend = filled(parse_case(read_case_file(examples_dir() / "housing_first.json")), knowledge)
    for i, f in enumerate(L.SENSITIVITY_FIELDS):
        backend.set(L.SENSITIVITY.name, i, 0, f.default)
    runs = _engine_runs(monkeypatch)
    outcome = beregn(backend=backend, knowledge=knowledge)
    assert outcome.ok and outcome.uncertainty.monte_carlo.draws == 10_000
    assert runs[0] == 3
