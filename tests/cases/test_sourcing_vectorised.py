"""The vectorised sourcing (issue 24) against the loop it replaced, and what it costs.

* Over generated calculations (random classes, price changes in any order and outside the
  horizon, gains of both signs and zeros) and over the examples and the largest case the
  schema allows, :func:`~som_xl.case.sourcing.compute_sourcing` gives what the loop over
  lines × years (``tests/cases/sourcing_oracle.py``) gives.
* Its Python-level work does not grow with the horizon (counted calls, not time).
* A new quality class is a data change in the vocabulary (``som_xl.vocabulary.qualities``:
  a row in ``QUALITY_CLASS``, a place in ``CLASSES``, a name in ``CLASS_LABELS_DA``), the
  computation untouched.
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.cases import schema_max_case
from som_xl.case import compute, load_and_compute, parse_case, sourcing
from som_xl.case.sourcing import compute_sourcing
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir
from som_xl.vocabulary import qualities
from tests.cases.sourcing_oracle import loop_sourcing

QUALITIES = qualities.QUALITIES  # kilde, afledt, illustrativ
KINDS = ("primary", "secondary", "")


def _flat(value, prefix=""):
    """Every number of a nested dict, by its path."""
    if isinstance(value, dict):
        return {k: v for key, sub in value.items() for k, v in _flat(sub, f"{prefix}/{key}").items()}
    return {prefix: value}


def assert_same(new, old):
    """The same classes and shares (to float rounding: Python's own ``sum`` may add more
    exactly than a loop from Python 3.12 on) and the same sentences."""
    a, b = _flat(new.as_dict()), _flat(old.as_dict())
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(b[key], float):
            assert a[key] == pytest.approx(b[key], rel=1e-12, abs=1e-12), key
        else:
            assert a[key] == b[key], key


@st.composite
def calculations(draw):
    T = draw(st.integers(1, 12))
    K = draw(st.integers(0, 6))
    start = 2025
    years = np.arange(start, start + T)

    def classes(**extra):
        return SimpleNamespace(quality=draw(st.sampled_from(QUALITIES)), source_kind=draw(st.sampled_from(KINDS)),
                               **extra)

    def change():
        return SimpleNamespace(from_year=draw(st.integers(start - 2, start + T + 1)),
                               quality=draw(st.sampled_from(QUALITIES)), source_kind=draw(st.sampled_from(KINDS)),
                               index_quality=draw(st.sampled_from(("", *QUALITIES))),
                               index_source_kind=draw(st.sampled_from(KINDS)))

    lines = tuple(classes(origin=draw(st.sampled_from(("viden", "bruger")))) for _ in range(K))
    prices = tuple(SimpleNamespace(origin=draw(st.sampled_from(("viden", "lokal", "egen"))),
                                   quality=draw(st.sampled_from(QUALITIES)), source_kind=draw(st.sampled_from(KINDS)),
                                   index_quality=draw(st.sampled_from(("", *QUALITIES))),
                                   index_source_kind=draw(st.sampled_from(KINDS)),
                                   changes=tuple(change() for _ in range(draw(st.integers(0, 3)))))
                   for _ in range(K))
    effect = classes(origin=draw(st.sampled_from(("viden", "bruger"))))
    cells = st.one_of(st.just(0.0), st.floats(-1e7, 1e7, allow_nan=False).map(lambda v: round(v, 2)))
    gains = np.array(draw(st.lists(cells, min_size=K * 4 * T, max_size=K * 4 * T)), dtype=float).reshape(K, 4, T)
    factors = np.array(draw(st.lists(st.floats(0.1, 1.0), min_size=T, max_size=T)))
    results = SimpleNamespace(discount_factors=factors, gains_by_item=gains, years=years,
                              pv_costs=np.array([0.0, 0.0, 0.0, draw(st.floats(-1e7, 1e7))]))
    return SimpleNamespace(consequences=lines, prices=prices, effect_source=effect), results


@settings(max_examples=300, deadline=None)
@given(calculations())
def test_the_vectorised_sourcing_is_the_loop_over_lines_and_years(calculation):
    assert_same(compute_sourcing(*calculation), loop_sourcing(*calculation))


def test_the_examples_and_the_largest_case_match_the_loop():
    knowledge = load_knowledge()
    demo = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    largest = compute(parse_case(schema_max_case(demo, [i.item for i in knowledge.items()])), knowledge)
    for comp in [load_and_compute(p) for p in sorted(examples_dir().glob("*.json"))] + [largest]:
        assert_same(compute_sourcing(comp.resolution, comp.results), loop_sourcing(comp.resolution, comp.results))


def _calls(fn, *args) -> int:
    """Python and C function calls made while running ``fn(*args)`` (a count of work, not a time)."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        fn(*args)
    finally:
        sys.setprofile(None)
    return calls


