"""Resolving the unit prices of a case: knowledge prices, local overrides and own items.

This module owns price resolution. For each item the price comes from, in this order:

1. ``local_prices``: a municipality's override of a national price (origin ``lokal``).
   The national price, uprated to the same level, stays beside it
   (``national_uprated``) so the override is always visible.
2. ``own_items``: an item that is not in the knowledge package (origin ``egen``).
3. the knowledge package (origin ``viden``).

Every price is uprated to ``price_level``: a knowledge price and a local override of it
with the item's own index (``uprate_with``: the net price index, or the satsregulering for
transfers), an own item with the net price index. A knowledge price is also split by its
refusion rule and carries its later price changes (:mod:`som_xl.knowledge.pricing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.knowledge import Knowledge
from som_xl.knowledge.pricing import index_name_da, knowledge_price
from som_xl.knowledge.records import PriceSpec, ResolvedPrice
from som_xl.knowledge.uprating import index_factor
from som_xl.vocabulary import origins, qualities


def _scaled(amounts: tuple[float, ...], factor: float) -> tuple[float, ...]:
    return tuple(a * factor for a in amounts)


def _with_index(price: ResolvedPrice, knowledge: Knowledge, index: str, year: int, price_level: int) -> ResolvedPrice:
    """``price`` with the index it was uprated with, and that index's quality and source kind."""
    quality, kind = knowledge.index_provenance(index, year, price_level)
    return replace(price, index_name=index, index_quality=quality, index_source_kind=kind)


def _by_item(specs: Iterable[PriceSpec], kind: str, problems: list[Problem]) -> dict[str, PriceSpec]:
    out: dict[str, PriceSpec] = {}
    for i, spec in enumerate(specs):
        item = spec.item.strip()
        if not item:
            problems.append(Problem("missing-item", f"{kind}[{i}]", "hver linje skal have en vare (item)."))
        elif item in out:
            problems.append(Problem("duplicate-item", f"{kind}[{i}]",
                                    f"varen '{item}' står mere end én gang; den må kun stå én gang."))
        else:
            out[item] = spec
    return out


def _factor(knowledge: Knowledge, spec: PriceSpec, where: str, price_level: int,
            problems: list[Problem], index: str = "net_price_index") -> float | None:
    """The uprating factor of a typed price, or None (and a problem) if its year is not in the index."""
    try:
        return index_factor(knowledge.index_named(index), spec.price_year, price_level, index_name_da(index))
    except KnowledgeError as exc:
        problems.extend(Problem(p.type, where, p.message) for p in exc.problems)
        return None


def _local(knowledge: Knowledge, spec: PriceSpec, price_level: int, problems: list[Problem]) -> ResolvedPrice | None:
    where = f"lokale priser, vare {spec.item}"
    if not knowledge.has_item(spec.item):
        problems.append(Problem("unknown-item", where,
                                f"der er en lokal pris for varen '{spec.item}', men varen findes ikke i "
                                "vidensdatabasen; en ny vare hører under 'egne varer'."))
        return None
    # a local price follows the index its national price is uprated with (transfers: satsregulering)
    index = knowledge.index_for(spec.item)
    factor = _factor(knowledge, spec, where, price_level, problems, index)
    if factor is None:
        return None
    national = knowledge_price(knowledge, spec.item, price_level)
    price = ResolvedPrice(spec.item, national.name, national.unit, national.area, spec.price_year, spec.amounts,
                          _scaled(spec.amounts, factor), factor, "", spec.source or "Lokal pris (kommunens egen)",
                          qualities.USER, origins.LOCAL, national.uprated)
    return _with_index(price, knowledge, index, spec.price_year, price_level)


def _own(knowledge: Knowledge, spec: PriceSpec, price_level: int, problems: list[Problem]) -> ResolvedPrice | None:
    where = f"egne varer, vare {spec.item}"
    if knowledge.has_item(spec.item):
        problems.append(Problem("own-item-shadows-knowledge", where,
                                f"varen '{spec.item}' findes allerede i vidensdatabasen; brug en lokal pris "
                                "for at ændre dens pris, eller giv den egne vare et andet id."))
        return None
    factor = _factor(knowledge, spec, where, price_level, problems)
    if factor is None:
        return None
    price = ResolvedPrice(spec.item, spec.name or spec.item, spec.unit, spec.area, spec.price_year, spec.amounts,
                          _scaled(spec.amounts, factor), factor, "",
                          spec.source or "Egen vare (brugerens egen pris)", qualities.USER, origins.OWN)
    return _with_index(price, knowledge, "net_price_index", spec.price_year, price_level)


def resolve_prices(knowledge: Knowledge, items: Iterable[str], price_level: int,
                   own_items: Iterable[PriceSpec] = (), local_prices: Iterable[PriceSpec] = ()) -> list[ResolvedPrice]:
    """Resolve the prices of ``items`` at ``price_level`` (one result per distinct item, in order).

    Parameters
    ----------
    knowledge
        The knowledge package.
    items
        Item ids, e.g. the items of the case's consequence lines.
    price_level
        The case's price level (a year in the net price index).
    own_items, local_prices
        The user's prices: amounts in DKK per unit at their ``price_year``, net public
        expenditure (revenue negative).

    Returns
    -------
    list[ResolvedPrice]

    Raises
    ------
    KnowledgeError
        With every problem: an item neither in the knowledge nor among the own items, a
        local price for an item the knowledge does not have, an own item that shadows a
        knowledge item, a price year outside the index.
    """
    problems: list[Problem] = []
    own = _by_item(own_items, "egne varer", problems)
    local = _by_item(local_prices, "lokale priser", problems)
    try:
        index_factor(knowledge.index, price_level, price_level)  # the price level must be in the index
    except KnowledgeError as exc:
        raise KnowledgeError([Problem(p.type, "prisniveau", p.message) for p in exc.problems]) from None
    out: list[ResolvedPrice] = []
    for item in dict.fromkeys(items):
        if item in local:
            got = _local(knowledge, local[item], price_level, problems)
        elif item in own:
            got = _own(knowledge, own[item], price_level, problems)
        elif knowledge.has_item(item):
            got = knowledge_price(knowledge, item, price_level)
        else:
            got = None
            problems.append(Problem("unknown-item", f"vare {item}",
                                    f"varen '{item}' findes hverken i vidensdatabasen {knowledge.name} "
                                    f"{knowledge.version} eller blandt egne varer; tilføj den under 'egne varer' "
                                    "med navn, enhed, område, prisår og pris."))
        if got is not None:
            out.append(got)
    if problems:
        raise KnowledgeError(problems)
    return out
