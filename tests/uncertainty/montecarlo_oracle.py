"""Monte Carlo as it was computed before issue 24: every draw at once, the whole
(actors + 1) × years × draws array of cumulative discounted nets in memory. Kept as the
test's oracle for the chunked computation (small draw counts only)."""

from __future__ import annotations

import numpy as np

from som_xl.core import TOTAL_INDEX, components, results_from
from som_xl.uncertainty.distributions import Distribution
from som_xl.uncertainty.montecarlo import (
    MonteCarloSettings,
    _break_even_counts,
    _flows,
    _histogram_range,
    distributions,
)


def _cdn(fl, r, c, p, m):
    K, A1, T = fl.gain.shape
    if m is not None:
        rows, weights = [fl.gain.reshape(K, A1 * T)], [m * (r * p)]
        if fl.fixed is not None:
            rows, weights = rows + [fl.fixed.reshape(K, A1 * T)], weights + [m * p]
    else:
        rows, weights = [fl.gain.sum(axis=0).reshape(1, -1)], [(r * p)[None]]
        if fl.fixed is not None:
            rows, weights = rows + [fl.fixed.sum(axis=0).reshape(1, -1)], weights + [p[None]]
    rows, weights = rows + [fl.cost.reshape(1, -1)], weights + [-c[None]]
    if fl.known is not None:
        rows, weights = rows + [fl.known.reshape(1, -1)], weights + [-np.ones((1, r.size))]
    return (np.concatenate(rows).T @ np.concatenate(weights)).reshape(A1, T, r.size)


def full_array_monte_carlo(case, settings: MonteCarloSettings, low=None, high=None) -> dict:
    """The figures of the old single-product method: per-draw NPVs, drawn inputs, counts."""
    dists, rel, _ = distributions(case, settings, low, high)
    parts = components(case)
    flows = _flows(case, parts)
    D, K = int(settings.draws), len(case.consequences)
    s_success, s_cost, s_price, s_lines = np.random.default_rng(settings.seed).spawn(4)
    r = dists[0].sample(s_success, D)
    c = dists[1].sample(s_cost, D)
    p = dists[2].sample(s_price, D)
    uncertain = np.flatnonzero(rel > 0)
    m = None
    if uncertain.size:
        z = Distribution("", settings.line_shape, -1.0, 0.0, 1.0).sample(s_lines, (uncertain.size, D))
        m = np.ones((K, D))
        m[uncertain] += z * rel[uncertain, None]
    cdn = _cdn(flows, r, c, p, m)
    npv = np.ascontiguousarray(cdn[:, -1, :].T)
    counts, edges = np.histogram(npv[:, TOTAL_INDEX], bins=settings.bins,
                                 range=_histogram_range(npv[:, TOTAL_INDEX]))
    base = results_from(case, parts)
    return {"npv": npv, "drawn": np.column_stack([r, c, p]),
            "break_even_counts": _break_even_counts(cdn, base.no_net_costs),
            "histogram_counts": counts, "histogram_edges": edges}
