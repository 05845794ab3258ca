"""Choosing interventions under a budget: exact (meet in the middle) and greedy.

The problem is a 0/1 knapsack with one constraint: choose the set S maximising
Σ_{i∈S} v_i (the objective's NPV) subject to Σ_{i∈S} c_i ≤ B (the budget actor's net cost
in the budget years). Values and costs may be negative (an intervention can save money
in the budget years; one can have a negative NPV).

Method: meet in the middle (Horowitz and Sahni, 1974): every subset of each half,
sorted by cost; for each left subset the best right subset that still fits. Why this and
not a MILP solver: n ≤ 40 makes 2 × 2^20 half-subsets, which numpy enumerates, sorts and
searches in a fraction of a second, and the answer is exact by construction. Costs are
compared in whole øre (integers), so a budget that equals a subset's cost exactly is met
exactly, with no solver tolerance (HiGHS via
``scipy.optimize.milp`` accepts rows violated by up to its feasibility tolerance and
stops at a relative gap, both of which would need tuning and re-checking). The tests
check this method against brute force over all subsets and, at n = 40, against
``scipy.optimize.milp``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_EXACT = 40
"""The exact selection handles at most this many interventions (2 × 2^20 half-subsets)."""


@dataclass(frozen=True)
class Selection:
    """A chosen set: indices in input order, its objective value and its budget cost."""

    chosen: tuple[int, ...]
    value: float
    """Σ of the chosen interventions' objective NPV, kr."""
    cost: float
    """Σ of their net cost in the budget years, kr."""


def in_ore(amounts) -> np.ndarray:
    """Kroner → whole øre (int64), so that budget comparisons are exact."""
    return np.rint(np.asarray(amounts, dtype=float) * 100).astype(np.int64)


def _sorted_subset_sums(values: np.ndarray, costs: np.ndarray):
    """Cost, value and membership bits of every subset, sorted by cost.

    Built by doubling: the subsets without item i and with it are two cost-sorted runs,
    which a stable sort merges in linear time (Horowitz and Sahni's merge), so the whole
    enumeration costs about twice the final 2^k entries.
    """
    cost, value, bits = np.zeros(1, dtype=np.int64), np.zeros(1), np.zeros(1, dtype=np.int64)
    for i, (vi, ci) in enumerate(zip(values, costs, strict=True)):
        cost = np.concatenate((cost, cost + ci))
        value = np.concatenate((value, value + vi))
        bits = np.concatenate((bits, bits | (1 << i)))
        order = np.argsort(cost, kind="stable")
        cost, value, bits = cost[order], value[order], bits[order]
    return cost, value, bits


def _best_up_to(value: np.ndarray, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For cost-sorted subsets: the best value at or below each position's cost, and the
    subset achieving it (the cheapest among equal values)."""
    best = np.maximum.accumulate(value)
    record = np.r_[True, best[1:] > best[:-1]]
    return best, bits[np.maximum.accumulate(np.where(record, np.arange(best.size), 0))]


def select_exact(values, costs_kr, budget: float) -> Selection:
    """The set with the largest total value whose total cost is at most ``budget``.

    Parameters
    ----------
    values : array of float, shape (n,)
        The objective NPV of each intervention (kr.).
    costs_kr : array of float, shape (n,)
        Each intervention's net cost in the budget years (kr.); compared in whole øre.
    budget : float
        At least 0 (the empty set is then always allowed).

    >>> select_exact([10, 7, 6], [5, 4, 3], 7).chosen  # 7 + 6 beats 10 alone
    (1, 2)
    """
    v = np.asarray(values, dtype=float)
    n = v.size
    if n > MAX_EXACT:
        raise ValueError(f"at most {MAX_EXACT} interventions")
    if budget < 0:
        raise ValueError("the budget must be at least 0")
    c, b = in_ore(costs_kr), int(in_ore(budget))
    h = n // 2
    left_c, left_v, left_bits = _sorted_subset_sums(v[:h], c[:h])
    right_c, right_v, right_bits = _sorted_subset_sums(v[h:], c[h:])
    best_v, best_bits = _best_up_to(right_v, right_bits)
    # For each left subset: the most valuable right subset that still fits.
    pos = np.searchsorted(right_c, b - left_c, side="right") - 1
    total = np.where(pos >= 0, left_v + best_v[np.maximum(pos, 0)], -np.inf)
    k = int(np.argmax(total))
    chosen_bits = int(left_bits[k]) | int(best_bits[pos[k]]) << h
    return _selection(tuple(i for i in range(n) if chosen_bits >> i & 1), v, c)


def select_greedy(values, costs_kr, budget: float) -> Selection:
    """The greedy ratio-order answer: interventions with a positive value, the ones that
    cost nothing in the budget years first (by value), then by value per krone of budget
    cost, each taken if it still fits. Not optimal in general; shown for comparison.

    >>> select_greedy([10, 7, 6], [5, 4, 3], 7).chosen  # 10/5 first; then 7/4 and 6/3 do not fit
    (0,)
    """
    v = np.asarray(values, dtype=float)
    c, b = in_ore(costs_kr), int(in_ore(budget))
    free = [i for i in range(v.size) if v[i] > 0 and c[i] <= 0]
    paid = [i for i in range(v.size) if v[i] > 0 and c[i] > 0]
    order = sorted(free, key=lambda i: -v[i]) + sorted(paid, key=lambda i: -v[i] / c[i])
    chosen, spent = [], 0
    for i in order:
        if spent + c[i] <= b:
            chosen.append(i)
            spent += int(c[i])
    return _selection(tuple(sorted(chosen)), v, c)


def _selection(chosen: tuple[int, ...], v: np.ndarray, c_ore: np.ndarray) -> Selection:
    idx = list(chosen)
    return Selection(chosen, float(v[idx].sum()), float(c_ore[idx].sum()) / 100)
