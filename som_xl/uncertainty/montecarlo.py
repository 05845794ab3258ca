"""Monte Carlo analysis of the net result, vectorised over the draws.

Per draw d the success rate r_d, one cost factor c_d (all cost lines together, except
costs already paid in a follow-up), one price factor p_d (all unit prices together) and,
optionally, a quantity factor m_kd per consequence line k are drawn independently. Gains are linear in r, prices and
quantities, so from :func:`som_xl.core.components` (computed once)

    CDN[d, a, t] = r_d · p_d · Σ_k m_kd · CG1[k, a, t] − c_d · CC[a, t]

where CG1 is the cumulative discounted gain of line k at r = 1 and CC the cumulative
discounted cost (kroner at the case's price level, discounted to the start year). The
NPV is CDN at the last year. Everything is matrix algebra over a chunk of draws at a
time: the memory the draws need does not grow with their number, only the results do
(each draw's NPV per actor and its drawn success rate, cost and price factor: 56 bytes).

Reproducibility: ``numpy.random.default_rng(seed)`` is split with ``spawn`` into one
stream per input (success, costs, prices, lines), so the same seed gives identical
results and fixing one input (low = high) does not change the draws of the others. The
draws are those of one array of all draws, whatever the chunks: the per-line factors of
line k are the k-th run of ``draws`` values of the lines' stream, each line read by its own
generator started where its run begins. Up to :func:`chunk_size` draws (all defaults:
10.000 draws, up to 70 years) are one chunk, bit for bit the single product; above it a
draw's NPV may differ from that product's in the last bit (BLAS rounds a product by its
shape), the counts do not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from som_xl.core import ACTOR_KEYS_TOTAL, TOTAL_INDEX, CaseInput, Components, components, results_from
from som_xl.errors import Problem, raise_if_errors
from som_xl.uncertainty.breakeven import _KRONE
from som_xl.uncertainty.distributions import Distribution
from som_xl.uncertainty.variations import SuccessRange

DEFAULT_SEED = 20260101
"""The recorded default seed (a date, so it is obviously not tuned)."""
CHUNK_BYTES = 32 * 2**20
"""Working memory for one chunk of draws (their cumulative discounted nets and weights)."""


def chunk_size(actors: int, years: int, lines: int = 0) -> int:
    """Draws per chunk: what fits in :data:`CHUNK_BYTES` for ``actors`` (the total
    included) × ``years`` cumulative nets, and ``lines`` uncertain consequence lines."""
    per_draw = 8 * (actors * years * 9 // 8 + 3 * lines + 8)  # CDN, its sign, weights, factors
    return max(1, CHUNK_BYTES // per_draw)


@dataclass(frozen=True)
class MonteCarloSettings:
    """What is drawn, how, and how often. Ranges of factors are multipliers (1 = the case)."""

    draws: int = 10_000
    seed: int = DEFAULT_SEED
    success: SuccessRange = field(default_factory=SuccessRange)
    """Low/high success rate (precedence as in :class:`SuccessRange`); the mode is the case's rate."""
    success_shape: str = "pert"
    cost_range: tuple[float, float] = (0.8, 1.2)
    """Multiplier on every cost line (avoided costs included), mode 1."""
    cost_shape: str = "triangular"
    price_range: tuple[float, float] = (0.8, 1.2)
    """Multiplier on every unit price, mode 1."""
    price_shape: str = "triangular"
    line_relative: float = 0.0
    """± relative uncertainty on each consequence line's quantities, drawn independently
    per line (0 = off). 0.3 means a factor on (0.7, 1.3) with mode 1."""
    line_relative_by_item: dict[str, float] = field(default_factory=dict)
    """Per-item overrides of ``line_relative`` (item id → ±fraction)."""
    line_shape: str = "triangular"
    bins: int = 40
    """Histogram bins of the total NPV."""

    def problems(self) -> list[Problem]:
        loc = "Monte Carlo:"
        out = self.success.problems(loc)
        if not 1 <= self.draws <= 1_000_000:
            out.append(Problem("out-of-range", f"{loc} antal træk",
                               "Antal træk skal ligge mellem 1 og 1.000.000."))
        if self.bins < 1:
            out.append(Problem("out-of-range", f"{loc} histogram", "Mindst ét interval."))
        for v in (self.line_relative, *self.line_relative_by_item.values()):
            if not 0 <= v <= 1:
                out.append(Problem("out-of-range", f"{loc} usikkerhed på konsekvenslinjer",
                                   "Skal ligge mellem 0 % og 100 %."))
                break
        return out


