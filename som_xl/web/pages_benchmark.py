"""Andre kommuner on the site (issue 25): the JSON API ``GET /api/v1/benchmarks``, the
target-group pages (``/maalgrupper``, ``/maalgrupper/{id}``) and what a record page shows
of it (the link to its target group, plan against actual, the versions of its calculation).

The figures come from :func:`som_xl.experience.benchmark.benchmark` and nowhere else. It is
a public read over published records only, the same for every visitor: one query over
the target group's rows per request, no cache (a withdrawn record leaves the figures at once).
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import JSONResponse

from som_xl import fmt
from som_xl.errors import InputError
from som_xl.experience.access import can_change
from som_xl.experience.accounts import User
from som_xl.experience.benchmark import QUANTILE_METHOD, THRESHOLD, Benchmark, Catalogue, figure_rows
from som_xl.experience.benchmark_facts import stored_facts
from som_xl.experience.case_link import fields_from_case_text
from som_xl.experience.followups import lineage
from som_xl.experience.record import Record
from som_xl.experience.validate import follow_up_problem
from som_xl.knowledge import load_knowledge
from som_xl.web.auth import get_db
from som_xl.web.benchmark_chart import rates_chart_svg
from som_xl.web.views import render

router = APIRouter()
@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The site's knowledge package's target groups and success measures (loaded once per
    process; empty when the package cannot be loaded, and then only published ids count)."""
    try:
        return Catalogue.from_knowledge(load_knowledge())
    except Exception:  # the site must answer even without a loadable knowledge package
        return Catalogue()


def figures(request: Request, target_group: str, outcome: str | None) -> Benchmark:
    """The benchmark for the request; 404 for an unknown id, 400 for a malformed one."""
    try:
        return get_db(request).benchmark(target_group, outcome or None, catalogue=catalogue())
    except InputError as exc:
        if exc.problems and exc.problems[0].type == "not-found":
            raise HTTPException(404, exc.problems[0].message) from None
        raise


@router.get("/api/v1/benchmarks", tags=["andre kommuner"],
            summary="Andre kommuners antagne og realiserede succesrater for en målgruppe")
def api_benchmarks(request: Request,
                   target_group: str = Query("", description="Målgruppens id i vidensdatabasen"),
                   outcome: str | None = Query(None, description="Succesmålets id (valgfrit)")):
    """Over offentliggjorte beregninger: antal beregninger og organisationer, antaget og
    realiseret succesrate (``n``, ``median``, ``p25``, ``p75``, ``min``, ``max``; brøker
    0..1), ``null`` med ``withheld_reason``, når færre end tre organisationer bidrager."""
    body = figures(request, target_group, outcome).as_dict()
    return JSONResponse(body, headers={"Cache-Control": "no-cache"})


@router.get("/maalgrupper", name="target_groups")
def target_groups_page(request: Request):
    return render(request, "benchmarks_index.html", {"groups": list(catalogue().target_groups.items())})


@router.get("/maalgrupper/{target_group}", name="target_group")
def target_group_page(request: Request, target_group: str, succesmaal: str = ""):
    b = figures(request, target_group, succesmaal or None)
    known = catalogue()
    rows = figure_rows(b)
    return render(request, "benchmark.html", {
        "b": b, "name": known.name(b.target_group), "outcome_name": known.outcome_name(b.target_group, b.outcome),
        "outcomes": list(known.outcomes.get(b.target_group, {}).items()), "rows": rows,
        "chart": rates_chart_svg(b), "threshold": THRESHOLD, "method": QUANTILE_METHOD,
        "median": fmt.percent(b.success_rate.median) if b.success_rate else None,
        "realised": fmt.percent(b.realised_success_rate.median) if b.realised_success_rate else None})


# -- on a record page --------------------------------------------------------------------------------
def _follow_up(db, record: Record, actual_years: int) -> dict[str, Any] | None:
    """Plan against actual: kept with the key figures; computed now for a record shared before."""
    stored = (record.key_results or {}).get("follow_up") if isinstance(record.key_results, dict) else None
    if stored is not None and follow_up_problem(stored) is None:
        return stored
    if not actual_years:  # nothing to follow up (or a stored shape the page cannot show)
        return None

    try:
        fields, _ = fields_from_case_text(db.require(record.id).case_json or "", location="sagsfil")
    except InputError:
        return None
    return (fields.get("key_results") or {}).get("follow_up")


def record_extras(request: Request, record: Record, user: User | None) -> dict[str, Any]:
    """What a record page shows of "Andre kommuner" and of the record's follow-up."""
    db = get_db(request)
    facts = stored_facts(db, record.id)
    known = catalogue()
    group = facts.target_group if facts else (record.target_group if record.target_group in known.target_groups
                                               else None)
    versions = lineage(db, record, user)
    may_follow_up = (user is not None and user.has_role("bidragyder") and can_change(record, user)
                     and record.organisation_id == user.organisation.id and record.has_case
                     and record.review_status != "trukket_tilbage")
    return {"benchmark_group": group, "benchmark_name": known.name(group) if group else None,
            "follow_up": _follow_up(db, record, facts.actual_years if facts else 0),
            "versions": versions if len(versions.versions) > 1 else None, "may_follow_up": may_follow_up}
