"""The small frozen records a :class:`~som_xl.knowledge.Knowledge` hands out.

One dataclass per table row kind (see ``knowledge_tables/README.md`` for the tables).
Lookups return these records, never DataFrames, so callers cannot change the knowledge
by accident. The vocabularies the tables use live in :mod:`som_xl.vocabulary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from som_xl.core.entities import ACTOR_KEYS
from som_xl.vocabulary.methods import MethodBasis
from som_xl.vocabulary.sources import EffectType

MAX_PROFILE_YEAR = 10
"""SØM's consequence estimates run to τ = 10; a segment beyond gives a warning."""


class _AmountsByActor:
    """A record with ``amounts`` per actor (axis order); ``record.kommune`` reads one of them."""

    amounts: tuple[float, ...]

    def __getattr__(self, name: str) -> float:
        # Only called for names that are not attributes: the actors' keys read their amount.
        if name in ACTOR_KEYS:
            return self.amounts[ACTOR_KEYS.index(name)]
        raise AttributeError(name)


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
    """One of :data:`~som_xl.vocabulary.sources.SOURCE_KINDS`; empty in packages that do not say."""
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
        return self.basis == MethodBasis.REGISTER_DATA


@dataclass(frozen=True)
class TargetGroup:
    target_group: str
    name_da: str
    description_da: str
    source: str
    quality: str
    evidence_da: str = ""
    """What the evidence carries for the group's consequences, said plainly (e.g. that a
    Danish study found no effect, or that only descriptive gaps are published); shown with
    every calculation of the group whose consequence lines are illustrative."""


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
    effect_type: str = EffectType.NET.value
    """One of :data:`~som_xl.vocabulary.sources.EFFECT_TYPES`."""


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
class Price(_AmountsByActor):
    """Net public expenditure in DKK per unit of ``item`` at ``price_year`` (tax is negative).

    One amount per actor; ``price.kommune`` reads the amount of an actor by its key.
    """

    item: str
    price_year: int
    amounts: tuple[float, ...]
    """Per actor, in the order of :data:`~som_xl.core.entities.ACTOR_KEYS` (the table's columns)."""
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

    def as_dict(self) -> dict[str, object]:
        """The row as the table has it: one field per actor (JSON output)."""
        return {"item": self.item, "price_year": self.price_year, **dict(zip(ACTOR_KEYS, self.amounts, strict=True)),
                "split_note_da": self.split_note_da, "basis": self.basis, "status": self.status,
                "uprate_with": self.uprate_with, "source": self.source, "quality": self.quality,
                "note_da": self.note_da, "price_year_basis": self.price_year_basis,
                "refusion_rule": self.refusion_rule, "from_year": self.from_year}


@dataclass(frozen=True)
class RefusionTier:
    """The state refunds ``state_share`` of the yearly cost per case above ``threshold``
    (kroner at ``level_year``), up to the next tier's threshold."""

    threshold: float
    state_share: float


@dataclass(frozen=True)
class RefusionRule:
    """One version of a refusion rule: the tiers in force for expenses from calendar year
    ``valid_from``, stated in ``level_year`` kroner and regulated after it by the index
    ``regulate_with`` (rounded to ``round_to`` kroner)."""

    rule: str
    valid_from: int
    level_year: int
    tiers: tuple[RefusionTier, ...]
    sources: tuple[str, ...]
    quality: str
    regulate_with: str = ""
    """The index the law regulates the amounts with; empty: the net price index (constant real value)."""
    round_to: float = 0.0
    """The regulated amounts are rounded to a multiple of this (0: not rounded)."""


@dataclass(frozen=True)
class RefusionSplit:
    """How a refusion rule split an item's price at the case's price level, for expenses
    in calendar year ``year``."""

    rule: str
    rule_year: int
    """``valid_from`` of the rule version applied."""
    yearly_cost: float
    """The kommune's gross cost per case per year, at the case's price level."""
    thresholds: tuple[float, ...]
    """The thresholds at the case's price level."""
    state_amount: float
    """The state's refund per case per year."""
    year: int = 0
    """The calendar year of the expense the thresholds are those of."""

    @property
    def state_share(self) -> float:
        return self.state_amount / self.yearly_cost if self.yearly_cost else 0.0


