"""The web site's editorial workflow on the repository: submit, describe, publish or
reject, withdraw; attachments, messages and the audit log (who, when, what).

Status flow: ``indsendt`` → ``beskrevet`` → ``offentliggjort``, or ``afvist`` with a
reason; the contributor's organisation may withdraw (``trukket_tilbage``). Each change
and its audit entry are written in one transaction, so the history never misses a change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from som_xl.errors import InputError, Problem
from som_xl.experience.access import can_change, can_see, is_editor
from som_xl.experience.accounts import Organisation, lock_keys
from som_xl.experience.attachments import MAX_ATTACHMENTS, PDF_TYPE, clean_filename, pdf_problems
from som_xl.experience.engine import run_read, run_write
from som_xl.experience.model import (
    MAX_CLIENT_KEY,
    MAX_REASON,
    MAX_SHORT,
    MAX_SUMMARY,
    MAX_TITLE,
    RecordRow,
    utcnow,
)
from som_xl.experience.model_web import (
    MAX_MESSAGE,
    AttachmentRow,
    AuditRow,
    MessageRow,
    OrganisationRow,
    UserRow,
)
from som_xl.experience.record import Record
from som_xl.experience.rows import stamp_new, stored_values
from som_xl.experience.validate import validate_record, whole_number
from som_xl.vocabulary.accounts import ACTOR_TYPE_OF_ORGANISATION
from som_xl.vocabulary.review import AuditAction, ReviewStatus

if TYPE_CHECKING:
    from som_xl.experience.accounts import User

_T = cast(Table, RecordRow.__table__)
EDITABLE = {"title": MAX_TITLE, "summary": MAX_SUMMARY, "target_group": MAX_SHORT}
"""Fields an editor may rewrite when describing a record, with their maximum lengths."""
EDITOR_STATUSES = tuple(s.value for s in (ReviewStatus.DESCRIBED, ReviewStatus.PUBLISHED, ReviewStatus.REJECTED))
"""The statuses an editor may set; the contributor's organisation may only withdraw."""
WITHDRAWN: str = ReviewStatus.WITHDRAWN.value


@dataclass(frozen=True)
class Attachment:
    id: int
    record_id: int
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    action: str
    user_email: str | None
    detail: dict | None


@dataclass(frozen=True)
class Surroundings:
    """A record page's other data (:meth:`Workflow.surroundings`)."""

    organisation: Organisation | None
    attachments: list[Attachment]
    history: list[AuditEntry]


def _fail(type_: str, location: str, message: str) -> InputError:
    return InputError([Problem(type_, location, message)])


def _audit(conn: Connection, record_id: int, user: User | None, action: str,
           detail: dict | None = None) -> None:
    conn.execute(insert(AuditRow).values(record_id=record_id, user_id=user.id if user else None,
                                         at=utcnow(), action=action, detail=detail))


