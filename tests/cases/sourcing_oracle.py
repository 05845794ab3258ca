"""The sourcing computed the way it was before it was vectorised: a plain loop over lines ×
years (an independent method the vectorised :func:`som_xl.case.sourcing.compute_sourcing`
is checked against). The classes of one input come from the module's scalar rules
(:func:`~som_xl.case.sourcing.price_classes` and the others), so a new class flows into
both; what is checked is how the cells are gathered, weighed and summed.
"""

from __future__ import annotations

import numpy as np

from som_xl.case import sourcing
from som_xl.case.sourcing import (
    INPUTS,
    NOT_USED,
    Shares,
    Sourcing,
    consequence_class,
    effect_class,
    price_classes,
)
from som_xl.core.entities import TOTAL_INDEX


def _weakest(classes) -> str:
    return next(c for c in sourcing.CLASSES if c in classes)


def _shares(cells: list[tuple[float, dict[str, str]]]) -> Shares:
    total = float(sum(abs(v) for v, _ in cells))
    classes = sourcing.CLASSES  # read at each call: a test may add a class
    overall = {c: 0.0 for c in classes}
    any_input = {c: 0.0 for c in classes}
    by_kind = {k: {c: 0.0 for c in classes + ((NOT_USED,) if k == "index" else ())} for k in INPUTS}
    for v, classes in cells:
        w = min(1.0, abs(v) / total)
        used = {classes[k] for k in INPUTS} - {NOT_USED}
        overall[_weakest(used)] += w
        for c in used:
            any_input[c] += w
        for k in INPUTS:
            by_kind[k][classes[k]] += w

    def clip(d):
        return {c: min(1.0, x) for c, x in d.items()}

    return Shares(total, clip(overall), {k: clip(v) for k, v in by_kind.items()}, clip(any_input))


def loop_sourcing(resolution, results) -> Sourcing:
    """:func:`~som_xl.case.sourcing.compute_sourcing` as one loop over every line and year."""
    f = np.asarray(results.discount_factors)
    pv = np.asarray(results.gains_by_item)[:, TOTAL_INDEX, :] * f
    effect = effect_class(resolution.effect_source)
    gains, costs = [], []
    own_costs = float(results.pv_costs[TOTAL_INDEX])
    for k, (line, price) in enumerate(zip(resolution.consequences, resolution.prices, strict=True)):
        consequence = consequence_class(line)
        for t, year in enumerate(np.asarray(results.years).tolist()):
            v = float(pv[k, t])
            if v == 0:
                continue
            value, index = price_classes(price, year)
            cell = (v, {"consequences": consequence, "effect": effect, "prices": value, "index": index})
            if v > 0:
                gains.append(cell)
            elif price.origin == "viden":
                costs.append(cell)
            else:
                own_costs -= v
    return Sourcing(_shares(gains), _shares(costs), own_costs)
