"""The JSON API (``/api/v1``), documented by OpenAPI at ``/api/v1/openapi.json``.

Machine clients send ``Authorization: Bearer <token>`` (``som-xl experience token
create``); a browser session works too, with the ``X-CSRF-Token`` header on writes.
Unpublished records are 404 to anyone outside their organisation and the editors.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy import text
from starlette.responses import JSONResponse

from som_xl.case import parse_case
from som_xl.case.validate import MAX_NODES
from som_xl.errors import InputError
from som_xl.experience.accounts import User
from som_xl.experience.browse import parse_query
from som_xl.experience.case_link import fields_from_case_text
from som_xl.experience.engine import run_read
from som_xl.experience.model import MAX_CASE_BYTES
from som_xl.experience.record import Record
from som_xl.web.auth import (
    check_csrf,
    current_user,
    get_db,
    require_editor,
    require_grant,
    require_role,
    require_user,
    visible_record,
)
from som_xl.web.bodies import body_doc, json_body
from som_xl.web.pages_search import bounded_search

router = APIRouter()
SUMMARY_FIELDS = ("id", "uid", "title", "summary", "target_group", "material_type", "material_type_label",
                  "actor_type", "actor_type_label", "actor_name", "year", "review_status",
                  "review_status_label", "status_reason", "origin", "quality_note", "created_at",
                  "updated_at")


class RecordIn(BaseModel):
    """A new record: the fields of ``som-xl experience add``. The organisation and actor
    come from the token's account; ``case`` is a case file (format 1) as a JSON object,
    whose key figures the server computes."""

    title: str | None = Field(None, description="Titel; hentes fra sagsfilen, hvis den mangler")
    summary: str | None = Field(None, description="Kort beskrivelse")
    target_group: str | None = Field(None, description="Målgruppe: id fra vidensdatabasen eller fri tekst")
    material_type: str | None = Field(None, description="beregning, omkostningsvurdering, "
                                                        "erfaring_med_vidensindsamling, organisering_og_opfoelgning")
    contact: str | None = None
    year: int | None = None
    key_results: dict[str, Any] | None = Field(None, description="Nøgletal, hvis der ikke er en sagsfil")
    case: dict[str, Any] | None = Field(None, description="Sagsfil, format som-xl-case/1")
    actor_type: str | None = Field(None, description="Ignoreres: kommer fra kontoens organisation")
    actor_name: str | None = Field(None, description="Ignoreres: kommer fra kontoens organisation")


class StatusIn(BaseModel):
    status: Literal["beskrevet", "offentliggjort", "afvist", "trukket_tilbage"]
    reason: str | None = Field(None, description="Begrundelse (skal udfyldes ved afvist)")


def record_summary(record: Record, organisations: dict[int, str] | None = None) -> dict[str, Any]:
    """A record as the API lists it (no case file, no contact)."""
    data = record.as_dict(include_case=False)
    out = {k: data.get(k) for k in SUMMARY_FIELDS}
    out["status"] = record.review_status
    out["organisation"] = (organisations or {}).get(record.organisation_id) if record.organisation_id else None
    out["has_case"] = record.has_case
    npv = (record.key_results or {}).get("npv") if isinstance(record.key_results, dict) else None
    out["npv"] = npv if isinstance(npv, dict) else None
    return out


@router.get("/healthz", tags=["drift"])
def healthz(request: Request):
    """The site and its database answer (for load balancers and monitoring)."""
    run_read(get_db(request).engine, lambda conn: conn.execute(text("SELECT 1")).scalar())
    return {"status": "ok"}


@router.get("/api/v1/records", tags=["poster"])
def list_records(request: Request, user: User | None = Depends(current_user)):
    """Search: ``q``, ``target_group``, ``material_type``, ``actor_type``, ``year``,
    ``organisation``, ``status``, ``sort``, ``page`` (20 per page), as on the search page."""
    query = parse_query(dict(request.query_params))
    page = bounded_search(request, query, user, request.query_params.get("facets") == "1")
    body: dict[str, Any] = {"total": page.total, "page": query.page, "pages": page.pages,
                            "records": [record_summary(r, page.organisation_names) for r in page.records]}
    if page.facets:
        body["facets"] = {k: [{"value": f.value, "label": f.label, "count": f.count} for f in v]
                          for k, v in page.facets.items()}
    return body


@router.get("/api/v1/records/{record_id}", tags=["poster"])
def get_record(request: Request, record: Record = Depends(visible_record),
               user: User | None = Depends(current_user)):
    """One record with its case file (as an object) and attachments; contact for signed-in users."""
    around = get_db(request).workflow.surroundings(record, history=False)
    out = record_summary(record, {around.organisation.id: around.organisation.name}
                         if around.organisation is not None else None)
    out["key_results"] = record.key_results
    out["knowledge"] = {"name": record.knowledge_name, "version": record.knowledge_version,
                        "hash": record.knowledge_hash}
    out["contact"] = record.contact if user is not None else None
    out["case"] = json.loads(record.case_json) if record.case_json else None
    out["attachments"] = [{"id": a.id, "filename": a.filename, "size": a.size,
                           "url": f"/poster/{record.id}/bilag/{a.id}"} for a in around.attachments]
    return out


RECORD_BYTES = MAX_CASE_BYTES + 1024 * 1024
"""A record body: a case file of at most 5 MB and the record's own fields."""
RECORD_VALUES = MAX_NODES + 10_000
STATUS_BYTES = 16 * 1024
submitter = require_role("bidragyder")
record_body = json_body(RecordIn, max_bytes=RECORD_BYTES, max_values=RECORD_VALUES, after=submitter)
status_body = json_body(StatusIn, max_bytes=STATUS_BYTES, max_values=100, after=require_user)


