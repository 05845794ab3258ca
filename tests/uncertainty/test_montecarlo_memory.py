"""Monte Carlo in bounded memory (issue 24): the draws are computed a chunk at a time, with
the same figures for the same seed as the old method that held every draw's cumulative
discounted nets at once (``tests/uncertainty/montecarlo_oracle.py``), and the memory beyond
the results (56 bytes a draw) does not grow with the number of draws."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from som_xl.core import Cohort
from som_xl.uncertainty import MonteCarloSettings, SuccessRange, monte_carlo
from som_xl.uncertainty import montecarlo as M
from tests.uncertainty.helpers import housing_case
from tests.uncertainty.montecarlo_oracle import full_array_monte_carlo

CASE = housing_case()
LONG = housing_case(horizon=70)
FOLLOWED = replace(CASE, cohorts=(Cohort(2025, 20, successes=4), *CASE.cohorts[1:]))
SETTINGS = [
    MonteCarloSettings(draws=3_001, seed=11),
    MonteCarloSettings(draws=2_500, seed=12, success_shape="triangular", cost_shape="pert", line_relative=0.3),
    MonteCarloSettings(draws=2_003, seed=13, line_relative=0.2, line_shape="pert",
                       line_relative_by_item={"psykiatri_dag": 0.0}),
    MonteCarloSettings(draws=1_999, seed=14, line_shape="uniform", line_relative=0.5, price_range=(1.0, 1.0)),
    MonteCarloSettings(draws=1, seed=15, line_relative=0.1),
]


def _check(mc, old, exact: bool) -> None:
    np.testing.assert_array_equal(mc.drawn, old["drawn"])  # the same draws, bit for bit
    np.testing.assert_array_equal(mc.break_even_counts, old["break_even_counts"])
    np.testing.assert_array_equal(mc.histogram_counts, old["histogram_counts"])
    if exact:
        np.testing.assert_array_equal(mc.npv, old["npv"])
        np.testing.assert_array_equal(mc.histogram_edges, old["histogram_edges"])
    else:  # another product shape: BLAS may round a draw's last bit differently
        np.testing.assert_allclose(mc.npv, old["npv"], rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose(mc.histogram_edges, old["histogram_edges"], rtol=1e-12, atol=1e-6)


@pytest.mark.parametrize("case", [CASE, LONG, FOLLOWED], ids=["10 years", "70 years", "followed up"])
@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: f"{s.draws} draws")
def test_one_chunk_is_the_old_single_product_bit_for_bit(case, settings):
    assert settings.draws <= M.chunk_size(4, case.horizon_years, len(case.consequences))
    _check(monte_carlo(case, settings, 0.1, 0.4), full_array_monte_carlo(case, settings, 0.1, 0.4), exact=True)


@pytest.mark.parametrize("case", [CASE, LONG, FOLLOWED], ids=["10 years", "70 years", "followed up"])
@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: f"{s.draws} draws")
def test_many_chunks_give_the_same_draws_and_figures(case, settings, monkeypatch):
    """Chunks of a few hundred draws (and a last one of a few): every draw's inputs are the
    old ones bit for bit, and so are the counts per break-even year and histogram bin."""
    monkeypatch.setattr(M, "CHUNK_BYTES", 8 * (4 * case.horizon_years * 9 // 8 + 3 * 3 + 8) * 333)
    assert M.chunk_size(4, case.horizon_years, 3) == 333
    mc = monte_carlo(case, settings, 0.1, 0.4)
    _check(mc, full_array_monte_carlo(case, settings, 0.1, 0.4), exact=False)
    assert mc.as_dict()["draws"] == settings.draws


def _peak(draws: int, settings: MonteCarloSettings) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        monte_carlo(LONG, replace(settings, draws=draws))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("line_relative", [0.0, 0.3])
def test_memory_beyond_the_results_does_not_grow_with_the_draws(line_relative):
    """70 years, 3 and 15 chunks of draws (about 40.000 and 200.000): the extra draws may
    cost their results (NPV per actor and the three drawn factors: 7 numbers, 56 bytes a
    draw), not the (actors + 1) × 70 years of cumulative nets per draw (2.240 bytes a draw:
    about 350 MB more) that the old method held."""
    settings = MonteCarloSettings(seed=3, line_relative=line_relative)
    chunk = M.chunk_size(4, 70, 3 if line_relative else 0)
    small, large = _peak(3 * chunk, settings), _peak(15 * chunk, settings)
    assert large - small < 12 * chunk * (56 + 8) + 2**20, f"{(large - small) / 2**20:.1f} MB more"
    assert large < 80 * 2**20, f"peak {large / 2**20:.0f} MB"


def test_fixed_inputs_give_every_draw_the_case_npv_in_any_chunk(monkeypatch):
    """Low = high everywhere: each of 1.000 draws over chunks of seven is the deterministic NPV."""
    monkeypatch.setattr(M, "CHUNK_BYTES", 8 * (4 * 10 * 9 // 8 + 8) * 7)
    fixed = MonteCarloSettings(draws=1_000, success=SuccessRange(low=0.25, high=0.25), cost_range=(1.0, 1.0),
                               price_range=(1.0, 1.0))
    mc = monte_carlo(CASE, fixed)
    np.testing.assert_allclose(mc.npv, np.tile(mc.base_npv, (1_000, 1)), rtol=1e-12)
    assert mc.break_even_counts.sum(axis=1).tolist() == [1_000] * 4
