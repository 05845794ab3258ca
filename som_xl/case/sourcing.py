"""How much of a calculation's result rests on illustrative figures (pure: no I/O).

Every consequence line's contribution in a year is priced from four inputs: the quantity
per success (consequence line), the success rate (effect), the unit price, and the index
values that uprated the price to the case's price level. Each input has a class:

* ``illustrative``: marked ``illustrativ`` in the knowledge package;
* ``own``: the municipality's own figure (a typed consequence line, a success rate that is
  not a package effect, a local price or an own item) — "egne tal", neither illustrative
  nor sourced;
* ``derived``: marked ``afledt`` (derived by a stated rule from published figures);
* ``secondary`` / ``primary``: a ``kilde`` figure by the kind of its source.

The classes, their order and which quality is a class of its own are the vocabulary's
(:mod:`som_xl.vocabulary.qualities`), so a new class is a change there, not here. A
contribution (item × calendar year, present value of all actors) rests on the weakest
class of its inputs, in that order (illustrative, own, derived, secondary, primary). The shares are of
the gross present value: positive contributions make up the **gains**, negative ones (more
use of a service priced from the knowledge, e.g. more bostøtte) the **knowledge-based
costs**. The case's own cost lines are the municipality's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from som_xl import fmt
from som_xl.core.entities import TOTAL_INDEX
from som_xl.vocabulary.origins import Origin
from som_xl.vocabulary.qualities import CLASS_LABELS_DA, CLASSES, FigureClass, quality_class

INPUTS = ("consequences", "effect", "prices", "index")
INPUTS_DA = {"consequences": "konsekvenser", "effect": "effekt", "prices": "priser", "index": "indeks"}
NOT_USED = "not_used"
"""The index class of a price that needed no uprating (price year = price level)."""


def knowledge_class(quality: str, source_kind: str) -> str:
    """The class of a knowledge figure (:func:`som_xl.vocabulary.qualities.quality_class`)."""
    return quality_class(quality, source_kind)


def _current_classes(price, current) -> tuple[str, str]:
    """(price class, index class) of ``price`` while ``current`` (itself or a change) holds."""
    value: str
    if price.origin in (Origin.LOCAL, Origin.OWN):
        value = FigureClass.OWN.value
    else:
        value = knowledge_class(current.quality, current.source_kind)
    index = (NOT_USED if not current.index_quality else
             knowledge_class(current.index_quality, current.index_source_kind))
    return value, index


def price_classes(price, year: int) -> tuple[str, str]:
    """(price class, index class) of a resolved price in calendar ``year`` (after a price
    change, the change's)."""
    current = price
    for change in price.changes:
        if change.from_year <= year:
            current = change
    return _current_classes(price, current)


def _class_codes() -> dict[str, int]:
    """A class as a number: weaker is smaller, and ``not_used`` comes after every class, so
    the smallest code among a contribution's inputs is its weakest class."""
    return {c: i for i, c in enumerate((*CLASSES, NOT_USED))}


def _price_key(price) -> tuple:
    """What decides a price's classes in every year: its own classes, and each change's year
    and classes, in the list's order (prices with the same key share their codes)."""
    return (_current_classes(price, price),
            tuple((change.from_year, _current_classes(price, change)) for change in price.changes))


def _price_codes(key: tuple, years: np.ndarray, code: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The codes of :func:`price_classes` in every year of ``years`` for a price with
    :func:`_price_key` ``key``: a change holds from its year on, a later one in the list over
    an earlier one (as the loop above)."""
    value, index = (np.full(years.size, code[c]) for c in key[0])
    for from_year, (v, i) in key[1]:
        later = years >= from_year
        value[later], index[later] = code[v], code[i]
    return value, index


def consequence_class(line) -> str:
    return FigureClass.OWN.value if line.origin == Origin.USER else knowledge_class(line.quality, line.source_kind)


def effect_class(source) -> str:
    if source.origin != Origin.KNOWLEDGE:
        return FigureClass.OWN.value
    return knowledge_class(source.quality, source.source_kind)


@dataclass(frozen=True)
class Shares:
    """Shares of a gross present value by class, overall and per input kind."""

    total: float
    """The gross present value (kroner, ≥ 0) the shares are of."""
    overall: dict[str, float] = field(default_factory=dict)
    """Share by the weakest class of the inputs (sums to 1)."""
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per input kind, the share by that input's class (each sums to 1)."""
    any_input: dict[str, float] = field(default_factory=dict)
    """Share where at least one input has the class (``own``: rests wholly or partly on own figures)."""

    @property
    def illustrative(self) -> float | None:
        """Share resting on at least one illustrative figure; None without a value to share."""
        return self.overall.get(FigureClass.ILLUSTRATIVE, 0.0) if self.total > 0 else None

    def as_dict(self) -> dict:
        return {"pv": self.total, "share_illustrative": self.illustrative, "by_class": dict(self.overall),
                "any_input": dict(self.any_input), "by_kind": {k: dict(v) for k, v in self.by_kind.items()}}


@dataclass(frozen=True)
class Sourcing:
    """What the gains (and the knowledge-based costs) of a calculation rest on."""

    gains: Shares
    knowledge_costs: Shares
    own_costs_pv: float
    """Present value of the municipality's own cost figures: the case's cost lines and more
    use of an own item or of an item at a local price."""

    @property
    def gains_share_illustrative(self) -> float | None:
        return self.gains.illustrative

    def as_dict(self) -> dict:
        """The ``"sourcing"`` part of ``calc --json`` and of a case file's provenance."""
        return {"gains_share_illustrative": self.gains.illustrative,
                "by_kind": {k: dict(v) for k, v in self.gains.by_kind.items()},
                "gains": self.gains.as_dict(), "knowledge_costs": self.knowledge_costs.as_dict(),
                "own_costs_pv": self.own_costs_pv, "text_da": sentence(self), "costs_text_da": costs_sentence(self)}


def _ordered_sum(start: float, values: np.ndarray) -> float:
    """``start`` plus ``values`` added one by one, in order (as a loop adds them)."""
    return float(np.cumsum(np.concatenate(([start], values)))[-1])


def _shares(values: np.ndarray, codes: dict[str, np.ndarray], code: dict[str, int]) -> Shares:
    """The shares of contributions ``values`` (n,) whose inputs have the classes numbered
    ``codes[kind]`` (n,) (numbers from :func:`_class_codes`, given as ``code``)."""
    n = len(code)
    total = _ordered_sum(0.0, np.abs(values))
    weights = np.minimum(1.0, np.abs(values) / total) if values.size else values
    # bincount adds each bin's weights in the cells' order, so the sums are a loop's sums
    stacked = np.stack([codes[k] for k in INPUTS])
    overall = np.bincount(stacked.min(axis=0), weights=weights, minlength=n)
    by_kind = {k: np.bincount(codes[k], weights=weights, minlength=n) for k in INPUTS}
    has = np.zeros((n, values.size), dtype=bool)
    for k in INPUTS:
        has[codes[k], np.arange(values.size)] = True
    any_input = [_ordered_sum(0.0, weights[row]) for row in has]

    def clip(sums, names) -> dict[str, float]:  # float sums of shares may pass 1 by an ulp
        return {c: min(1.0, float(sums[code[c]])) for c in names}

    return Shares(total, clip(overall, CLASSES),
                  {k: clip(v, CLASSES + ((NOT_USED,) if k == "index" else ())) for k, v in by_kind.items()},
                  clip(any_input, CLASSES))


def compute_sourcing(resolution, results) -> Sourcing:
    """The sourcing of a calculation, from the resolved case and the core's results.

    Parameters
    ----------
    resolution : som_xl.case.resolve.Resolution
        The consequence lines, prices (with their provenance) and the effect's source.
    results : som_xl.core.Results
        Gains by item, actor and year, and the discount factors.

    Notes
    -----
    Vectorised over lines × years: the classes are worked out once per line (and per
    price change), each contribution's class is a code in an array, and the shares are
    weighted counts of the codes, summed in the contributions' order.
    """
    f = np.asarray(results.discount_factors)
    pv = np.asarray(results.gains_by_item)[:, TOTAL_INDEX, :] * f  # (K, T): total over actors, discounted
    years = np.asarray(results.years)
    K, T = pv.shape
    code = _class_codes()
    consequence, by_knowledge, row = np.empty(K, dtype=np.intp), np.empty(K, dtype=bool), np.empty(K, dtype=np.intp)
    keys: dict[tuple, int] = {}  # lines priced alike (every own item, say) share one row of codes
    for k, (line, price) in enumerate(zip(resolution.consequences, resolution.prices, strict=True)):
        consequence[k] = code[consequence_class(line)]
        by_knowledge[k] = price.origin == Origin.KNOWLEDGE
        row[k] = keys.setdefault(_price_key(price), len(keys))
    value, index = np.empty((len(keys), T), dtype=np.intp), np.empty((len(keys), T), dtype=np.intp)
    for key, r in keys.items():
        value[r], index[r] = _price_codes(key, years, code)
    codes = {"consequences": np.repeat(consequence[:, None], T, axis=1),
             "effect": np.full((K, T), code[effect_class(resolution.effect_source)]),
             "prices": value[row], "index": index[row]}
    priced_by_knowledge = np.repeat(by_knowledge[:, None], T, axis=1)
    v = pv.ravel()
    gains = v > 0
    knowledge_costs = (v < 0) & priced_by_knowledge.ravel()
    # more use of an own item or at a local price: the municipality's own figures
    own = (v < 0) & ~priced_by_knowledge.ravel()
    flat = {k: c.ravel() for k, c in codes.items()}
    return Sourcing(_shares(v[gains], {k: c[gains] for k, c in flat.items()}, code),
                    _shares(v[knowledge_costs], {k: c[knowledge_costs] for k, c in flat.items()}, code),
                    _ordered_sum(float(results.pv_costs[TOTAL_INDEX]), -v[own]))


def _pct(share: float) -> str:
    """A whole percentage that never rounds a part up to all or down to nothing."""
    if share >= 1 - 1e-9:
        return "100 %"
    if share <= 1e-9:
        return "0 %"
    return f"{min(99, max(1, round(share * 100)))} %"


def sentence(s: Sourcing) -> str:
    """The Danish sentence the outputs show, e.g. "100 % af gevinsterne bygger på
    illustrative tal (konsekvenser, effekt); efter det svageste tal bag hver gevinst:
    primære kilder 0 %, sekundære kilder 0 %, afledte tal 0 %, illustrative tal 100 %; 71 %
    bygger på illustrative eller sekundære priser." Every class of the vocabulary is
    counted (the municipality's own figures only when there are any)."""
    g = s.gains
    if g.total <= 0:
        return "Beregningen har ingen gevinster, så der er ingen kilder at vurdere."
    parts = []
    ill = g.overall[FigureClass.ILLUSTRATIVE]
    if ill > 0:
        kinds = [INPUTS_DA[k] for k in INPUTS if g.by_kind[k][FigureClass.ILLUSTRATIVE] > 0]
        parts.append(f"{_pct(ill)} af gevinsterne bygger på illustrative tal ({', '.join(kinds)})")
    else:
        parts.append("Ingen af gevinsterne bygger på illustrative tal")
    counted = [c for c in reversed(CLASSES) if c != FigureClass.OWN or g.overall[c] > 0]
    parts.append("efter det svageste tal bag hver gevinst: "
                 + ", ".join(f"{CLASS_LABELS_DA[c]} {_pct(g.overall[c])}" for c in counted))
    weak_prices = g.by_kind["prices"][FigureClass.ILLUSTRATIVE] + g.by_kind["prices"][FigureClass.SECONDARY]
    if weak_prices > 0:
        parts.append(f"{_pct(weak_prices)} bygger på illustrative eller sekundære priser")
    own = g.any_input[FigureClass.OWN]
    if own > 0:
        parts.append(f"{_pct(own)} bygger helt eller delvis på kommunens egne tal")
    return "; ".join(parts) + "."


def costs_sentence(s: Sourcing) -> str:
    """The knowledge-based costs (more use of a priced service) and the case's own costs."""
    c = s.knowledge_costs
    own = f"Omkostningerne ({fmt.kroner(round(s.own_costs_pv, -3))} i nutidsværdi) er kommunens egne tal."
    if c.total <= 0:
        return own
    return (f"{own} Merforbrug prissat med vidensdatabasen ({fmt.kroner(round(c.total, -3))} i nutidsværdi): "
            f"{_pct(c.overall[FigureClass.ILLUSTRATIVE])} bygger på illustrative tal.")
