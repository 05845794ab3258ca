"""The case file (format 1) as typed, validated data: what a municipality shares.

A :class:`Case` mirrors the JSON file one to one (field names are the contract in
``som_xl/schemas/case-1.schema.json``); it holds the user's inputs before knowledge is
applied. :func:`som_xl.case.resolve.resolve` turns it into a core ``CaseInput``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import Problem
from som_xl.knowledge.records import PriceSpec

FORMAT_ID = "som-xl-case/1"


@dataclass(frozen=True)
class Owner:
    name: str = ""
    type: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Settings:
    start_year: int
    horizon_years: int
    price_year: int
    discount_rate: float | None = None
    """Constant real rate as a fraction; None means the knowledge package's schedule."""
    discount_schedule: str | None = None


@dataclass(frozen=True)
class CohortSpec:
    year: int
    participants: float


@dataclass(frozen=True)
class Programme:
    duration_years: int
    cohorts: tuple[CohortSpec, ...]


@dataclass(frozen=True)
class CostSpec:
    label: str
    payer: str
    kind: str
    basis: str
    amount: float
    year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class EffectSpec:
    success_rate: float
    outcome: str | None = None
    low: float | None = None
    high: float | None = None
    evidence_level: int | None = None
    source: str = ""


@dataclass(frozen=True)
class ConsequenceSpec:
    item: str
    per_success_by_year: tuple[float, ...]
    include: bool = True
    source: str = ""


@dataclass(frozen=True)
class ActualYear:
    """One past year of a follow-up: who started, what was paid, how many succeeded."""

    year: int
    participants: int
    costs: tuple[float, ...]
    """Paid this year, one amount per actor in axis order (kroner at the case's price level)."""
    successes: int
    """Successes (net of the baseline) among the cohort whose programme ended this year."""


@dataclass(frozen=True)
class Case:
    title: str
    settings: Settings
    programme: Programme
    effect: EffectSpec
    description: str = ""
    owner: Owner = field(default_factory=Owner)
    target_group: str | None = None
    costs: tuple[CostSpec, ...] = ()
    consequences: tuple[ConsequenceSpec, ...] | None = None
    """None: take the knowledge's lines for the target group and outcome."""
    items: tuple[PriceSpec, ...] = ()
    """Own items (not in the knowledge package)."""
    local_prices: tuple[PriceSpec, ...] = ()
    """Local overrides of knowledge prices."""
    actuals: tuple[ActualYear, ...] = ()
    """Follow-up: one entry per past year; empty for a plan (the file has no ``actuals``)."""
    provenance: dict[str, Any] | None = None
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)
    """Warnings found while parsing (suspicious values, duplicates); not part of the file."""

    def to_dict(self) -> dict[str, Any]:
        """The case as format-1 JSON data (optional fields left out when empty)."""
        raw = asdict(self)
        out: dict[str, Any] = {"format": FORMAT_ID, "title": self.title}
        if self.description:
            out["description"] = self.description
        owner = {k: v for k, v in raw["owner"].items() if v}
        if owner:
            out["owner"] = owner
        out["target_group"] = self.target_group
        out["settings"] = _drop_none(raw["settings"])
        out["programme"] = {
            "duration_years": self.programme.duration_years,
            "cohorts": [dict(c) for c in raw["programme"]["cohorts"]],
        }
        out["costs"] = [_drop_empty(c) for c in raw["costs"]]
        out["effect"] = _drop_empty(raw["effect"])
        if self.consequences is not None:
            out["consequences"] = [
                _drop_empty({**c, "per_success_by_year": list(c["per_success_by_year"])},
                            keep=("include",))
                for c in raw["consequences"]
            ]
        if self.items:
            out["items"] = [_price_dict(p) for p in self.items]
        if self.local_prices:
            out["local_prices"] = [_price_dict(p) for p in self.local_prices]
        if self.actuals:
            out["actuals"] = [{"year": a.year, "participants": a.participants,
                               "costs": dict(zip(ACTOR_KEYS, a.costs, strict=True)), "successes": a.successes}
                              for a in self.actuals]
        if self.provenance:
            out["provenance"] = self.provenance
        return out


def _price_dict(p: PriceSpec) -> dict[str, Any]:
    """A typed price as the case file writes it: one field per actor."""
    return _drop_empty({"item": p.item, "price_year": p.price_year, **dict(zip(ACTOR_KEYS, p.amounts, strict=True)),
                        "name": p.name, "unit": p.unit, "area": p.area, "source": p.source})


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _drop_empty(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k in keep or (v is not None and v != "")}