@dataclass(frozen=True)
class PriceChange:
    """An item's price from calendar year ``from_year`` on, uprated to the case's price level."""

    from_year: int
    price_year: int
    original: tuple[float, ...]
    uprated: tuple[float, ...]
    index_factor: float
    source_id: str
    source_text: str
    source_kind: str
    quality: str
    index_quality: str
    index_source_kind: str = ""


@dataclass(frozen=True)
class PriceSpec(_AmountsByActor):
    """A price the user typed: an own item (not in the knowledge package) or a local
    override of a knowledge price. Amounts in DKK per unit at ``price_year``, net public
    expenditure (revenue negative), one per actor in axis order."""

    item: str
    price_year: int
    amounts: tuple[float, ...]
    name: str = ""
    unit: str = ""
    area: str = ""
    source: str = ""


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
    """The weakest quality of its segments: ``illustrativ``, else ``afledt``, else ``kilde``."""
    derivation: str = ""
    """For a derived line: the derivation (``derivations.csv``) it was made by."""


@dataclass(frozen=True)
class Derivation:
    """How derived consequence lines were made from published figures (``derivations.csv``).

    ``kind`` ``total``: a published total per success (kroner at ``price_year``, discounted
    at ``discount_rate`` to the success year) spread over items and years by the parts;
    ``baseline``: each part is a baseline quantity per year times a reduction share."""

    derivation: str
    target_group: str
    outcome: str
    kind: str
    published_total: float | None
    price_year: int
    discount_rate: float
    tolerance: float
    source: str
    quality: str
    rule_da: str
    note_da: str = ""


@dataclass(frozen=True)
class DerivationPart:
    """One item of a derivation, spread evenly over τ = ``year_from`` … ``year_to``.

    ``basis`` ``share``: ``value`` is the item's share of the published total (kroner spread
    evenly, present value at the derivation's rate); ``quantity``: ``value`` units in all over
    the span; ``baseline``: ``value`` units a year before the success, times ``reduction_share``."""

    derivation: str
    part: int
    item: str
    year_from: int
    year_to: int
    basis: str
    value: float
    reduction_share: float | None
    source: str
    quality: str
    note_da: str = ""


@dataclass(frozen=True)
class DerivationCheck:
    """A published figure the derived lines must come close to (``derivation_checks.csv``).

    ``measure``: ``total`` (present value of all lines, kroner), ``actor:ACTOR`` (an actor's
    present value), ``actor_share:ACTOR`` (its share of the total), ``item_share:ITEM`` (an
    item's share) or ``quantity:ITEM`` (the item's units in all, undiscounted). Lines are
    changes in use, so a saving is negative."""

    derivation: str
    check: str
    measure: str
    published: float
    tolerance: float
    source: str
    note_da: str = ""


@dataclass(frozen=True)
class ResolvedPrice:
    """A unit price ready for a case: where it came from, and uprated to the price level."""

    item: str
    name: str
    unit: str
    area: str
    price_year: int
    original: tuple[float, ...]
    """Per actor (axis order) at ``price_year``."""
    uprated: tuple[float, ...]
    """Per actor (axis order) at the case's price level."""
    index_factor: float
    """I(price level) / I(price_year)."""
    source_id: str
    source_text: str
    quality: str
    """``kilde`` or ``illustrativ`` for knowledge prices; ``bruger`` for local and own prices."""
    origin: str
    """``viden``, ``lokal`` or ``egen`` (:data:`som_xl.vocabulary.origins.ORIGINS`)."""
    national_uprated: tuple[float, ...] | None = None
    """For ``lokal``: the national price at the same price level, kept visible beside it."""
    source_kind: str = ""
    """The kind of the price's source (:data:`~som_xl.vocabulary.sources.SOURCE_KINDS`);
    empty for local and own prices."""
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