@dataclass(frozen=True)
class MonteCarloResult:
    """Summary of the draws. Actor axes are :data:`~som_xl.core.ACTOR_KEYS_TOTAL` (kommune, region, stat, total); kr."""

    settings: MonteCarloSettings
    distributions: tuple[Distribution, ...]
    """Every distribution drawn from: success rate, costs, prices, then uncertain lines."""
    success_source: str
    base_npv: np.ndarray
    """Deterministic NPV of the case (no draws), shape (A + 1,)."""
    npv: np.ndarray
    """NPV of every draw, shape (draws, A + 1)."""
    drawn: np.ndarray
    """The drawn success rate, cost factor and price factor of every draw, shape (draws, 3),
    so any draw can be recomputed by hand (per-line factors are not kept)."""
    years: np.ndarray
    """Calendar years of the horizon, shape (T,)."""
    break_even_counts: np.ndarray
    """Draws per break-even year, shape (A + 1, T + 1); the last column is "no break-even
    year": not within the horizon, or (every draw of an actor in :attr:`no_net_costs`)
    nothing to pay back, as in the core's ``Results.break_even_year``."""
    histogram_edges: np.ndarray
    """Bin edges of the total NPV, shape (bins + 1,)."""
    histogram_counts: np.ndarray
    actors: tuple[str, ...] = ACTOR_KEYS_TOTAL
    no_net_costs: tuple[bool, ...] = ()
    """Per actor: no net costs in the case (the cost factor scales them, never flips their sign)."""

    @property
    def draws(self) -> int:
        return int(self.npv.shape[0])

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def probability_positive(self) -> np.ndarray:
        """Share of draws with NPV ≥ 0 (within a micro-krone), shape (A + 1,)."""
        return (self.npv >= -_KRONE).mean(axis=0)

    @property
    def mean(self) -> np.ndarray:
        return self.npv.mean(axis=0)

    @property
    def std(self) -> np.ndarray:
        """Standard deviation of the draws (ddof = 1)."""
        return self.npv.std(axis=0, ddof=1) if self.draws > 1 else np.zeros(len(self.actors))

    @property
    def percentiles(self) -> dict[int, np.ndarray]:
        """P10, P50, P90 per actor (numpy's linear interpolation between order statistics)."""
        p = np.percentile(self.npv, [10, 50, 90], axis=0)
        return {10: p[0], 50: p[1], 90: p[2]}

    def as_dict(self, include_draws: bool = False) -> dict[str, object]:
        """JSON-ready summary; ``include_draws`` adds the (draws × (A + 1)) NPVs."""
        def by(arr) -> dict:
            return dict(zip(self.actors, np.asarray(arr).tolist(), strict=True))

        s = asdict(self.settings)
        s["success"] = asdict(self.settings.success)
        out = {
            "draws": self.draws, "seed": self.seed, "settings": s,
            "success_source": self.success_source,
            "distributions": [d.as_dict() for d in self.distributions],
            "base_npv": by(self.base_npv), "mean": by(self.mean), "std": by(self.std),
            "probability_npv_nonnegative": by(self.probability_positive),
            "percentiles": {f"p{k}": by(v) for k, v in self.percentiles.items()},
            "break_even_year": {
                a: {**{str(y): int(n) for y, n in zip(self.years.tolist(), row[:-1], strict=True)},
                    ("ingen_omkostninger" if free else "ikke_i_horisonten"): int(row[-1])}
                for a, row, free in zip(self.actors, self.break_even_counts,
                                        self.no_net_costs or (False,) * len(self.actors), strict=True)},
            "histogram_total": {"edges": self.histogram_edges.tolist(),
                                "counts": self.histogram_counts.tolist()},
        }
        if include_draws:
            out["npv_draws"] = self.npv.tolist()
        return out


