"""One calculation of a case: resolve against knowledge, run the core, keep provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from som_xl import __version__
from som_xl.case.model import Case
from som_xl.case.provenance import knowledge_change
from som_xl.case.resolve import Resolution, resolve
from som_xl.case.sourcing import Sourcing, compute_sourcing
from som_xl.core import ACTOR_KEYS, CaseInput, Results, calculate
from som_xl.errors import Problem
from som_xl.knowledge import Knowledge, load_knowledge
from som_xl.knowledge.records import ResolvedPrice
from som_xl.vocabulary import origins

if TYPE_CHECKING:
    from som_xl.followup import FollowUp


@dataclass(frozen=True)
class Computation:
    """A case, the inputs the core saw, the results, and where every number came from."""

    case: Case
    resolution: Resolution
    results: Results
    knowledge: Knowledge
    computed_at: str
    """ISO 8601 time of calculation (UTC, seconds)."""

    @property
    def case_input(self) -> CaseInput:
        return self.resolution.case_input

    @property
    def prices(self) -> tuple[ResolvedPrice, ...]:
        return self.resolution.prices

    @cached_property
    def sourcing(self) -> Sourcing:
        """What the gains rest on (:class:`som_xl.case.sourcing.Sourcing`)."""
        return compute_sourcing(self.resolution, self.results)

    @cached_property  # the workbook's Opfølgning sheet and the report read the same one
    def follow_up(self) -> FollowUp | None:
        """The follow-up against the case's actuals, without odds, or None without actuals
        (:func:`som_xl.followup.plan_follow_up`)."""
        from som_xl.followup.result import plan_follow_up  # lazy: only cases with actuals (≈11 ms)

        return plan_follow_up(self)

    @cached_property  # compares against the recorded provenance once, however often it is read
    def warnings(self) -> tuple[Problem, ...]:
        changed = knowledge_change(self.case.provenance, self)
        return tuple(self.case.warnings) + tuple(self.resolution.warnings) + ((changed,) if changed else ())

    def provenance(self) -> dict[str, Any]:
        """What a computed case file or workbook records about this calculation."""
        k = self.knowledge
        return {
            "som_xl_version": __version__,
            "knowledge": {"name": k.name, "version": k.version, "content_hash": k.content_hash},
            "local_overrides": [
                {"item": p.item, **dict(zip(ACTOR_KEYS, p.original, strict=True)), "price_year": p.price_year}
                for p in self.prices if p.origin == origins.LOCAL
            ],
            "computed_at": self.computed_at,
        }


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def compute(case: Case, knowledge: Knowledge | None = None, *, computed_at: str | None = None) -> Computation:
    """Compute ``case`` with ``knowledge`` (default: the shipped or configured package)."""
    if knowledge is None:
        knowledge = load_knowledge()
    resolution = resolve(case, knowledge)
    return Computation(case, resolution, calculate(resolution.case_input), knowledge,
                       computed_at or now_iso())
