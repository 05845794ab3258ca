"""Kontakt: a signed-in user writes to a record's contributor; the message is stored,
then mailed. The contributor's address is never shown on the site."""

from __future__ import annotations

import smtplib

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.experience.record import Record
from som_xl.web.auth import check_csrf, get_db, require_user, visible_record
from som_xl.web.bodies import form_fields, text_field
from som_xl.web.mail import header_problem, send_mail
from som_xl.web.views import render

router = APIRouter()


def _mail_body(record: Record, sender: User, body: str, site: str) -> str:
    return (f"{sender.name or sender.email} ({sender.organisation.name}) skriver om jeres post "
            f"\"{record.title}\" i erfaringsdatabasen ({site}/poster/{record.id}):\n\n{body}\n\n"
            f"Svar direkte på denne e-mail for at svare {sender.email}.\n")


@router.get("/poster/{record_id}/kontakt", name="contact_form")
def contact_form(request: Request, record: Record = Depends(visible_record),
                 user: User = Depends(require_user)):
    return render(request, "contact.html", {"r": record, "values": {}, "problems": []})


@router.post("/poster/{record_id}/kontakt", name="contact", dependencies=[Depends(check_csrf)])
def contact(request: Request, record: Record = Depends(visible_record), user: User = Depends(require_user),
            form: FormData = Depends(form_fields)):
    db, settings = get_db(request), request.app.state.settings
    subject, body = text_field(form, "subject"), text_field(form, "body")
    try:
        problem = header_problem(subject)
        if problem:  # the subject as the email package would decode it (RFC 2047 words)
            raise InputError([Problem("bad-field", "felt emne", problem)])
        message_id, recipient = db.workflow.add_message(record, user, subject, body,
                                                        per_hour=settings.contact_max_per_hour)
    except InputError as exc:
        status = 429 if any(p.type == "too-many" for p in exc.problems) else 400
        return render(request, "contact.html", {"r": record, "values": {"subject": subject, "body": body},
                                                "problems": exc.problems}, status=status)
    try:
        send_mail(settings, to=recipient, subject=f"Erfaringsdatabasen: {subject}",
                  body=_mail_body(record, user, body.strip(), settings.base_url), reply_to=user.email)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        db.workflow.mark_sent(message_id, error=str(exc)[:500])
        return RedirectResponse(f"/poster/{record.id}?besked=ikke-sendt", status_code=303)
    db.workflow.mark_sent(message_id)
    return RedirectResponse(f"/poster/{record.id}?besked=sendt", status_code=303)
