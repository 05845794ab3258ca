"""A knowledge price at the case's price level: uprated by the item's own index, split by
its refusion rule, with the prices that replace it from a calendar year on.

Each step keeps what it rested on, so the sourcing share (:mod:`som_xl.case.sourcing`)
can say whether a price, or the index values that uprated it, are illustrative.
"""

from __future__ import annotations

from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.knowledge import Knowledge
from som_xl.knowledge.records import Price, PriceChange, ResolvedPrice
from som_xl.knowledge.refusion import rule_for_year, split_price
from som_xl.knowledge.uprating import index_factor
from som_xl.vocabulary import origins
from som_xl.vocabulary.units import UNITS_PER_YEAR

INDEX_NAMES_DA = {"net_price_index": "nettoprisindekset", "satsregulering": "satsreguleringsindekset"}


def index_name_da(name: str) -> str:
    """The Danish name of an index resource (its own name if unknown)."""
    return INDEX_NAMES_DA.get(name, name)


def uprated(k: Knowledge, p: Price, price_level: int) -> tuple[tuple[float, ...], float, tuple[str, str]]:
    """``p``'s amounts at ``price_level`` by its own index, the factor, and the (quality,
    source kind) of the index values used (empty when the price year is the price level)."""
    name = p.uprate_with or "net_price_index"
    factor = index_factor(k.index_named(name), p.price_year, price_level, index_name_da(name))
    return tuple(a * factor for a in p.amounts), factor, k.index_provenance(name, p.price_year, price_level)


def _refusion(k: Knowledge, p: Price, unit: str, amounts, price_level: int):
    versions = k.refusion_rule(p.refusion_rule)
    units = UNITS_PER_YEAR.get(unit)
    if units is None:
        raise KnowledgeError([Problem("refusion-unit", f"prices.csv vare {p.item}",
                                      f"refusionsreglen '{p.refusion_rule}' kræver en tidsenhed "
                                      f"({', '.join(UNITS_PER_YEAR)}); varen har enheden '{unit}'.")])
    version = rule_for_year(versions, price_level)
    factor = index_factor(k.index, version.level_year, price_level)
    return split_price(tuple(amounts), units, version, factor)


def knowledge_price(k: Knowledge, item: str, price_level: int) -> ResolvedPrice:
    """The knowledge's price of ``item`` at ``price_level`` (origin ``viden``)."""
    p, info = k.price(item), k.item(item)
    amounts, factor, (index_quality, index_kind) = uprated(k, p, price_level)
    split = None
    if p.refusion_rule:
        amounts, split = _refusion(k, p, info.unit_da, amounts, price_level)
    src = k.find_source(p.source)
    changes = []
    for c in sorted(k.price_changes(item), key=lambda c: c.from_year or 0):
        c_amounts, c_factor, (c_quality, c_kind) = uprated(k, c, price_level)
        if p.refusion_rule:
            c_amounts, _ = _refusion(k, p, info.unit_da, c_amounts, price_level)
        c_src = k.find_source(c.source)
        changes.append(PriceChange(int(c.from_year or 0), c.price_year, c.amounts, tuple(c_amounts), c_factor, c.source,
                                   c_src.text if c_src else c.source, c_src.source_kind if c_src else "",
                                   c.quality, c_quality, c_kind))
    return ResolvedPrice(item, info.name_da, info.unit_da, info.area, p.price_year, p.amounts, tuple(amounts), factor,
                         p.source, src.text if src else p.source, p.quality, origins.KNOWLEDGE,
                         source_kind=src.source_kind if src else "", index_name=p.uprate_with or "net_price_index",
                         index_quality=index_quality, index_source_kind=index_kind,
                         price_year_basis=p.price_year_basis, refusion=split,
                         changes=tuple(changes))
