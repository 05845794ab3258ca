"""Resolving the unit prices of a case: knowledge prices, local overrides and own items.

For each item the price comes from, in this order:

1. ``local_prices``: a municipality's override of a national price (origin ``lokal``).
   The national price, uprated to the same level, stays beside it
   (``national_uprated``) so the override is always visible.
2. ``own_items``: an item that is not in the knowledge package (origin ``egen``).
3. the knowledge package (origin ``viden``).

Every price is uprated with :func:`som_xl.knowledge.uprating.uprate` to ``price_level``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.records import ResolvedPrice
from som_xl.knowledge.uprating import index_factor

if TYPE_CHECKING:  # pragma: no cover
    from som_xl.knowledge.knowledge import Knowledge

ACTOR_KEYS = ("kommune", "region", "stat")
USER_QUALITY = "bruger"


def _amounts(d: Mapping, where: str, problems: list[Problem]) -> tuple[float, float, float] | None:
    try:
        return tuple(float(d.get(k) or 0.0) for k in ACTOR_KEYS)  # type: ignore[return-value]
    except (TypeError, ValueError):
        problems.append(Problem("type-error", where,
                                "beløbene for kommune, region og stat skal være tal (kr. pr. enhed)."))
        return None


def _by_item(rows: Iterable[Mapping], kind: str, problems: list[Problem]) -> dict[str, Mapping]:
    out: dict[str, Mapping] = {}
    for i, row in enumerate(rows):
        item = str(row.get("item") or "").strip()
        if not item:
            problems.append(Problem("missing-item", f"{kind}[{i}]", "hver linje skal have en vare (item)."))
        elif item in out:
            problems.append(Problem("duplicate-item", f"{kind}[{i}]",
                                    f"varen '{item}' står mere end én gang; den må kun stå én gang."))
        else:
            out[item] = row
    return out


def _scaled(amounts, factor):
    return tuple(a * factor for a in amounts)


def _user_price(knowledge: Knowledge, row: Mapping, where: str, price_level: int, problems):
    amounts = _amounts(row, where, problems)
    try:
        year = int(row.get("price_year"))
        factor = index_factor(knowledge.index, year, price_level)
    except (TypeError, ValueError):
        problems.append(Problem("type-error", where, "prisåret (price_year) skal være et årstal."))
        return None
    except KnowledgeError as exc:
        problems.extend(Problem(p.type, where, p.message) for p in exc.problems)
        return None
    return None if amounts is None else (year, amounts, factor)


def resolve_prices(knowledge: Knowledge, items: list[str], price_level: int,
                   own_items: Iterable[Mapping] = (), local_prices: Iterable[Mapping] = ()) -> list[ResolvedPrice]:
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
        Dicts with keys ``item``, ``name``, ``unit``, ``area``, ``price_year``, ``kommune``,
        ``region``, ``stat`` and optionally ``source``; amounts in DKK per unit at
        ``price_year``, net public expenditure (revenue negative).

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
        known = knowledge.has_item(item)
        if item in local:
            where = f"lokale priser, vare {item}"
            if not known:
                problems.append(Problem("unknown-item", where,
                                        f"der er en lokal pris for varen '{item}', men varen findes ikke i "
                                        "vidensdatabasen; en ny vare hører under 'egne varer'."))
                continue
            got = _user_price(knowledge, local[item], where, price_level, problems)
            if got is None:
                continue
            national = knowledge.resolve_knowledge_price(item, price_level)
            year, amounts, factor = got
            src = str(local[item].get("source") or "Lokal pris (kommunens egen)")
            out.append(ResolvedPrice(item, national.name, national.unit, national.area, year, amounts,
                                     _scaled(amounts, factor), factor, "", src, USER_QUALITY, "lokal",
                                     national.uprated))
        elif item in own:
            where = f"egne varer, vare {item}"
            if known:
                problems.append(Problem("own-item-shadows-knowledge", where,
                                        f"varen '{item}' findes allerede i vidensdatabasen; brug en lokal pris "
                                        "for at ændre dens pris, eller giv den egne vare et andet id."))
                continue
            got = _user_price(knowledge, own[item], where, price_level, problems)
            if got is None:
                continue
            year, amounts, factor = got
            row = own[item]
            out.append(ResolvedPrice(item, str(row.get("name") or item), str(row.get("unit") or ""),
                                     str(row.get("area") or ""), year, amounts, _scaled(amounts, factor), factor,
                                     "", str(row.get("source") or "Egen vare (brugerens egen pris)"),
                                     USER_QUALITY, "egen"))
        elif known:
            out.append(knowledge.resolve_knowledge_price(item, price_level))
        else:
            problems.append(Problem("unknown-item", f"vare {item}",
                                    f"varen '{item}' findes hverken i vidensdatabasen {knowledge.name} "
                                    f"{knowledge.version} eller blandt egne varer; tilføj den under 'egne varer' "
                                    "med navn, enhed, område, prisår og pris."))
    if problems:
        raise KnowledgeError(problems)
    return out
