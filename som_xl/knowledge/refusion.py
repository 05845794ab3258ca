"""State refusion of particularly expensive single cases (særligt dyre enkeltsager) as a
rule applied to an item's price while it is resolved.

The rule (serviceloven § 176, from 2024 barnets lov § 198): when the kommune's yearly
cost of one case exceeds a threshold, the state refunds a share of the part above it;
each tier's share applies from its threshold up to the next one.

Which version applies is decided by the **calendar year of the expense**, not by the
case's price level: a case at 2025 prices still has its 2021 expenses refunded under the
2021 thresholds. A version states its amounts at a level year (e.g. "2022-niveau"); for
later years they are regulated as the law regulates them (``regulate_with``, e.g. the
satsreguleringsprocent, rounded to ``round_to`` kroner), and the amounts of year Y are
then expressed at the case's price level with the net price index: T × I(level) / I(Y).
Past the last year both indexes know, the thresholds keep their real value.

An item that carries the rule has a unit of time (døgn, uge, måned, år): its kommune
amount times the units in a year is the yearly cost per case. The refund is spread back
over the units, so each unit's price is split on kommune and stat by the average share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

from som_xl.core.entities import ACTOR_KEYS
from som_xl.knowledge.records import RefusionRule, RefusionSplit, RefusionTier

KOMMUNE, STAT = ACTOR_KEYS.index("kommune"), ACTOR_KEYS.index("stat")


def state_refund(yearly_cost: float, tiers: Iterable[RefusionTier]) -> float:
    """The state's refund of one case costing ``yearly_cost`` a year.

    ``tiers`` ascend by threshold; tier i refunds ``state_share`` of the cost between its
    threshold and the next tier's threshold (the last tier: everything above it).

    Examples
    --------
    >>> tiers = [RefusionTier(860_000, 0.25), RefusionTier(1_680_000, 0.5), RefusionTier(2_120_000, 0.75)]
    >>> state_refund(800_000, tiers)
    0.0
    >>> state_refund(1_000_000, tiers)  # 25 % of 140.000
    35000.0
    >>> state_refund(2_880_000, tiers)  # 25 % of 820.000 + 50 % of 440.000 + 75 % of 760.000
    995000.0
    """
    tiers = sorted(tiers, key=lambda t: t.threshold)
    refund = 0.0
    for i, tier in enumerate(tiers):
        upper = tiers[i + 1].threshold if i + 1 < len(tiers) else float("inf")
        refund += tier.state_share * max(0.0, min(yearly_cost, upper) - tier.threshold)
    return refund


def rule_for_year(versions: Iterable[RefusionRule], year: int) -> RefusionRule:
    """The version in force for expenses in calendar ``year``: the newest ``valid_from`` on
    or before it, or the oldest version for a year before all of them."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    chosen = ordered[0]
    for version in ordered:
        if version.valid_from <= year:
            chosen = version
    return chosen


def _rounded(amount: float, step: float) -> float:
    """``amount`` to the nearest multiple of ``step`` (halves up); unchanged for step 0."""
    return float(math.floor(amount / step + 0.5) * step) if step > 0 else amount


def last_known_year(version: RefusionRule, regulation: Mapping[int, float], net: Mapping[int, float]) -> int:
    """The last calendar year whose thresholds the indexes determine (later years keep its real value)."""
    return max(version.level_year, min(max(regulation, default=version.level_year), max(net)))


def thresholds_in_year(version: RefusionRule, year: int, regulation: Mapping[int, float]) -> tuple[float, ...]:
    """The thresholds for expenses in calendar ``year`` in that year's kroner: the level
    year's amounts regulated by ``regulation`` (the law's index) and rounded as the law does.

    >>> v = RefusionRule("r", 2022, 2022, (RefusionTier(860_000, 0.25),), (), "kilde", "s", 10_000)
    >>> thresholds_in_year(v, 2025, {2022: 100.0, 2025: 109.8})  # 944.280 rounded to 10.000
    (940000.0,)
    """
    if year <= version.level_year:
        return tuple(t.threshold for t in version.tiers)
    factor = regulation[year] / regulation[version.level_year]
    return tuple(_rounded(t.threshold * factor, version.round_to) for t in version.tiers)


def split_price(amounts: tuple[float, ...], units_per_year: int, version: RefusionRule,
                level_factor: float, year: int = 0) -> tuple[tuple[float, ...], RefusionSplit]:
    """Move the state's refund of the kommune amount to the state.

    Parameters
    ----------
    amounts
        Per actor (axis order) per unit at the case's price level, before refusion.
    units_per_year
        Units of the item in a year (365 for døgn, 12 for måned …).
    version
        The rule version in force (see :func:`rule_for_year`).
    level_factor
        Converts the version's ``tiers`` (kroner as stored) to the case's price level.
    year
        The calendar year of the expense (recorded on the split).
    """
    yearly = amounts[KOMMUNE] * units_per_year
    tiers = tuple(RefusionTier(t.threshold * level_factor, t.state_share) for t in version.tiers)
    refund = state_refund(yearly, tiers) if yearly > 0 else 0.0
    per_unit = refund / units_per_year
    split = RefusionSplit(version.rule, version.valid_from, yearly, tuple(t.threshold for t in tiers), refund, year)
    out = list(amounts)
    out[KOMMUNE] -= per_unit
    out[STAT] += per_unit
    return tuple(out), split


def split_in_year(amounts: tuple[float, ...], units_per_year: int, versions: Iterable[RefusionRule], year: int,
                  price_level: int, regulation: Mapping[str, Mapping[int, float]],
                  net: Mapping[int, float]) -> tuple[tuple[float, ...], RefusionSplit]:
    """The split of ``amounts`` (at ``price_level``) for expenses in calendar ``year``.

    ``regulation`` maps an index name to its values; a version's ``regulate_with`` (empty:
    the net price index) picks the one that regulates its amounts."""
    version = rule_for_year(versions, year)
    index = regulation.get(version.regulate_with, net) if version.regulate_with else net
    effective = max(version.level_year, min(year, last_known_year(version, index, net)))
    nominal = thresholds_in_year(version, effective, index)
    tiers = tuple(RefusionTier(t, tier.state_share) for t, tier in zip(nominal, version.tiers, strict=True))
    scaled = replace(version, tiers=tiers)
    return split_price(amounts, units_per_year, scaled, net[price_level] / net[effective], year)