def _lines(T: int):
    """Six lines, one with a price change, gains in every year: the same lines over ``T`` years."""
    change = SimpleNamespace(from_year=2027, quality="illustrativ", source_kind="primary", index_quality="kilde",
                             index_source_kind="primary")
    price = SimpleNamespace(origin="viden", quality="kilde", source_kind="primary", index_quality="kilde",
                            index_source_kind="secondary", changes=(change,))
    line = SimpleNamespace(origin="viden", quality="kilde", source_kind="primary")
    gains = np.tile(np.linspace(-100.0, 300.0, T), (6, 4, 1))
    results = SimpleNamespace(discount_factors=np.ones(T), gains_by_item=gains, years=np.arange(2025, 2025 + T),
                              pv_costs=np.array([0.0, 0.0, 0.0, 10.0]))
    return SimpleNamespace(consequences=(line,) * 6, prices=(price,) * 6, effect_source=line), results


def test_the_python_work_does_not_grow_with_the_horizon():
    """Issue 24: at the schema's largest case the loop over lines × years cost more than the
    calculation itself; the classes are now worked out per line, not per line and year."""
    short, long = _calls(compute_sourcing, *_lines(10)), _calls(compute_sourcing, *_lines(70))
    assert long == short


def test_a_new_quality_class_is_a_data_change(monkeypatch):
    """A figure of a new quality ``register`` in its own class ``registry`` (between derived
    and secondary): a row in QUALITY_CLASS, a place in CLASSES and a Danish name, nothing in
    the computation. Expected by hand: the line with the registry consequence holds 300 of the
    400 kroner of gains, the derived line 100."""
    classes = ("illustrative", "own", "derived", "registry", "secondary", "primary")
    monkeypatch.setattr(qualities, "CLASSES", classes)
    monkeypatch.setattr(sourcing, "CLASSES", classes)  # the name the module imported
    monkeypatch.setattr(qualities, "QUALITY_CLASS", {**qualities.QUALITY_CLASS, "register": "registry"})
    labels = {**qualities.CLASS_LABELS_DA, "registry": "registertal"}
    monkeypatch.setattr(qualities, "CLASS_LABELS_DA", labels)
    monkeypatch.setattr(sourcing, "CLASS_LABELS_DA", labels)
    derived = SimpleNamespace(origin="viden", quality="afledt", source_kind="primary")
    registry = SimpleNamespace(origin="viden", quality="register", source_kind="primary")
    price = SimpleNamespace(origin="viden", quality="kilde", source_kind="primary", index_quality="",
                            index_source_kind="", changes=())
    gains = np.zeros((2, 4, 2))
    gains[0, 3] = [100.0, 0.0]
    gains[1, 3] = [200.0, 100.0]
    results = SimpleNamespace(discount_factors=np.ones(2), gains_by_item=gains, years=np.array([2025, 2026]),
                              pv_costs=np.array([0.0, 0.0, 0.0, 50.0]))
    resolution = SimpleNamespace(consequences=(derived, registry), prices=(price, price), effect_source=price)
    s = compute_sourcing(resolution, results)
    assert s.gains.total == 400
    assert s.gains.overall == {"illustrative": 0.0, "own": 0.0, "derived": 0.25, "registry": 0.75,
                               "secondary": 0.0, "primary": 0.0}
    assert s.gains.by_kind["consequences"]["registry"] == 0.75 and s.gains.by_kind["prices"]["primary"] == 1.0
    assert s.gains.by_kind["index"]["not_used"] == 1.0
    assert_same(s, loop_sourcing(resolution, results))