def distributions(case: CaseInput, settings: MonteCarloSettings, low: float | None = None,
                  high: float | None = None) -> tuple[list[Distribution], np.ndarray, str]:
    """The distributions for ``case``: (success, costs, prices, lines…), the ± of every
    consequence line (shape (K,), 0 where certain) and the source of the success range."""
    lo, hi, source = settings.success.resolve(case.success_rate, low, high)
    out = [
        Distribution("Succesrate", settings.success_shape, lo, case.success_rate, hi, unit="share"),
        Distribution("Omkostninger (faktor)", settings.cost_shape, *_around_one(settings.cost_range)),
        Distribution("Priser (faktor)", settings.price_shape, *_around_one(settings.price_range)),
    ]
    rel = np.array([settings.line_relative_by_item.get(c.item, settings.line_relative)
                    for c in case.consequences], dtype=float)
    for c, u in zip(case.consequences, rel.tolist(), strict=True):
        if u > 0:
            out.append(Distribution(f"Mængde: {c.name or c.item}", settings.line_shape, 1 - u, 1.0, 1 + u))
    return out, rel, source


def _around_one(bounds: tuple[float, float]) -> tuple[float, float, float]:
    return float(bounds[0]), 1.0, float(bounds[1])


def monte_carlo(case: CaseInput, settings: MonteCarloSettings | None = None,
                low: float | None = None, high: float | None = None, *,
                parts: Components | None = None) -> MonteCarloResult:
    """Draw the NPV of ``case`` ``settings.draws`` times.

    Parameters
    ----------
    case : CaseInput
        The (possibly adjusted) case; its success rate is the success distribution's mode.
    settings : MonteCarloSettings, optional
    low, high : float, optional
        The effect's low and high success rates (fractions), see :class:`SuccessRange`.
    parts : Components, optional
        ``case``'s components, if the caller computed them (``results.parts``).
    """
    settings = settings or MonteCarloSettings()
    dists, rel, source = distributions(case, settings, low, high)
    problems = settings.problems()
    for d in dists:
        problems += d.problems(f"Monte Carlo: {d.name}")
    raise_if_errors(problems)

    parts = parts if parts is not None else components(case)
    flows = _flows(case, parts)
    base = results_from(case, parts)  # the components already built above
    D, T, A1 = int(settings.draws), parts.years.size, len(ACTOR_KEYS_TOTAL)
    *streams, s_lines = np.random.default_rng(settings.seed).spawn(4)  # success, costs, prices, lines
    chunk = chunk_size(A1, T, int(np.count_nonzero(rel)))
    lines = _LineFactors(settings.line_shape, rel, s_lines, D, chunk)
    basis = flows.basis(lines.uncertain.size > 0)
    drawn, npv = np.empty((D, 3)), np.empty((D, A1))
    counts = np.zeros((A1, T + 1), dtype=np.int64)
    for start in range(0, D, chunk):
        part, n = slice(start, min(D, start + chunk)), min(D, start + chunk) - start
        for j, (dist, stream) in enumerate(zip(dists[:3], streams, strict=True)):
            drawn[part, j] = dist.sample(stream, n)  # a stream drawn in parts gives the same values
        r, c, p = drawn[part].T
        counts += _chunk(basis @ flows.weights(r, c, p, lines.next(n)), npv[part], base.no_net_costs)
    edges_counts = np.histogram(npv[:, TOTAL_INDEX], bins=settings.bins, range=_histogram_range(npv[:, TOTAL_INDEX]))
    return MonteCarloResult(
        settings=settings, distributions=tuple(dists), success_source=source,
        base_npv=base.npv, npv=npv, drawn=drawn, years=parts.years, break_even_counts=counts,
        histogram_edges=edges_counts[1], histogram_counts=edges_counts[0], no_net_costs=base.no_net_costs,
    )


