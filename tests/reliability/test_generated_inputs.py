"""10,000 generated cases and 1,000 generated workbooks: no traceback, ever.

Every input is either computed (finite results, warnings fit to show) or rejected with
an :class:`InputError` whose problems each name a location and say in Danish what is
wrong; in a workbook every error names a sheet and cell, and recalculation never writes
an input cell. Any other exception fails the test. The counts are asserted, so a
generator that stopped producing bad (or good) input would be noticed.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from som_xl.case import compute, parse_case
from som_xl.errors import InputError
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend, parse_destination
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.recalc import recalculate
from tests.reliability.checks import check_cell_problem, check_problem
from tests.reliability.strategies import apply_edits, corrupted_cases, knowledge, valid_cases, workbook_edits

N_CASES = 10_000
N_WORKBOOKS = 1_000
FAST = dict(deadline=None, database=None, derandomize=True, print_blob=True,
            suppress_health_check=list(HealthCheck))


def _finite(results) -> bool:
    return all(np.isfinite(np.asarray(a, dtype=float)).all()
               for a in (results.npv, results.net, results.pv_costs))


@pytest.mark.slow
def test_ten_thousand_generated_cases_are_computed_or_rejected_in_danish():
    stats: collections.Counter = collections.Counter()
    types: collections.Counter = collections.Counter()
    K = knowledge()

    @settings(max_examples=N_CASES, **FAST)
    @given(corrupted_cases())
    def one(data):
        try:
            comp = compute(parse_case(data), K)
        except InputError as exc:
            assert any(p.severity == "error" for p in exc.problems), exc.problems
            for p in exc.problems:
                check_problem(p)
                types[p.type] += 1
            stats["rejected"] += 1
            stats["problems"] += len(exc.problems)
        else:
            assert _finite(comp.results)
            for p in comp.warnings:
                check_problem(p)
                assert p.severity == "warning", p
            stats["computed"] += 1
            stats["warnings"] += len(comp.warnings)
        stats["cases"] += 1

    one()
    print(f"\n{stats['cases']} cases: {stats['computed']} computed, {stats['rejected']} rejected with "
          f"{stats['problems']} Danish problems; types {dict(types.most_common(12))}")
    assert stats["cases"] == N_CASES
    assert stats["rejected"] >= N_CASES // 2, stats  # the generator mostly breaks things …
    assert stats["computed"] >= N_CASES // 20, stats  # … but not always
    for kind in ("wrong-type", "out-of-range", "required", "unknown-field", "not-a-number", "too-deep",
                 "outside-horizon", "unknown-target-group", "unknown-item", "duplicate", "wrong-length"):
        assert types[kind] > 0, f"no case was rejected as {kind!r}: {types}"


def _input_cells(backend: MemoryBackend) -> dict:
    out = {}
    for block in L.INPUT_BLOCKS:
        sheet, r1, c1, r2, c2 = parse_destination(backend.names[block.name])
        out |= {(sheet, r, c): backend.cells.get((sheet, r, c))
                for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return out


DRAWS_ROW = [f.key for f in L.SENSITIVITY_FIELDS].index("draws")


@pytest.mark.slow
def test_one_thousand_generated_workbooks_are_computed_or_rejected_naming_cells():
    stats: collections.Counter = collections.Counter()
    types: collections.Counter = collections.Counter()
    K = knowledge()

    @settings(max_examples=N_WORKBOOKS, **FAST)
    @given(valid_cases(whole_participants=True), workbook_edits())
    def one(data, edits):
        backend = MemoryBackend()
        write_case_inputs(backend, parse_case(data), K)
        backend.set(L.SENSITIVITY.name, DRAWS_ROW, 0, 200)  # a short Monte Carlo keeps 1,000 runs quick
        apply_edits(backend, edits)
        before = _input_cells(backend)
        outcome = recalculate(backend, K)
        assert _input_cells(backend) == before, "recalculation wrote an input cell"
        for p in outcome.problems:
            check_cell_problem(p)
            types[p.type] += 1
        if outcome.ok:
            assert _finite(outcome.computation.results)
            stats["computed"] += 1
        else:
            assert any(p.severity == "error" for p in outcome.problems)
            stats["rejected"] += 1
            stats["errors"] += sum(p.severity == "error" for p in outcome.problems)
        stats["edited"] += bool(edits)
        stats["workbooks"] += 1

    one()
    print(f"\n{stats['workbooks']} workbooks ({stats['edited']} with junk cells): {stats['computed']} computed, "
          f"{stats['rejected']} rejected with {stats['errors']} errors naming cells; "
          f"types {dict(types.most_common(12))}")
    assert stats["workbooks"] == N_WORKBOOKS
    assert stats["rejected"] >= N_WORKBOOKS // 4, stats
    assert stats["computed"] >= N_WORKBOOKS // 10, stats
    for kind in ("not-a-number", "required", "cell-error", "out-of-range", "outside-horizon", "duplicate",
                 "unknown-target-group", "unknown-item", "not-an-integer"):
        assert types[kind] > 0, f"no workbook was rejected as {kind!r}: {types}"