@router.post("/api/v1/records", status_code=201, tags=["poster"], dependencies=[Depends(check_csrf)],
             openapi_extra=body_doc(RecordIn))
def create_record(request: Request, user: User = Depends(submitter),
                  body: RecordIn = Depends(record_body),
                  idempotency_key: str | None = Header(None)):
    """Submit a record (status ``indsendt``). With ``Idempotency-Key`` a retried request is
    stored once: the second answer is 200 with the first record. The body is read only
    after the token is checked (at most 6 MB, 32 levels, bounded values)."""
    require_grant(request, "submit")
    fields = body.model_dump(exclude={"case", "actor_type", "actor_name"}, exclude_none=True)
    if body.case is not None:
        parse_case(body.case)  # the whole case validated first; InputError names the problems
        case_fields, _ = fields_from_case_text(json.dumps(body.case, ensure_ascii=False), location="case")
        fields = {**case_fields, **fields}
    record, created = get_db(request).workflow.submit(fields, user, client_key=idempotency_key)
    out = record_summary(record)
    return out if created else JSONResponse(out, status_code=200)


@router.post("/api/v1/records/{record_id}/status", tags=["poster"], dependencies=[Depends(check_csrf)],
             openapi_extra=body_doc(StatusIn))
def change_status(request: Request, user: User = Depends(require_user),
                  record: Record = Depends(visible_record),
                  body: StatusIn = Depends(status_body)):
    """Editors: ``beskrevet``, ``offentliggjort`` or ``afvist`` (with ``reason``); the
    record's organisation: ``trukket_tilbage``. Not with the add-in's sign-in token."""
    require_grant(request, "status")
    if body.status != "trukket_tilbage":
        require_editor(user)
    try:
        changed = get_db(request).workflow.set_status(record.id, user, body.status, body.reason)
    except InputError as exc:
        if exc.problems and exc.problems[0].type == "forbidden":
            raise HTTPException(403, exc.problems[0].message) from None
        raise
    return record_summary(changed)