def _chunk(product: np.ndarray, npv: np.ndarray, no_net_costs: tuple[bool, ...]) -> np.ndarray:
    """One chunk's cumulative discounted nets ((A + 1)·T, n) into its draws' NPVs (``npv``,
    (n, A + 1), filled) and counts per break-even year; the nets are freed on return."""
    cdn = product.reshape(npv.shape[1], -1, npv.shape[0])
    npv[:] = cdn[:, -1, :].T
    return _break_even_counts(cdn, no_net_costs)


class _LineFactors:
    """The per-line quantity factors m (K, n) of consecutive chunks of draws.

    Per-line factors m = 1 + u_k·z with z from the standard shape on (−1, 0, 1), the same
    distributions as recorded in ``dists``. The z of all uncertain lines are the values of
    one (lines, draws) array drawn from ``rng``: line k's draws are the k-th run of
    ``draws`` values of the stream. One chunk draws that array at once; more chunks first
    walk the stream once (chunk by chunk, keeping nothing) to start a generator where each
    line's run begins, then read every line's run chunk by chunk.
    """

    def __init__(self, shape: str, rel: np.ndarray, rng: np.random.Generator, draws: int, chunk: int):
        self.rel, self.uncertain = rel, np.flatnonzero(rel > 0)
        self.dist = Distribution("", shape, -1.0, 0.0, 1.0)
        self.z: np.ndarray | None = None
        self.rows: list[np.random.Generator] = []
        if not self.uncertain.size:
            return
        if draws <= chunk:
            self.z = self.dist.sample(rng, (self.uncertain.size, draws))
            return
        for _ in self.uncertain:
            row = np.random.Generator(type(rng.bit_generator)())
            row.bit_generator.state = rng.bit_generator.state
            self.rows.append(row)
            for start in range(0, draws, chunk):
                self.dist.sample(rng, min(chunk, draws - start))

    def next(self, n: int) -> np.ndarray | None:
        """The factors of the next ``n`` draws, shape (K, n); None when no line is uncertain."""
        if not self.uncertain.size:
            return None
        z = self.z if self.z is not None else np.stack([self.dist.sample(row, n) for row in self.rows])
        m = np.ones((self.rel.size, n))
        m[self.uncertain] += z * self.rel[self.uncertain, None]
        return m


