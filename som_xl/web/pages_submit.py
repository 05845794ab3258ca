"""Indsend (the submission form) and Mine indsendelser (one's organisation's records)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse

from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.experience.attachments import MAX_ATTACHMENTS
from som_xl.experience.browse import SearchQuery
from som_xl.vocabulary.lookup import choices_text
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.web.auth import csrf_check, get_db, require_role, require_user
from som_xl.web.bodies import posted_form
from som_xl.web.uploads import fields_from_upload
from som_xl.web.views import render, target_group_names

router = APIRouter()
TEXT_FIELDS = ("title", "summary", "target_group", "material_type", "year", "contact")
UPLOAD_FILES = 1 + MAX_ATTACHMENTS + 1
"""The case file or workbook, the attachments, and one more so that too many attachments
is the Danish message about attachments, not the form parser's."""
UPLOAD_CSRF = csrf_check(max_bytes=-1, max_files=UPLOAD_FILES)
FORM_LABELS = {"fil": "Sagsfil eller SØM-projektmappe", "title": "Titel", "summary": "Resumé",
               "target_group": "Målgruppe", "material_type": "Materialetype", "year": "År", "contact": "Kontakt",
               "bilag": "Bilag (PDF)"}
"""The form's fields (their ids) and the labels the form shows them with."""
FIELD_OF = {**{name: name for name in TEXT_FIELDS}, "case_json": "fil", "key_results": "fil"}
"""The form field a record field's problem belongs to."""


@dataclass(frozen=True)
class FormProblem:
    """A problem as the form names it: by its label, linked to its field."""

    location: str
    message: str
    anchor: str = ""


def form_problems(problems: Sequence[Problem]) -> list[FormProblem]:
    """``problems`` named by the form's Danish labels (not ``felt material_type``), with the
    choices of a drop-down by their labels (not their codes)."""
    out = []
    for p in problems:
        name = p.location[len("felt "):] if p.location.startswith("felt ") else ""
        field = FIELD_OF.get(name, "")
        if not field and p.location.startswith("bilag"):
            field = "bilag"
        message = p.message.replace(choices_text(MATERIAL_TYPES), ", ".join(MATERIAL_TYPES.values()))
        label = FORM_LABELS.get(field)
        out.append(FormProblem(label or p.location, message, field if label else ""))
    return out


def _form_page(request: Request, values: dict, problems: Sequence[Problem] = (), status: int = 200,
               file_lost: bool = False):
    return render(request, "submit.html", {
        "values": values, "problems": form_problems(problems), "material_types": MATERIAL_TYPES,
        "target_groups": list(target_group_names().items()), "file_lost": file_lost}, status=status)


@router.get("/indsend", name="submit_form")
def submit_form(request: Request, user: User = Depends(require_role("bidragyder"))):
    return _form_page(request, {"contact": user.email})


def _store(request: Request, user: User, values: dict, upload: tuple[str, bytes] | None,
           attachments: list[tuple[str, bytes]]):
    record: dict = {}
    if upload is not None:
        record, _warnings = fields_from_upload(*upload)
    record.update({k: v for k, v in values.items() if v})
    return get_db(request).workflow.submit(record, user, attachments=attachments)


async def _files(form, name: str) -> list[tuple[str, bytes]]:
    out = []
    for item in form.getlist(name):
        if isinstance(item, UploadFile) and item.filename:
            out.append((item.filename, await item.read()))
    return out


@router.post("/indsend", name="submit", dependencies=[Depends(UPLOAD_CSRF)])
async def submit(request: Request, user: User = Depends(require_role("bidragyder"))):
    """Store a submission; on any problem show the form again with everything typed kept.
    The form (with its files) is read only after the contributor is known."""
    form = await posted_form(request, None, UPLOAD_FILES)
    values = {k: str(form.get(k) or "").strip() for k in TEXT_FIELDS}
    uploads = await _files(form, "fil")
    attachments = await _files(form, "bilag")
    try:
        record, _ = await run_in_threadpool(_store, request, user, values,
                                            uploads[0] if uploads else None, attachments)
    except InputError as exc:
        return _form_page(request, values, exc.problems, status=400,
                          file_lost=bool(uploads or attachments))
    return RedirectResponse(f"/poster/{record.id}?besked=indsendt", status_code=303)


@router.get("/mine", name="mine")
def mine(request: Request, user: User = Depends(require_user)):
    page = get_db(request).search_page(
        SearchQuery(organisation=user.organisation.id, sort="nyeste", per_page=200), user, facets=False)
    return render(request, "mine.html", {"page": page})
