"""Redaktion: the queue of submissions, describing a record, publishing or rejecting it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from som_xl.errors import InputError
from som_xl.experience.accounts import User
from som_xl.experience.browse import SearchQuery
from som_xl.vocabulary.review import ReviewStatus
from som_xl.web.auth import check_csrf, get_db, require_editor
from som_xl.web.bodies import form_fields, text_field
from som_xl.web.views import render

router = APIRouter(prefix="/redaktion")
QUEUE = ((ReviewStatus.SUBMITTED.value, "Indsendt – venter på beskrivelse"),
         (ReviewStatus.DESCRIBED.value, "Beskrevet – klar til at offentliggøre"),
         (ReviewStatus.REJECTED.value, "Afvist"))


@router.get("", name="editor_queue")
def queue(request: Request, user: User = Depends(require_editor)):
    db = get_db(request)
    groups = [(label, db.search_page(SearchQuery(status=status, sort="aeldste", per_page=200), user,
                                     facets=False).records) for status, label in QUEUE]
    return render(request, "editor_queue.html", {"groups": groups})


def _edit_page(request: Request, user: User, record_id: int, problems=(), values=None, status=200):
    db = get_db(request)
    record = db.workflow.visible(record_id, user)
    return render(request, "editor_record.html", {
        "r": record, "history": db.workflow.history(record.id), "problems": list(problems),
        "values": values or {"title": record.title, "summary": record.summary,
                             "target_group": record.target_group}}, status=status)


@router.get("/{record_id}", name="editor_record")
def edit(record_id: int, request: Request, user: User = Depends(require_editor)):
    return _edit_page(request, user, record_id)


@router.post("/{record_id}/beskriv", name="editor_describe", dependencies=[Depends(check_csrf)])
def describe(record_id: int, request: Request, user: User = Depends(require_editor),
             form: FormData = Depends(form_fields)):
    values = {k: text_field(form, k) for k in ("title", "summary", "target_group")}
    try:
        get_db(request).workflow.describe(record_id, user, values)
    except InputError as exc:
        return _edit_page(request, user, record_id, exc.problems, values, status=400)
    return RedirectResponse(f"/redaktion/{record_id}?besked=gemt", status_code=303)


@router.post("/{record_id}/status", name="editor_status", dependencies=[Depends(check_csrf)])
def set_status(record_id: int, request: Request, user: User = Depends(require_editor),
               form: FormData = Depends(form_fields)):
    try:
        get_db(request).workflow.set_status(record_id, user, text_field(form, "status"), text_field(form, "reason"))
    except InputError as exc:
        return _edit_page(request, user, record_id, exc.problems, status=400)
    return RedirectResponse(f"/redaktion/{record_id}?besked=status", status_code=303)
