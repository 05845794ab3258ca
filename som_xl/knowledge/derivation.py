"""Derived consequence lines: the rule that made them from published figures, recomputed.

A derivation (``derivations.csv``) states a published figure and a rule; its parts
(``derivation_parts.csv``) say how the figure is spread over items and years:

* ``share``: the item gets ``value`` of the published total, the same kroner each year of
  its span (present value at the derivation's ``discount_rate``, so the kroner of year τ
  are K with K × Σ (1 + r)^-τ = value × total), in units of the item at the derivation's
  ``price_year``: q_τ = -K / price (the total is a saving, so the lines are less use);
* ``quantity``: ``value`` units in all (signed as the lines: negative is less use), the
  same number each year of the span;
* ``baseline``: ``value`` units a year (the use before success) times ``reduction_share``
  fewer: q_τ = -value × reduction_share.

The package's consequence lines of the derivation (``consequences.csv``, quality
``afledt``, column ``derivation``) must be what the rule gives (to rounding), and their
present value at the derivation's price level and rate must reproduce the published
total (a saving: minus the lines' present value) within ``tolerance``; each published
check (``derivation_checks.csv``: the total, an actor's kroner or share, an item's share
or units) must hold within its own tolerance.
:func:`derivation_report` does the arithmetic (``som-xl knowledge show`` prints it) and
:func:`derivation_problems` turns a miss into a Danish problem (``knowledge validate``).
"""

from __future__ import annotations

from dataclasses import dataclass

from som_xl import fmt
from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.knowledge import Knowledge
from som_xl.knowledge.prices import knowledge_price
from som_xl.knowledge.records import Derivation, DerivationCheck, DerivationPart

ROW_TOLERANCE = 2e-4
"""Relative room for a line rounded in the CSV (whole kroner, two decimals of a unit)."""


