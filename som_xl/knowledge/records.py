"""The small frozen records a :class:`~som_xl.knowledge.Knowledge` hands out.

One dataclass per table row kind (see ``knowledge_tables/README.md`` for the tables),
plus the vocabularies the tables use. Lookups return these records, never DataFrames, so
callers cannot change the knowledge by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

QUALITIES: tuple[str, ...] = ("kilde", "illustrativ")
"""``kilde``: read from, or computed directly from, the cited source. ``illustrativ``: the
package author's assumption, not an official SØM figure."""
UNITS: tuple[str, ...] = ("døgn", "uge", "måned", "år", "besøg", "kontakt", "indlæggelse", "sag", "forløb")
"""Units an item's quantity and price may be expressed in."""
AREAS: tuple[str, ...] = ("socialt", "sundhed", "beskaeftigelse", "retsvaesen", "skat", "uddannelse")
"""Areas (områder) results are grouped by."""
MAX_PROFILE_YEAR = 10
"""SØM's consequence estimates run to τ = 10; a segment beyond gives a warning."""
ORIGINS: tuple[str, ...] = ("viden", "lokal", "egen")
"""Where a resolved price came from: the knowledge package, a local override, an own item."""


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str
    url: str
    locator: str
    """Table, page, section or quote precise enough to check the number."""
    date: str

    @property
    def text(self) -> str:
        """Title, publisher and locator in one line, for display."""
        return " – ".join(p for p in (self.title, self.publisher, self.locator) if p)


@dataclass(frozen=True)
class TargetGroup:
    target_group: str
    name_da: str
    description_da: str
    source: str
    quality: str


@dataclass(frozen=True)
class Outcome:
    outcome: str
    target_group: str
    name_da: str
    """The success measure in Danish."""
    source: str
    quality: str


@dataclass(frozen=True)
class Effect:
    effect_id: str
    target_group: str
    outcome: str
    intervention_da: str
    success_rate: float
    """Net success rate as a fraction (0.25 = 25 percentage points over current practice)."""
    low: float | None
    high: float | None
    evidence_level: int
    """1 meta-analysis or RCT, 2 quasi-experimental, 3 before/after without control group."""
    study: str
    source: str
    quality: str
    note_da: str = ""


@dataclass(frozen=True)
class Item:
    item: str
    name_da: str
    unit_da: str
    area: str
    description_da: str
    source: str
    quality: str


@dataclass(frozen=True)
class Price:
    """Net public expenditure in DKK per unit of ``item`` at ``price_year`` (tax is negative)."""

    item: str
    price_year: int
    kommune: float
    region: float
    stat: float
    split_note_da: str
    basis: str
    status: str
    uprate_with: str
    """Name of the index resource that uprates this price (``net_price_index``)."""
    source: str
    quality: str
    note_da: str = ""

    @property
    def amounts(self) -> tuple[float, float, float]:
        """(kommune, region, stat)."""
        return (self.kommune, self.region, self.stat)


@dataclass(frozen=True)
class Profile:
    """A consequence line: change in quantity of ``item`` per successful citizen by τ."""

    target_group: str
    outcome: str
    item: str
    per_success_by_year: tuple[float, ...]
    """q_τ for τ = 0 … last year with a segment (zeros where no segment covers τ)."""
    source: str
    quality: str
    """``illustrativ`` if any segment is, else ``kilde``."""


@dataclass(frozen=True)
class ResolvedPrice:
    """A unit price ready for a case: where it came from, and uprated to the price level."""

    item: str
    name: str
    unit: str
    area: str
    price_year: int
    original: tuple[float, float, float]
    """(kommune, region, stat) at ``price_year``."""
    uprated: tuple[float, float, float]
    """(kommune, region, stat) at the case's price level."""
    index_factor: float
    """I(price level) / I(price_year)."""
    source_id: str
    source_text: str
    quality: str
    """``kilde`` or ``illustrativ`` for knowledge prices; ``bruger`` for local and own prices."""
    origin: str
    """``viden``, ``lokal`` or ``egen`` (see :data:`ORIGINS`)."""
    national_uprated: tuple[float, float, float] | None = None
    """For ``lokal``: the national price at the same price level, kept visible beside it."""
