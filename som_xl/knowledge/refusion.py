"""State refusion of particularly expensive single cases (særligt dyre enkeltsager) as a
rule applied to an item's price while it is resolved.

The rule (serviceloven § 176, from 2024 barnets lov § 198): when the kommune's yearly
cost of one case exceeds a threshold, the state refunds a share of the part above it;
each tier's share applies from its threshold up to the next one. The thresholds are
stated at a price level (``level_year``, e.g. "2022-niveau") and are uprated to the
case's price level with the net price index, like the prices they are compared with.

An item that carries the rule has a unit of time (døgn, uge, måned, år): its kommune
amount times the units in a year is the yearly cost per case. The refund is spread back
over the units, so each unit's price is split on kommune and stat by the average share.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def rule_for_year(versions: Iterable[RefusionRule], price_level: int) -> RefusionRule:
    """The version in force at ``price_level``: the newest ``valid_from`` on or before it,
    or the oldest version when the price level is earlier than all of them."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    chosen = ordered[0]
    for version in ordered:
        if version.valid_from <= price_level:
            chosen = version
    return chosen


def split_price(amounts: tuple[float, ...], units_per_year: int, version: RefusionRule,
                level_factor: float) -> tuple[tuple[float, ...], RefusionSplit]:
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
        I(price level) / I(version.level_year): uprates the thresholds to the price level.
    """
    yearly = amounts[KOMMUNE] * units_per_year
    tiers = tuple(RefusionTier(t.threshold * level_factor, t.state_share) for t in version.tiers)
    refund = state_refund(yearly, tiers) if yearly > 0 else 0.0
    per_unit = refund / units_per_year
    split = RefusionSplit(version.rule, version.valid_from, yearly, tuple(t.threshold for t in tiers), refund)
    out = list(amounts)
    out[KOMMUNE] -= per_unit
    out[STAT] += per_unit
    return tuple(out), split