def _controls(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") and c not in allowed for c in text)


def message_problems(subject: Any, body: Any) -> list[Problem]:
    """What is wrong with a Kontakt message: empty or too long fields, a control character
    in the subject (it becomes a mail header) or in the body (other than line breaks and tabs)."""
    subject = subject.strip() if isinstance(subject, str) else ""
    body = body.strip() if isinstance(body, str) else ""
    problems = []
    if not subject or len(subject) > MAX_SHORT:
        problems.append(Problem("bad-field", "felt emne", f"skal udfyldes med højst {MAX_SHORT} tegn."))
    elif _controls(subject):
        problems.append(Problem("bad-field", "felt emne", "må ikke indeholde linjeskift eller andre styretegn."))
    if not body or len(body) > MAX_MESSAGE:
        problems.append(Problem("bad-field", "felt besked", f"skal udfyldes med højst {MAX_MESSAGE} tegn."))
    elif _controls(body, "\n\r\t"):
        problems.append(Problem("bad-field", "felt besked", "må ikke indeholde styretegn (kun tekst og linjeskift)."))
    return problems


def check_attachments(files: list[tuple[str, bytes]]) -> list[Problem]:
    """Problems with uploaded PDFs (count, size, type), each naming the file."""
    if len(files) > MAX_ATTACHMENTS:
        return [Problem("too-many", "bilag", f"højst {MAX_ATTACHMENTS} bilag pr. post "
                                             f"(fik {len(files)}).")]
    problems: list[Problem] = []
    for i, (name, data) in enumerate(files, 1):
        problems += pdf_problems(name, data, f"bilag {i}")
    return problems


class Workflow:
    """Editorial operations on one :class:`~som_xl.experience.db.ExperienceDB`."""

    def __init__(self, db) -> None:
        self.db = db
        self.engine = db.engine

    # -- reading with access control ------------------------------------------------------
    def visible(self, key: int | str, user: User | None, *, with_case: bool = True) -> Record:
        """The record if ``user`` may see it; otherwise the same "not found" as a missing one.
        ``with_case=False`` leaves the case file (possibly megabytes) in the database."""
        record = self.db.get(key, with_case=with_case) if whole_number(str(key)) is not None else None
        if record is None or not can_see(record, user):
            raise _fail("not-found", "id", f"der er ingen post med id '{key}', som du kan se.")
        return record

    # -- submitting -----------------------------------------------------------------------
    def submit(self, record: dict[str, Any], user: User, *, attachments: Sequence[tuple[str, bytes]] = (),
               client_key: str | None = None) -> tuple[Record, bool]:
        """Store a contributor's submission (status ``indsendt``) with its attachments.

        The organisation and actor come from the user's account, never from the form.
        With ``client_key`` (an Idempotency-Key) a repeated submission returns the record
        stored the first time. Returns ``(record, created)``.
        """
        org = user.organisation
        fields = validate_record({
            **{k: v for k, v in record.items() if k not in ("review_status", "origin", "status_reason")},
            "actor_name": org.name,
            "actor_type": ACTOR_TYPE_OF_ORGANISATION.get(org.org_type, org.org_type)})
        problems = check_attachments(list(attachments))
        key = None
        if client_key is not None:
            if not (0 < len(client_key) <= MAX_CLIENT_KEY and client_key.isascii()
                    and client_key.isprintable()):
                problems.append(Problem("bad-key", "Idempotency-Key", "skal være 1-100 tegn (ASCII)."))
            key = f"{user.id}:{client_key}"
        if problems:
            raise InputError(problems)
        now = utcnow()
        stamp_new(fields, org.id, now).update(submitted_by=user.id, client_key=key)

        def work(conn: Connection) -> tuple[int, bool]:
            if key is not None:
                found = conn.execute(select(_T.c.id).where(_T.c.client_key == key)).scalar()
                if found is not None:
                    return found, False
            new_id = self.db.insert_record(conn, fields)
            for name, data in attachments:
                conn.execute(insert(AttachmentRow).values(
                    record_id=new_id, filename=clean_filename(name), content_type=PDF_TYPE,
                    size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data, created_at=now))
            _audit(conn, new_id, user, AuditAction.SUBMITTED.value, {"bilag": len(attachments)})
            return new_id, True

        try:
            record_id, created = run_write(self.engine, work)
        except IntegrityError:
            if key is None:
                raise
            # Another worker stored the same key a moment ago: that one counts.
            record_id = run_read(self.engine, lambda c: c.execute(
                select(_T.c.id).where(_T.c.client_key == key)).scalar_one())
            created = False
        return self.db.require(record_id), created

    # -- editing and status -----------------------------------------------------------------
    def describe(self, record_id: int, user: User, changes: dict[str, str]) -> Record:
        """An editor rewrites title, summary or target group; ``indsendt`` becomes ``beskrevet``."""
        if not is_editor(user):
            raise _fail("forbidden", "rolle", "kun redaktører kan beskrive poster.")
        record = self.visible(record_id, user)
        problems, clean = [], {}
        for name, value in changes.items():
            limit = EDITABLE.get(name)
            text = (value or "").strip() if isinstance(value, str) else None
            if limit is None or not text or len(text) > limit or "\x00" in text:
                problems.append(Problem("bad-field", f"felt {name}", f"skal udfyldes med højst {limit or 0} tegn."))
            elif text != getattr(record, name):
                clean[name] = text
        if problems:
            raise InputError(problems)
        if not clean:
            return record
        values = stored_values(dict(clean, updated_at=utcnow()))
        if record.review_status == ReviewStatus.SUBMITTED:
            values["review_status"] = ReviewStatus.DESCRIBED.value
        diff = {k: [getattr(record, k), v] for k, v in clean.items()}

        def work(conn: Connection) -> None:
            conn.execute(update(_T).where(_T.c.id == record.id).values(**values))
            self.db.search_strategy.index(conn, record.id, {**record.__dict__, **clean})
            _audit(conn, record.id, user, AuditAction.EDITED.value, diff)
            if "review_status" in values:
                _audit(conn, record.id, user, AuditAction.STATUS.value,
                       {"fra": record.review_status, "til": ReviewStatus.DESCRIBED.value})

        run_write(self.engine, work)
        return self.db.require(record.id)

    def set_status(self, record_id: int, user: User, status: str, reason: str | None = None) -> Record:
        """Move a record on: editors describe, publish or reject (with a reason); the
        contributor's organisation withdraws."""
        record = self.visible(record_id, user)
        reason = (reason or "").strip() or None
        if status == WITHDRAWN:
            if not can_change(record, user):
                raise _fail("forbidden", "status", "kun den indsendende organisation kan trække posten tilbage.")
        elif status in EDITOR_STATUSES:
            if not is_editor(user):
                raise _fail("forbidden", "status", "kun redaktører kan ændre status til "
                                                   f"'{status}'.")
            if record.review_status == WITHDRAWN:
                raise _fail("withdrawn", "status", "posten er trukket tilbage af bidragyderen.")
        else:
            raise _fail("not-allowed", "felt status", f"'{status}' er ikke tilladt; tilladt er: "
                                                      f"{', '.join(EDITOR_STATUSES + (WITHDRAWN,))}.")
        if status == ReviewStatus.REJECTED and not reason:
            raise _fail("missing", "felt reason", "skriv en begrundelse for afvisningen.")
        if reason and len(reason) > MAX_REASON:
            raise _fail("too-long", "felt reason", f"højst {MAX_REASON} tegn.")

        def work(conn: Connection) -> None:
            conn.execute(update(_T).where(_T.c.id == record.id).values(
                review_status=status, status_reason=reason, updated_at=utcnow()))
            _audit(conn, record.id, user, AuditAction.STATUS.value, {"fra": record.review_status, "til": status,
                                                     "begrundelse": reason})

        run_write(self.engine, work)
        return self.db.require(record.id)

    @staticmethod
    def _history(record_id: int):
        return (select(AuditRow.at, AuditRow.action, UserRow.email, AuditRow.detail)
                .outerjoin(UserRow, UserRow.id == AuditRow.user_id)
                .where(AuditRow.record_id == record_id).order_by(AuditRow.at, AuditRow.id))

    def history(self, record_id: int) -> list[AuditEntry]:
        stmt = self._history(record_id)
        return [AuditEntry(*r) for r in run_read(self.engine, lambda c: c.execute(stmt).all())]

    def surroundings(self, record: Record, *, history: bool) -> Surroundings:
        """What a record page shows besides the record, read in one transaction: the
        organisation that shared it, its attachments and (``history``) its audit log."""
        org = select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.org_type).where(
            OrganisationRow.id == record.organisation_id)

        def work(conn: Connection) -> Surroundings:
            found = conn.execute(org).first() if record.organisation_id is not None else None
            return Surroundings(Organisation(*found) if found else None,
                                [Attachment(*r) for r in conn.execute(self._attachments(record.id))],
                                [AuditEntry(*r) for r in conn.execute(self._history(record.id))] if history else [])

        return run_read(self.engine, work)

    # -- attachments -----------------------------------------------------------------------------
    @staticmethod
    def _attachments(record_id: int):
        return (select(AttachmentRow.id, AttachmentRow.record_id, AttachmentRow.filename,
                       AttachmentRow.content_type, AttachmentRow.size, AttachmentRow.sha256)
                .where(AttachmentRow.record_id == record_id).order_by(AttachmentRow.id))

    def attachments(self, record_id: int) -> list[Attachment]:
        stmt = self._attachments(record_id)
        return [Attachment(*r) for r in run_read(self.engine, lambda c: c.execute(stmt).all())]

    def attachment_data(self, record_id: int, attachment_id: int) -> tuple[Attachment, bytes] | None:
        stmt = (select(AttachmentRow.id, AttachmentRow.record_id, AttachmentRow.filename,
                       AttachmentRow.content_type, AttachmentRow.size, AttachmentRow.sha256,
                       AttachmentRow.data)
                .where(AttachmentRow.id == attachment_id, AttachmentRow.record_id == record_id))
        row = run_read(self.engine, lambda c: c.execute(stmt).first())
        if row is None:
            return None
        return Attachment(*row[:6]), bytes(row.data)

    # -- messages ----------------------------------------------------------------------------------
    def add_message(self, record: Record, sender: User, subject: str, body: str,
                    per_hour: int | None = None) -> tuple[int, str]:
        """Store a message to the record's contributor; returns (message id, recipient e-mail).

        The subject may hold no control character (it becomes a mail header), the body none
        but line breaks and tabs. With ``per_hour``, a sender who stored that many messages
        in the last hour is refused (type ``too-many``), counted under a lock per sender so
        concurrent requests cannot pass it."""
        problems = message_problems(subject, body)
        if problems:
            raise InputError(problems)
        subject, body = subject.strip(), body.strip()
        since = utcnow() - dt.timedelta(hours=1)

        def work(conn: Connection) -> tuple[int, str]:
            if per_hour is not None:
                lock_keys(conn, [f"contact:{sender.id}"])
                sent = conn.execute(select(func.count()).select_from(MessageRow).where(
                    MessageRow.sender_id == sender.id, MessageRow.created_at >= since)).scalar_one()
                if sent >= per_hour:
                    raise _fail("too-many", "kontakt", f"du har skrevet {sent} beskeder den seneste time; højst "
                                                       f"{per_hour} er tilladt. Prøv igen senere.")
            recipient = self._recipient(conn, record)
            if recipient is None:
                raise _fail("no-contact", "kontakt", "posten har ingen kontaktperson på siden; brug "
                                                     "kontaktoplysningerne i posten.")
            message_id = conn.execute(insert(MessageRow).values(
                record_id=record.id, sender_id=sender.id, recipient_id=recipient[0], subject=subject,
                body=body, created_at=utcnow()).returning(MessageRow.id)).scalar_one()
            return message_id, recipient[1]

        return run_write(self.engine, work)

    def _recipient(self, conn: Connection, record: Record) -> tuple[int, str] | None:
        if record.submitted_by is not None:
            row = conn.execute(select(UserRow.id, UserRow.email).where(
                UserRow.id == record.submitted_by, UserRow.active.is_(True))).first()
            if row is not None:
                return row.id, row.email
        if record.organisation_id is None:
            return None
        row = conn.execute(select(UserRow.id, UserRow.email).where(
            UserRow.organisation_id == record.organisation_id, UserRow.active.is_(True))
            .order_by(UserRow.id).limit(1)).first()
        return (row.id, row.email) if row is not None else None

    def mark_sent(self, message_id: int, error: str | None = None) -> None:
        values = {"send_error": error} if error else {"sent_at": utcnow()}
        run_write(self.engine, lambda c: c.execute(
            update(MessageRow).where(MessageRow.id == message_id).values(**values)))
