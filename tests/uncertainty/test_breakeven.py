"""Break-even success rate: NPV is zero there, and the Danish sentences."""

from dataclasses import replace

import pytest
from hypothesis import given, settings

from som_xl import fmt
from som_xl.core import calculate, components, results_from
from som_xl.uncertainty import break_even, classify, sentences
from tests.core.strategies import case_inputs
from tests.uncertainty.helpers import housing_case


def assert_npv_zero_at_break_even(case):
    parts = components(case)
    base = results_from(case, parts)
    for a, b in enumerate(break_even(base)):
        if b.rate is None:
            continue
        at = results_from(case, parts, b.rate)
        # "to the krone": within half a krone, or float precision for huge amounts.
        scale = max(abs(b.pv_costs), abs(b.pv_gains_full_success), 1.0)
        assert abs(at.npv[a]) <= max(0.5, 1e-12 * scale), (a, at.npv[a])


def test_npv_is_zero_at_the_break_even_rate():
    assert_npv_zero_at_break_even(housing_case())


@settings(max_examples=200, deadline=None)
@given(case_inputs())
def test_npv_is_zero_at_the_break_even_rate_on_generated_cases(case):
    assert_npv_zero_at_break_even(case)


@settings(max_examples=100, deadline=None)
@given(case_inputs())
def test_rate_agrees_with_the_core(case):
    r = calculate(case)
    for b, core in zip(break_even(r), r.break_even_success_rate, strict=True):
        if core is not None:
            assert b.rate == pytest.approx(core, rel=1e-12)
            assert b.kind in ("threshold", "always", "never")


def test_threshold_sentence_for_the_kommune():
    r = calculate(housing_case())
    b = break_even(r)[0]
    assert b.kind == "threshold" and 0 < b.rate < 1
    assert b.sentence == (f"Indsatsen betaler sig for kommunen, hvis mindst {fmt.percent(b.rate)} "
                          "af deltagerne lykkes; der er regnet med 25,0 %.")


def test_sentence_wording_matches_the_issue():
    b = classify("kommune", 152.0, 1000.0, 0.25)
    assert b.sentence == ("Indsatsen betaler sig for kommunen, hvis mindst 15,2 % af deltagerne "
                          "lykkes; der er regnet med 25,0 %.")
    assert b.pays_at_case_rate


def test_always_when_no_net_costs():
    b = classify("stat", -10.0, 500.0, 0.1)
    assert b.kind == "always" and b.rate < 0
    assert "betaler sig for staten uanset succesrate" in b.sentence
    assert classify("stat", 0.0, 500.0, 0.1).kind == "always"


def test_never_when_everyone_succeeding_is_not_enough():
    b = classify("total", 1310.0, 1000.0, 0.3)
    assert b.kind == "never" and b.rate == pytest.approx(1.31)
    assert "betaler sig ikke for den offentlige sektor samlet, selv hvis alle deltagere lykkes" in b.sentence
    assert "131,0 %" in b.sentence
    assert not b.pays_at_case_rate


def test_no_gains():
    b = classify("region", 6_000.0, 0.0, 0.3)
    assert b.kind == "no_gains" and b.rate is None
    assert b.sentence.startswith("Indsatsen har ingen gevinster for regionen i beregningen")
    assert "6.000 kr." in b.sentence
    assert classify("region", 0.0, 0.0, 0.3).sentence == "Indsatsen har ingen gevinster for regionen i beregningen."


def test_negative_gains_give_an_upper_bound_or_never():
    at_most = classify("region", -300.0, -1000.0, 0.2)
    assert at_most.kind == "at_most" and at_most.rate == pytest.approx(0.3)
    assert "højst 30,0 %" in at_most.sentence and at_most.pays_at_case_rate
    assert classify("region", 100.0, -1000.0, 0.2).kind == "never"


def test_region_without_gains_in_a_real_case():
    case = housing_case()
    case = replace(case, consequences=case.consequences[:1])  # only kommune/stat prices
    b = break_even(calculate(case))[1]
    assert b.kind == "no_gains"


def test_four_sentences_in_actor_order():
    s = sentences(calculate(housing_case()))
    assert len(s) == 4
    assert ["kommunen" in s[0], "regionen" in s[1], "staten" in s[2], "samlet" in s[3]] == [True] * 4


def test_danish_formatting_in_sentences():
    # som_xl.fmt does the formatting: decimal comma, thousands dot.
    assert "1.234.567 kr." in classify("kommune", 1_234_567.0, 0.0, 0.2).sentence
    assert "mindst 12,3 %" in classify("kommune", 123.4, 1000.0, 0.2).sentence
