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
SOURCE_KINDS: tuple[str, ...] = ("primary", "secondary", "none")
"""``primary``: agency, ministry, statistics office, law text, peer-reviewed study;
``secondary``: news, a provider's or an interest group's page, a copy; ``none``: the
package author's own assumption (no source)."""
EFFECT_TYPES: tuple[str, ...] = ("netto", "niveau")
"""``netto``: net effect over current practice; ``niveau``: an outcome level without a
control group (not a net effect, never a net success rate)."""
UNITS_PER_YEAR: dict[str, int] = {"døgn": 365, "uge": 52, "måned": 12, "år": 1}
"""Units of time: how many make a year (a refusion rule needs the yearly cost per case)."""


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str
    url: str
    locator: str
    """Table, page, section or quote precise enough to check the number."""
    date: str
    source_kind: str = ""
    """One of :data:`SOURCE_KINDS`; empty in packages that do not say."""
    document: str = ""
    """A document reference (law or order number, journal and DOI) when the source is a document."""

    @property
    def text(self) -> str:
        """Title, publisher and locator in one line, for display."""
        return " – ".join(p for p in (self.title, self.publisher, self.locator) if p)


@dataclass(frozen=True)
class Method:
    """How a part of the package was made (``som_xl_method`` in ``datapackage.json``)."""

    basis: str
    """``illustrativ``, ``kilde``, ``registerdata``, ``blandet`` or ``ukendt``."""
    description_da: str
    """The sentence outputs show about this part."""

    @property
    def mentions_register_data(self) -> bool:
        return self.basis == "registerdata"


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
    effect_type: str = "netto"
    """One of :data:`EFFECT_TYPES`."""


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
    price_year_basis: str = ""
    """``stated`` (the source gives the year) or ``inferred`` (from the publication date)."""
    refusion_rule: str = ""
    """A rule in ``refusion_rules.csv`` applied to the kommune's amount; empty for none."""
    from_year: int | None = None
    """For a price change (``price_changes.csv``): the first calendar year it applies."""

    @property
    def amounts(self) -> tuple[float, float, float]:
        """(kommune, region, stat)."""
        return (self.kommune, self.region, self.stat)


@dataclass(frozen=True)
class RefusionTier:
    """The state refunds ``state_share`` of the yearly cost per case above ``threshold``
    (kroner at ``level_year``), up to the next tier's threshold."""

    threshold: float
    state_share: float


@dataclass(frozen=True)
class RefusionRule:
    """One version of a refusion rule: the tiers valid from ``valid_from`` (a price level)."""

    rule: str
    valid_from: int
    level_year: int
    tiers: tuple[RefusionTier, ...]
    sources: tuple[str, ...]
    quality: str


@dataclass(frozen=True)
class RefusionSplit:
    """How a refusion rule split an item's price at the case's price level."""

    rule: str
    rule_year: int
    """``valid_from`` of the rule version applied."""
    yearly_cost: float
    """The kommune's gross cost per case per year, at the case's price level."""
    thresholds: tuple[float, ...]
    """The thresholds at the case's price level."""
    state_amount: float
    """The state's refund per case per year."""

    @property
    def state_share(self) -> float:
        return self.state_amount / self.yearly_cost if self.yearly_cost else 0.0


@dataclass(frozen=True)
class PriceChange:
    """An item's price from calendar year ``from_year`` on, uprated to the case's price level."""

    from_year: int
    price_year: int
    original: tuple[float, float, float]
    uprated: tuple[float, float, float]
    index_factor: float
    source_id: str
    source_text: str
    source_kind: str
    quality: str
    index_quality: str
    index_source_kind: str = ""


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
    source_kind: str = ""
    """The kind of the price's source (:data:`SOURCE_KINDS`); empty for local and own prices."""
    index_name: str = ""
    """The index the price was uprated with (``net_price_index``, ``satsregulering``)."""
    index_quality: str = ""
    """``kilde`` or ``illustrativ``: the worst quality of the two index values used to uprate;
    empty when the price year is the price level (no index value used)."""
    index_source_kind: str = ""
    """``primary`` or ``secondary``: the weaker source of those two index values (empty: none used)."""
    price_year_basis: str = ""
    refusion: RefusionSplit | None = None
    """Set when a refusion rule moved part of the kommune's amount to the state."""
    changes: tuple[PriceChange, ...] = ()
    """Prices that replace this one from a calendar year on (e.g. after a reform)."""
