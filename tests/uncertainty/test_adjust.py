"""Optional adjustments: off by default, exact when on, and always reported."""

from dataclasses import replace

import numpy as np
import pytest

from som_xl.core import calculate
from som_xl.errors import InputError
from som_xl.uncertainty import (
    DOUBLE_COUNTING_WARNING,
    Adjustments,
    DropOff,
    MonteCarloSettings,
    analyse,
    apply_adjustments,
)
from tests.uncertainty.helpers import housing_case

CASE = housing_case()


def test_off_by_default():
    adj = apply_adjustments(CASE, Adjustments(), evidence_level=3)
    assert adj.case_input is CASE and adj.steps == () and adj.notes == ()
    rep = analyse(CASE, run_monte_carlo=False)
    assert rep.notes == () and not rep.adjustments.any_on
    np.testing.assert_array_equal(rep.unadjusted_npv, rep.results.npv)


def test_evidence_haircut_by_level():
    adj = apply_adjustments(CASE, Adjustments(evidence_haircut=True), evidence_level=2)
    assert adj.case_input.success_rate == pytest.approx(0.25 * 0.75)
    assert "GMCA" in adj.notes[0] and "niveau 2" in adj.notes[0]
    level1 = apply_adjustments(CASE, Adjustments(evidence_haircut=True), evidence_level=1)
    assert level1.case_input.success_rate == 0.25


def test_unknown_evidence_level_uses_the_weakest_and_says_so():
    adj = apply_adjustments(CASE, Adjustments(evidence_haircut=True), evidence_level=None)
    assert adj.case_input.success_rate == pytest.approx(0.125)
    assert adj.notes[0] == "Evidensniveauet er ikke angivet; der er regnet med niveau 3."


def test_deadweight_is_a_share_of_the_successes():
    adj = apply_adjustments(CASE, Adjustments(deadweight=0.1))
    assert adj.case_input.success_rate == pytest.approx(0.225)
    assert "netto af det, der ville være sket uden indsatsen" in adj.notes[0]


def test_drop_off_by_hand():
    out = DropOff(0.1).apply(CASE)
    q = CASE.consequences[1].per_success_by_year
    assert out.consequences[1].per_success_by_year == pytest.approx(
        tuple(v * 0.9 ** tau for tau, v in enumerate(q)))
    assert out.consequences[1].per_success_by_year[0] == q[0]
    adj = apply_adjustments(CASE, Adjustments(drop_off=0.1))
    assert adj.notes[0].endswith(DOUBLE_COUNTING_WARNING)
    assert DOUBLE_COUNTING_WARNING.startswith("SØM's konsekvensestimater indeholder allerede tilbagefald")
    assert calculate(adj.case_input).npv[3] < calculate(CASE).npv[3]


def test_analysis_adjusts_the_range_with_the_rate_and_reports_it():
    rep = analyse(CASE, low=0.1, high=0.4, evidence_level=2,
                  adjustments=Adjustments(evidence_haircut=True, deadweight=0.2),
                  monte_carlo_settings=MonteCarloSettings(draws=200))
    factor = 0.75 * 0.8
    assert rep.results.success_rate == pytest.approx(0.25 * factor)
    assert (rep.tornado.success_low, rep.tornado.success_high) == pytest.approx((0.1 * factor, 0.4 * factor))
    assert rep.monte_carlo.distributions[0].mode == pytest.approx(0.25 * factor)
    np.testing.assert_array_equal(rep.unadjusted_npv, calculate(CASE).npv)
    d = rep.as_dict()
    assert d["adjustments"]["on"] and len(d["adjustments"]["notes"]) == 2
    assert [s["kind"] for s in d["adjustments"]["applied"]] == ["evidence_haircut", "deadweight"]


def test_out_of_range_adjustments_are_input_errors():
    with pytest.raises(InputError):
        analyse(CASE, adjustments=Adjustments(deadweight=1.5), run_monte_carlo=False)
    with pytest.raises(InputError):
        analyse(replace(CASE), adjustments=Adjustments(haircut_by_level={1: -0.1}), run_monte_carlo=False)
