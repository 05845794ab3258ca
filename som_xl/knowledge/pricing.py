"""A knowledge price at the case's price level: uprated by the item's own index, split by
its refusion rule, with the prices that replace it from a calendar year on.

Each step keeps what it rested on, so the sourcing share (:mod:`som_xl.case.sourcing`)
can say whether a price, or the index values that uprated it, are illustrative.

A refusion rule is applied per calendar year of the expense (:mod:`som_xl.knowledge.refusion`):
the price before the first year the rule knows is split by the oldest version, and every
later year whose split differs becomes a price change from that year, like a reform's.
"""

from __future__ import annotations

from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.knowledge import DEFAULT_INDEX, Knowledge
from som_xl.knowledge.records import Price, PriceChange, ResolvedPrice
from som_xl.knowledge.refusion import last_known_year, split_in_year
from som_xl.knowledge.uprating import index_factor
from som_xl.vocabulary import origins
from som_xl.vocabulary.units import UNITS_PER_YEAR

INDEX_NAMES_DA = {"net_price_index": "nettoprisindekset", "satsregulering": "satsreguleringsindekset",
                  "satsreguleringsprocent": "satsreguleringsprocenten"}


def index_name_da(name: str) -> str:
    """The Danish name of an index resource (its own name if unknown)."""
    return INDEX_NAMES_DA.get(name, name)


def uprated(k: Knowledge, p: Price, price_level: int) -> tuple[tuple[float, ...], float, tuple[str, str]]:
    """``p``'s amounts at ``price_level`` by its own index, the factor, and the (quality,
    source kind) of the index values used (empty when the price year is the price level)."""
    name = p.uprate_with or DEFAULT_INDEX
    factor = index_factor(k.index_named(name), p.price_year, price_level, index_name_da(name))
    return tuple(a * factor for a in p.amounts), factor, k.index_provenance(name, p.price_year, price_level)


def _units(p: Price, unit: str) -> int:
    units = UNITS_PER_YEAR.get(unit)
    if units is None:
        raise KnowledgeError([Problem("refusion-unit", f"prices.csv vare {p.item}",
                                      f"refusionsreglen '{p.refusion_rule}' kræver en tidsenhed "
                                      f"({', '.join(UNITS_PER_YEAR)}); varen har enheden '{unit}'.")])
    return units


def _refusion_years(k: Knowledge, p: Price) -> list[int]:
    """The calendar years whose thresholds differ: from the oldest version to the last year the indexes know."""
    versions = k.refusion_rule(p.refusion_rule)
    last = max(last_known_year(v, k.index_named(v.regulate_with) if v.regulate_with else k.index, k.index)
               for v in versions)
    return list(range(min(v.valid_from for v in versions), last + 1))


def _change(base: Price, c: Price | None, amounts, factor, index: tuple[str, str], year: int, k: Knowledge):
    """A :class:`PriceChange` from ``year``: the price change ``c`` in force then, or the base price split anew."""
    row = c or base
    src = k.find_source(row.source)
    return PriceChange(year, row.price_year, row.amounts, tuple(amounts), factor, row.source,
                       src.text if src else row.source, src.source_kind if src else "", row.quality, *index)


def _with_refusion(k: Knowledge, p: Price, unit: str, price_level: int, base, changes):
    """(amounts before the first year, the split at the price level, price changes by year)."""
    versions, units = k.refusion_rule(p.refusion_rule), _units(p, unit)
    regulation = {v.regulate_with: k.index_named(v.regulate_with) for v in versions if v.regulate_with}

    def gross(year):  # the price in force in calendar year: the latest change from then, else the base
        active = [c for c in changes if (c[0].from_year or 0) <= year]
        return active[-1] if active else (None, *base)

    def split(year):
        c, amounts, factor, index = gross(year)
        return c, split_in_year(tuple(amounts), units, versions, year, price_level, regulation, k.index), factor, index

    years = sorted(set(_refusion_years(k, p)) | {c[0].from_year or 0 for c in changes})
    first = split(years[0])[1][0]
    out, previous = [], first
    for year in years[1:]:
        c, (amounts, _), factor, index = split(year)
        moved = any(abs(a - b) > 1e-9 for a, b in zip(amounts, previous, strict=True))
        if moved or (c is not None and c.from_year == year):
            out.append(_change(p, c, amounts, factor, index, year, k))
        previous = amounts
    at_level = split(min(max(price_level, years[0]), years[-1]))[1][1]
    return first, at_level, out


def knowledge_price(k: Knowledge, item: str, price_level: int) -> ResolvedPrice:
    """The knowledge's price of ``item`` at ``price_level`` (origin ``viden``)."""
    p, info = k.price(item), k.item(item)
    amounts, factor, (index_quality, index_kind) = uprated(k, p, price_level)
    ordered = sorted(k.price_changes(item), key=lambda c: c.from_year or 0)
    changes_in = [(c, *uprated(k, c, price_level)) for c in ordered]
    split = None
    if p.refusion_rule:
        amounts, split, changes = _with_refusion(k, p, info.unit_da, price_level,
                                                 (amounts, factor, (index_quality, index_kind)), changes_in)
    else:
        changes = [_change(p, c, c_amounts, c_factor, c_index, int(c.from_year or 0), k)
                   for c, c_amounts, c_factor, c_index in changes_in]
    src = k.find_source(p.source)
    return ResolvedPrice(item, info.name_da, info.unit_da, info.area, p.price_year, p.amounts, tuple(amounts), factor,
                         p.source, src.text if src else p.source, p.quality, origins.KNOWLEDGE,
                         source_kind=src.source_kind if src else "", index_name=p.uprate_with or DEFAULT_INDEX,
                         index_quality=index_quality, index_source_kind=index_kind,
                         price_year_basis=p.price_year_basis, refusion=split,
                         changes=tuple(changes))
