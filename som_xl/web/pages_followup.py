"""Indsend opfølgning: the organisation that shared a calculation submits what actually
happened, as a form (``/poster/{id}/opfoelgning``) or through the API
(``POST /api/v1/records/{id}/followup``). It becomes a new version of the calculation
(:func:`som_xl.experience.followups.submit_follow_up`) that the editors publish.

The form has one row per year of the calculation's horizon: participants who started,
what each payer paid and the successes among the cohort that finished that year. Rows
after the last one filled in are left out; a blank field in a row before it counts as 0.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse

from som_xl import fmt
from som_xl.core.entities import ACTORS
from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.experience.followups import submit_follow_up
from som_xl.experience.record import Record
from som_xl.web.api import record_summary
from som_xl.web.auth import (
    check_csrf,
    csrf_check,
    get_db,
    require_grant,
    require_role,
    visible_record,
    visible_record_summary,
)
from som_xl.web.bodies import body_doc, json_body, posted_form
from som_xl.web.views import render

router = APIRouter()
COUNTS = (("participants", "deltagere", "Deltagere, der startede"),
          ("successes", "succeser", "Succeser i det hold, der sluttede"))
"""Whole-number columns of the form: case-file key, field-name prefix, Danish header."""


class FollowUpIn(BaseModel):
    actuals: list[dict[str, Any]] = Field(description="Faktiske tal pr. år fra startåret: year, participants, "
                                                      "costs {kommune, region, stat}, successes (som i sagsfilen)")


def _years(record: Record) -> list[int]:
    settings = json.loads(record.case_json or "{}").get("settings", {})
    start, horizon = int(settings.get("start_year", 0)), int(settings.get("horizon_years", 0))
    return list(range(start, start + horizon))


def _prefill(record: Record) -> dict[str, str]:
    """The form's values from the actuals the case file already has."""
    out: dict[str, str] = {}
    for entry in json.loads(record.case_json or "{}").get("actuals") or []:
        year = entry["year"]
        for key, prefix, _ in COUNTS:
            out[f"{prefix}_{year}"] = fmt.number(entry[key])
        for actor, amount in entry["costs"].items():
            out[f"{actor}_{year}"] = fmt.number(amount)
    return out


def _fields(year: int) -> list[tuple[str, str, bool]]:
    """(form name, Danish words for messages, whole number?) of one year's row."""
    return ([(f"{prefix}_{year}", prefix, True) for _, prefix, _ in COUNTS]
            + [(f"{a.key}_{year}", f"udgifter {a.key}", False) for a in ACTORS])


def actuals_from_form(values: dict[str, str], years: list[int]) -> list[dict[str, Any]]:
    """The ``actuals`` of the form's rows up to the last one filled in; every problem at once."""
    filled = [y for y in years if any(values.get(name, "").strip() for name, _, _ in _fields(y))]
    problems: list[Problem] = []
    out = []
    for year in years[:years.index(filled[-1]) + 1] if filled else []:
        numbers: dict[str, float] = {}
        for name, words, whole in _fields(year):
            text = values.get(name, "").strip()
            value = fmt.parse_number(text) if text else 0.0
            if value is None or (whole and (value < 0 or value != int(value))):
                kind = "et helt tal på 0 eller mere" if whole else "et beløb i kroner"
                problems.append(Problem("bad-number", f"opfølgning, år {year}, {words}",
                                        f"'{text}' er ikke {kind}."))
                continue
            numbers[name.rsplit("_", 1)[0]] = value
        if len(numbers) == len(_fields(year)):
            out.append({"year": year, "participants": int(numbers["deltagere"]),
                        "costs": {a.key: numbers[a.key] for a in ACTORS}, "successes": int(numbers["succeser"])})
    if problems:
        raise InputError(problems)
    return out


def _form(request: Request, record: Record, values: dict[str, str], problems=(), status: int = 200):
    return render(request, "followup_form.html", {
        "r": record, "years": _years(record), "values": values, "problems": list(problems),
        "counts": COUNTS, "actors": [(a.key, a.label) for a in ACTORS]}, status=status)


def _refused(exc: InputError) -> HTTPException | None:
    kind = exc.problems[0].type if exc.problems else ""
    if kind == "forbidden":
        return HTTPException(403, exc.problems[0].message)
    if kind == "not-found":
        return HTTPException(404, "Posten findes ikke, eller du har ikke adgang til den.")
    return None


@router.get("/poster/{record_id}/opfoelgning", name="follow_up_form")
def follow_up_form(request: Request, record: Record = Depends(visible_record),
                   user: User = Depends(require_role("bidragyder"))):
    if record.organisation_id != user.organisation.id:
        raise HTTPException(403, "Kun den organisation, der delte beregningen, kan indsende opfølgning på den.")
    if not record.case_json:
        raise HTTPException(404, "Posten har ingen sagsfil at følge op på.")
    return _form(request, record, _prefill(record))


FORM_FIELDS = 1 + 5 * 100
"""The CSRF field and five fields a year (participants, successes, one cost per actor) for a
horizon of up to 100 years."""
FOLLOW_UP_CSRF = csrf_check(max_fields=FORM_FIELDS)


@router.post("/poster/{record_id}/opfoelgning", name="follow_up", dependencies=[Depends(FOLLOW_UP_CSRF)])
async def follow_up(request: Request, record: Record = Depends(visible_record),
                    user: User = Depends(require_role("bidragyder"))):
    """Store the form as a new version; on any problem show it again with everything typed kept.
    The form is read (bounded) only after the contributor is known."""
    form = await posted_form(request, max_fields=FORM_FIELDS)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        actuals = actuals_from_form(values, _years(record))
        new, _ = await run_in_threadpool(submit_follow_up, get_db(request), record.id, user, actuals)
    except InputError as exc:
        refused = _refused(exc)
        if refused is not None:
            raise refused from None
        return _form(request, record, values, exc.problems, status=400)
    return RedirectResponse(f"/poster/{new.id}?besked=indsendt", status_code=303)


contributor = require_role("bidragyder")
follow_up_body = json_body(FollowUpIn, max_bytes=256 * 1024, max_values=20_000, after=contributor)
"""The API's body, read after the token is checked (a year of actuals is a dozen values)."""


@router.post("/api/v1/records/{record_id}/followup", status_code=201, tags=["poster"],
             dependencies=[Depends(check_csrf)], summary="Indsend opfølgning (faktiske tal) som ny version",
             openapi_extra=body_doc(FollowUpIn))
def api_follow_up(request: Request, user: User = Depends(contributor),
                  record: Record = Depends(visible_record_summary),
                  body: FollowUpIn = Depends(follow_up_body), idempotency_key: str | None = Header(None)):
    """Faktiske tal for en beregning, din organisation har delt: en ny version af posten
    (status ``indsendt``), som redaktionen offentliggør. ``Idempotency-Key`` gør et nyt forsøg sikkert."""
    require_grant(request, "submit")
    try:
        new, created = submit_follow_up(get_db(request), record.id, user, body.actuals, client_key=idempotency_key)
    except InputError as exc:
        refused = _refused(exc)
        if refused is not None:
            raise refused from None
        raise
    out = record_summary(new)
    return out if created else JSONResponse(out, status_code=200)