def figure(value: float) -> str:
    """A figure in Danish: whole numbers from 1.000 up, up to three decimals below (shares, days).

    >>> figure(505282.1), figure(0.9), figure(-231.8)
    ('505.282', '0,9', '-231,8')
    """
    if abs(value) >= 1000:
        return fmt.number(value, 0)
    text = fmt.number(value, 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _discount(rate: float, tau: int) -> float:
    return (1 + rate) ** -tau


@dataclass(frozen=True)
class PartResult:
    """A part of a derivation with what its rule gives."""

    part: DerivationPart
    per_year: tuple[float, ...]
    """q_τ for τ = 0 … ``year_to`` (zero before ``year_from``)."""
    unit_price: tuple[float, ...]
    """The item's price per actor (axis order) at the derivation's price level."""


@dataclass(frozen=True)
class CheckResult:
    check: DerivationCheck
    computed: float

    @property
    def difference(self) -> float:
        """Relative difference from the published figure (0 when both are 0)."""
        return (self.computed - self.check.published) / abs(self.check.published) if self.check.published else 0.0

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.check.tolerance + 1e-12


@dataclass(frozen=True)
class DerivationReport:
    """A derivation recomputed: the rule's lines, the package's lines and the published checks."""

    derivation: Derivation
    parts: tuple[PartResult, ...]
    lines: dict[str, tuple[float, ...]]
    """The package's consequence lines of the derivation: item → q_τ."""
    pv_by_item: dict[str, tuple[float, ...]]
    """Present value at the derivation's price level and rate, per item and actor (axis order)."""
    units_by_item: dict[str, float]
    """Units in all over the years (undiscounted), per item."""
    checks: tuple[CheckResult, ...]
    mismatched: tuple[tuple[str, int, float, float], ...]
    """(item, τ, package line, rule) where the package's line is not the rule's."""

    @property
    def pv_total(self) -> float:
        return sum(sum(v) for v in self.pv_by_item.values())

    def pv_actor(self, actor: str) -> float:
        i = ACTOR_KEYS.index(actor)
        return sum(v[i] for v in self.pv_by_item.values())

    @property
    def total_check(self) -> CheckResult | None:
        """The published total against the lines' present value (kind ``total``)."""
        d = self.derivation
        if d.published_total is None:
            return None
        return CheckResult(DerivationCheck(d.derivation, "offentliggjort total (besparelse)", "saving",
                                           d.published_total, d.tolerance, d.source), -self.pv_total)


def _price(k: Knowledge, item: str, price_year: int) -> tuple[float, ...]:
    return tuple(knowledge_price(k, item, price_year).uprated)


def _rule(part: DerivationPart, d: Derivation, price: tuple[float, ...]) -> tuple[float, ...]:
    years = range(part.year_from, part.year_to + 1)
    if part.basis == "share":
        kroner = part.value * (d.published_total or 0.0) / sum(_discount(d.discount_rate, t) for t in years)
        each = -kroner / sum(price) if sum(price) else 0.0
    elif part.basis == "quantity":
        each = part.value / len(years)
    else:  # baseline
        each = -part.value * (part.reduction_share if part.reduction_share is not None else 1.0)
    return tuple(each if t >= part.year_from else 0.0 for t in range(part.year_to + 1))


def _measure(report_pv: dict[str, tuple[float, ...]], units: dict[str, float], measure: str) -> float:
    total = sum(sum(v) for v in report_pv.values())
    kind, _, what = measure.partition(":")
    if kind == "total":
        return total
    if kind == "actor":
        return sum(v[ACTOR_KEYS.index(what)] for v in report_pv.values())
    if kind == "actor_share":
        i = ACTOR_KEYS.index(what)
        return sum(v[i] for v in report_pv.values()) / total if total else 0.0
    if kind == "item_share":
        return sum(report_pv.get(what, ())) / total if total else 0.0
    return units.get(what, 0.0)  # quantity:ITEM


def derivation_report(k: Knowledge, derivation: str) -> DerivationReport:
    """Recompute ``derivation`` of package ``k`` (its rule, its lines, its checks)."""
    d = k.derivation(derivation)
    parts = []
    for part in k.derivation_parts(derivation):
        price = _price(k, part.item, d.price_year)
        parts.append(PartResult(part, _rule(part, d, price), price))
    rule: dict[str, list[float]] = {}
    for pr in parts:
        q = rule.setdefault(pr.part.item, [0.0] * 11)
        q.extend([0.0] * (len(pr.per_year) - len(q)))
        for t, v in enumerate(pr.per_year):
            q[t] += v
    lines = {p.item: p.per_success_by_year for p in k.consequence_profiles(d.target_group, d.outcome)
             if p.derivation == derivation}
    prices = {pr.part.item: pr.unit_price for pr in parts} | {i: _price(k, i, d.price_year) for i in lines}
    pv = {i: tuple(sum(x * _discount(d.discount_rate, t) for t, x in enumerate(q)) * a for a in prices[i])
          for i, q in lines.items()}
    units = {i: float(sum(q)) for i, q in lines.items()}
    mismatched = []
    for item in sorted(set(rule) | set(lines)):
        want, have = rule.get(item, []), list(lines.get(item, ()))
        for t in range(max(len(want), len(have))):
            w, h = (want[t] if t < len(want) else 0.0), (have[t] if t < len(have) else 0.0)
            if abs(w - h) > max(0.005, ROW_TOLERANCE * abs(w)):
                mismatched.append((item, t, h, w))
    checks = tuple(CheckResult(c, _measure(pv, units, c.measure)) for c in k.derivation_checks(derivation))
    return DerivationReport(d, tuple(parts), lines, pv, units, checks, tuple(mismatched))


def derivation_problems(k: Knowledge) -> list[Problem]:
    """Every derivation whose lines are not its rule's, or miss a published figure, as a Danish error."""
    out: list[Problem] = []
    for d in k.derivations():
        where = f"derivations.csv afledning {d.derivation}"
        try:
            report = derivation_report(k, d.derivation)
        except KnowledgeError as exc:
            out += [Problem(p.type, where, p.message) for p in exc.problems]
            continue
        for item, t, have, want in report.mismatched[:5]:
            out.append(Problem("derivation-line", f"consequences.csv afledning {d.derivation}, vare {item}",
                               f"år {t} efter succes er {fmt.number(have, 2)}, men reglen giver "
                               f"{fmt.number(want, 2)}; ret linjen eller afledningens dele."))
        for c in ((report.total_check,) if report.total_check else ()) + report.checks:
            if not c.ok:
                out.append(Problem("derivation-check", where,
                                   f"{c.check.check}: linjerne giver {figure(c.computed)}, kilden "
                                   f"{figure(c.check.published)} ({fmt.percent(c.difference)} forskel; "
                                   f"højst {fmt.percent(c.check.tolerance)} tilladt)."))
    return out
