"""The results of a computation as JSON data (``som-xl calc --json``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from som_xl.case.compute import Computation
from som_xl.case.text import break_even_rate_reason, break_even_year_reason, break_even_year_reasons
from som_xl.core.entities import ACTOR_KEYS

RESULTS_FORMAT = "som-xl-results/1"


def _clean(v):
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _by_actor(results, values) -> dict[str, Any]:
    return {a: _clean(v) for a, v in zip(results.actors, values, strict=True)}


def follow_up_json(follow_up) -> dict[str, Any]:
    """A follow-up's JSON (:meth:`FollowUp.as_dict`) with, beside each ``null`` break-even year
    of the plan and the re-forecast, its reason in the words every output uses."""
    out = follow_up.as_dict()
    for key, r in (("plan", follow_up.plan), ("reforecast", follow_up.reforecast)):
        out[key]["break_even_year_reason"] = break_even_year_reasons(r.break_even_year, r.no_net_costs)
    return out


def results_to_json(comp: Computation) -> dict[str, Any]:
    """All key figures by actor, the per-year table, gains by item and area, prices with
    sources, what the gains rest on (``sourcing``), warnings and provenance; ``follow_up``
    when the case has actuals. Amounts in kroner at the case's price level."""
    r = comp.results
    pv_items = r.pv_gains_by_item
    out = {
        "format": RESULTS_FORMAT,
        "title": comp.case.title,
        "price_year": comp.case.settings.price_year,
        "success_rate": r.success_rate,
        "participants": r.participants,
        "discount": comp.case_input.discount.name,
        "npv": _by_actor(r, r.npv),
        "pv_costs": _by_actor(r, r.pv_costs),
        "pv_gains": _by_actor(r, r.pv_gains),
        "npv_per_participant": _by_actor(r, r.npv_per_participant),
        "break_even_year": _by_actor(r, r.break_even_year),
        "return_per_krone": _by_actor(r, r.return_per_krone),
        "break_even_success_rate": _by_actor(r, r.break_even_success_rate),
        # why a break-even figure is null: "ingen omkostninger", "ikke i horisonten", "uanset succesrate", …
        "break_even_year_reason": _by_actor(r, [break_even_year_reason(r, a) for a in range(len(r.actors))]),
        "break_even_success_rate_reason": _by_actor(r, [break_even_rate_reason(r, a)
                                                        for a in range(len(r.actors))]),
        "years": r.year_rows(),
        "gains_by_item": [
            {"item": item, "area": area, "pv_gains": _by_actor(r, pv_items[k])}
            for k, (item, area) in enumerate(zip(r.items, r.item_areas, strict=True))
        ],
        "gains_by_area": {
            area: _by_actor(r, g @ r.discount_factors) for area, g in r.gains_by_area().items()
        },
        "prices": [
            {"item": p.item, "name": p.name, "unit": p.unit, "origin": p.origin,
             "price_year": p.price_year, "uprated": dict(zip(ACTOR_KEYS, p.uprated, strict=True)),
             "source": p.source_text, "quality": p.quality, "source_kind": p.source_kind,
             "index": p.index_name, "index_quality": p.index_quality,
             "state_refusion_share": p.refusion.state_share if p.refusion else None,
             "changes": [{"from_year": c.from_year,
                          "uprated": dict(zip(ACTOR_KEYS, c.uprated, strict=True)),
                          "quality": c.quality, "source": c.source_text} for c in p.changes]}
            for p in comp.prices
        ],
        "sourcing": comp.sourcing.as_dict(),
        "warnings": [w.as_dict() for w in comp.warnings],
        "provenance": comp.provenance(),
    }
    if comp.case.actuals:
        from som_xl.followup import follow_up_computation  # lazy: only cases with actuals (≈11 ms)

        follow_up = follow_up_computation(comp)
        if follow_up is not None:
            out["follow_up"] = follow_up_json(follow_up)
    return out