@dataclass(frozen=True)
class _Flows:
    """The cumulative discounted flows the draws weight (kroner).

    CDN = basis @ weights: the rows of the basis are cumulative discounted flows
    ((A + 1)·T columns), the columns of the weights are the draws. One BLAS product instead
    of broadcasting (n, A + 1, T) arrays, and the draws end up on the fast (last) axis.
    """

    gain: np.ndarray
    """Gains per consequence line at r = 1, shape (K, A + 1, T)."""
    cost: np.ndarray
    """Costs that are drawn, shape (A + 1, T)."""
    known: np.ndarray | None
    """Costs already paid (a follow-up's actuals; not drawn), shape (A + 1, T), or None."""
    fixed: np.ndarray | None
    """Gains of observed successes per line (move with prices and quantities, not r), or None."""

    def basis(self, per_line: bool) -> np.ndarray:
        """The flows as the product's rows: per line (``per_line``) or summed over the lines,
        then the costs (and costs already paid); transposed, shape ((A + 1)·T, rows)."""
        K, A1, T = self.gain.shape
        if per_line:
            rows = [self.gain.reshape(K, A1 * T)] + ([] if self.fixed is None else [self.fixed.reshape(K, A1 * T)])
        else:
            rows = [self.gain.sum(axis=0).reshape(1, -1)]
            rows += [] if self.fixed is None else [self.fixed.sum(axis=0).reshape(1, -1)]
        rows.append(self.cost.reshape(1, -1))
        if self.known is not None:
            rows.append(self.known.reshape(1, -1))
        return np.concatenate(rows).T

    def weights(self, r: np.ndarray, c: np.ndarray, p: np.ndarray, m: np.ndarray | None) -> np.ndarray:
        """The weights of the basis' rows for draws (r, c, p) and line factors ``m`` (K, n)
        or None, shape (rows, n)."""
        if m is not None:
            weights = [m * (r * p)] + ([] if self.fixed is None else [m * p])
        else:
            weights = [(r * p)[None]] + ([] if self.fixed is None else [p[None]])
        weights.append(-c[None])
        if self.known is not None:
            weights.append(-np.ones((1, r.size)))
        return np.concatenate(weights)


def _flows(case: CaseInput, parts) -> _Flows:
    f = parts.discount_factors
    cost = np.cumsum(parts.costs * f, axis=-1)
    known = _cumulative_known_costs(case, parts, f)
    fixed = parts.gains0_by_item
    return _Flows(_cumulative_by_item(parts.gains1_by_item, f), cost if known is None else cost - known, known,
                  None if fixed is None else _cumulative_by_item(fixed, f))


def _cumulative_by_item(by_item: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Cumulative discounted gains per line for each actor and the total, (K, A + 1, T)."""
    g3 = by_item * f
    return np.cumsum(np.concatenate([g3, g3.sum(axis=1, keepdims=True)], axis=1), axis=-1)


def _cumulative_known_costs(case: CaseInput, parts, f: np.ndarray) -> np.ndarray | None:
    """Cumulative discounted costs already paid (``CostLine.known``) per actor, or None."""
    known = np.array([line.known for line in case.costs], dtype=bool)
    if not known.any():
        return None
    by_line = parts.cost_by_line[known]
    costs = np.zeros((TOTAL_INDEX + 1, f.size))
    np.add.at(costs, parts.cost_payer[known], by_line)
    costs[TOTAL_INDEX] = by_line.sum(axis=0)
    return np.cumsum(costs * f, axis=-1)


def _histogram_range(values: np.ndarray) -> tuple[float, float]:
    """The draws' span, or one krone around them when they differ by less than a micro-krone
    (numpy cannot cut a span of a few denormal numbers into finite bins)."""
    lo, hi = float(values.min()), float(values.max())
    return (lo, hi) if hi - lo >= _KRONE else ((lo + hi) / 2 - 0.5, (lo + hi) / 2 + 0.5)


def _break_even_counts(cdn: np.ndarray, no_net_costs: tuple[bool, ...] = ()) -> np.ndarray:
    """Counts per break-even year from CDN of shape (A + 1, T, D), as shape (A + 1, T + 1).

    Same rule as the core: the first year from which the cumulative discounted net stays
    ≥ 0 to the horizon's end, and none for an actor without net costs. Its index equals
    the number of years t for which some year ≥ t is negative, built by walking the years
    backwards (a loop over at most 70 years, each step vectorised over all draws).
    """
    A, T, D = cdn.shape
    negative = cdn < -_KRONE
    seen = np.zeros((A, D), dtype=bool)
    index = np.zeros((A, D), dtype=np.int64)  # T = no break-even year
    for t in range(T - 1, -1, -1):
        seen |= negative[:, t]
        index += seen
    for a, free in enumerate(no_net_costs):
        if free:
            index[a] = T  # nothing to pay back
    return np.stack([np.bincount(index[a], minlength=T + 1) for a in range(A)])
