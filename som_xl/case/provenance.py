"""Provenance of a calculation, and what changed when the knowledge did.

A computed case file or workbook records the som_xl version, the knowledge package's
name, version and content hash, the local overrides, the time, the NPV per actor, the
prices used and what the gains rest on (the sourcing share). Recalculating with another
knowledge package compares against that record and warns, per actor, with the NPV before
and after and the prices that moved.
"""

from __future__ import annotations

from typing import Any, Protocol

from som_xl import fmt
from som_xl.case.model import Case
from som_xl.case.sourcing import Sourcing
from som_xl.core import Results
from som_xl.core.entities import ACTOR_KEYS_TOTAL, ACTORS_WITH_TOTAL
from som_xl.errors import Problem
from som_xl.knowledge import Knowledge, ResolvedPrice


class Computed(Protocol):
    """What provenance reads of a :class:`~som_xl.case.Computation` (a protocol, because the
    computation asks this module whether its knowledge changed)."""

    @property
    def case(self) -> Case: ...

    @property
    def results(self) -> Results: ...

    @property
    def knowledge(self) -> Knowledge: ...

    @property
    def prices(self) -> tuple[ResolvedPrice, ...]: ...

    @property
    def sourcing(self) -> Sourcing: ...

    def provenance(self) -> dict[str, Any]: ...


def record(comp: Computed) -> dict[str, Any]:
    """The provenance a computed case file carries (extends ``Computation.provenance``)."""
    r = comp.results
    sourcing = comp.sourcing
    shares = sourcing.as_dict()
    return comp.provenance() | {
        "npv": {a: float(v) for a, v in zip(ACTOR_KEYS_TOTAL, r.npv, strict=True)},
        "prices": {p.item: [float(x) for x in p.uprated] for p in comp.prices},
        "price_year": comp.case.settings.price_year,
        "sourcing": {"gains_share_illustrative": sourcing.gains_share_illustrative,
                     "by_kind": shares["by_kind"], "text_da": shares["text_da"]},
    }


def knowledge_change(old: dict[str, Any] | None, comp: Computed, where: str = "$.provenance") -> Problem | None:
    """A warning if ``old`` was computed with other knowledge than ``comp``; else None."""
    if not old or not isinstance(old.get("knowledge"), dict):
        return None
    k_old = old["knowledge"]
    k = comp.knowledge
    if not k_old.get("content_hash") or k_old.get("content_hash") == k.content_hash:
        return None
    parts = [f"beregningen blev sidst lavet med vidensdatabasen {k_old.get('name', '?')} "
             f"{k_old.get('version', '?')}; nu bruges {k.name} {k.version}."]
    npv_old = old.get("npv") or {}
    if npv_old:
        changes = []
        for actor, new in zip(ACTORS_WITH_TOTAL, comp.results.npv, strict=True):
            before = npv_old.get(actor.key)
            if isinstance(before, (int, float)):
                changes.append(f"{actor.definite} {fmt.kroner(before)} → {fmt.kroner(float(new))}")
        parts.append(fmt.full_stop("Nutidsværdi før → nu: " + "; ".join(changes)))
    prices_old = old.get("prices") or {}
    same_level = old.get("price_year") in (None, comp.case.settings.price_year)
    moved = []
    for p in comp.prices:
        before = prices_old.get(p.item)
        if before is None:
            moved.append(f"{p.item} (ny)")
        elif same_level and any(abs(float(b) - float(n)) > 0.005 for b, n in zip(before, p.uprated, strict=False)):
            moved.append(f"{p.item} ({fmt.number(sum(before), 2)} → {fmt.number(sum(p.uprated), 2)} kr. i alt)")
    gone = sorted(set(prices_old) - {p.item for p in comp.prices})
    moved += [f"{item} (udgået)" for item in gone]
    if moved:
        parts.append("Ændrede priser eller konsekvenslinjer: " + ", ".join(moved) + ".")
    return Problem("knowledge-changed", where, " ".join(parts), "warning")
