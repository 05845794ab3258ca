"""A follow-up belongs to its calculation (issue 25, point 4).

A contributor submits what actually happened (``actuals``: per past year the participants
who started, what each payer paid and the successes) for a record their organisation
shared. The plan stays as shared: the new case file is the record's own with these
actuals, checked by the case format's rules, and it becomes a **new version** of the same
calculation, a record in status ``indsendt`` that the editors publish like any other.
``experience_record_versions`` links it to the first version (its lineage), the audit
log of both says so, and the benchmark counts only the newest published version.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from som_xl.case import parse_case
from som_xl.errors import InputError, Problem
from som_xl.experience.access import visible_clause
from som_xl.experience.case_link import fields_from_case_text
from som_xl.experience.engine import run_read, run_write
from som_xl.experience.model import MAX_CLIENT_KEY, RecordRow, utcnow
from som_xl.experience.model_benchmark import RecordVersionRow
from som_xl.experience.model_web import AuditRow
from som_xl.experience.record import Record
from som_xl.experience.rows import stamp_new
from som_xl.experience.validate import validate_record
from som_xl.vocabulary.accounts import ACTOR_TYPE_OF_ORGANISATION, Role
from som_xl.vocabulary.review import AuditAction, ReviewStatus

if TYPE_CHECKING:
    from som_xl.experience.accounts import User
    from som_xl.experience.db import ExperienceDB

_R = cast(Table, RecordRow.__table__)
_V = cast(Table, RecordVersionRow.__table__)
COPIED = ("title", "summary", "target_group", "material_type", "year", "contact")
"""Fields a new version takes from the record it continues (the editors may describe it anew)."""
_ACTUAL_FIELD = re.compile(r"^\$\.actuals\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?")
_FIELD_WORDS = {"year": "år", "participants": "deltagere", "successes": "succeser", "costs": "udgifter"}


@dataclass(frozen=True)
class Version:
    """One version of a calculation as a reader may see it."""

    record_id: int
    version: int
    review_status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Lineage:
    """The versions of the calculation a record belongs to (oldest first), those the
    reader may see; ``version`` is the record's own number."""

    lineage_id: int
    version: int
    versions: tuple[Version, ...]


def _fail(type_: str, location: str, message: str) -> InputError:
    return InputError([Problem(type_, location, message)])


def lineage(db: ExperienceDB, record: Record, user: User | None) -> Lineage:
    """The versions of ``record``'s calculation that ``user`` may see (one read)."""
    own = select(_V.c.lineage_id, _V.c.version).where(_V.c.record_id == record.id)

    def work(conn: Connection) -> Lineage:
        found = conn.execute(own).first()
        root, number = (found.lineage_id, found.version) if found else (record.id, 1)
        version = func.coalesce(_V.c.version, 1)
        rows = conn.execute(
            select(_R.c.id, version, _R.c.review_status, _R.c.created_at)
            .select_from(_R.outerjoin(_V, _V.c.record_id == _R.c.id))
            .where((_R.c.id == root) | (_V.c.lineage_id == root), visible_clause(user))
            .order_by(version, _R.c.id)).all()
        return Lineage(root, number, tuple(Version(*r) for r in rows))

    return run_read(db.engine, work)


def actual_problem_location(location: str, start_year: int) -> str:
    """``$.actuals[1].costs.kommune`` → ``"opfølgning, år 2026, udgifter kommune"``
    (the form's words) for a problem the case format's rules found.

    >>> actual_problem_location("$.actuals[1].successes", 2025)
    'opfølgning, år 2026, succeser'
    """
    match = _ACTUAL_FIELD.match(location)
    if match is None:
        return "opfølgning" if location.startswith("$.actuals") else location
    index, name, actor = match.groups()
    words = [f"år {start_year + int(index)}"]
    if name:
        words.append(" ".join(w for w in (_FIELD_WORDS.get(name, name), actor) if w))
    return "opfølgning, " + ", ".join(words)


def _with_actuals(record: Record, actuals: list[dict[str, Any]]) -> str:
    """The record's case file with ``actuals`` (checked as ``calc`` checks a case), as text."""
    data = json.loads(record.case_json or "{}")
    if not actuals:
        raise _fail("missing", "opfølgning", "skriv de faktiske tal for mindst ét år (fra startåret).")
    data["actuals"] = actuals
    try:
        parse_case(data)
    except InputError as exc:
        start = data["settings"]["start_year"]
        raise InputError([Problem(p.type, actual_problem_location(p.location, start), p.message, p.severity)
                          for p in exc.problems]) from None
    return json.dumps(data, ensure_ascii=False)


def _check_may_follow_up(record: Record, user: User) -> None:
    if not user.has_role(Role.CONTRIBUTOR) or record.organisation_id != user.organisation.id:
        raise _fail("forbidden", "opfølgning", "kun den organisation, der delte beregningen, kan indsende "
                                              "opfølgning på den.")
    if record.review_status == ReviewStatus.WITHDRAWN:
        raise _fail("withdrawn", "opfølgning", "posten er trukket tilbage; del beregningen igen for at følge op.")
    if not record.case_json:
        raise _fail("no-case", "opfølgning", "posten har ingen sagsfil; en opfølgning lægger faktiske tal til "
                                            "beregningens sagsfil.")


def _new_fields(record: Record, user: User, text: str) -> dict[str, Any]:
    computed, _ = fields_from_case_text(text, location="opfølgning")
    org = user.organisation
    fields = validate_record({**computed, **{k: getattr(record, k) for k in COPIED},
                              "actor_name": org.name,
                              "actor_type": ACTOR_TYPE_OF_ORGANISATION.get(org.org_type, org.org_type)})
    return fields


def _client_key(user: User, client_key: str | None) -> str | None:
    if client_key is None:
        return None
    if not (0 < len(client_key) <= MAX_CLIENT_KEY and client_key.isascii() and client_key.isprintable()):
        raise _fail("bad-key", "Idempotency-Key", "skal være 1-100 tegn (ASCII).")
    return f"{user.id}:{client_key}"


def submit_follow_up(db: ExperienceDB, record_id: int, user: User, actuals: list[dict[str, Any]], *,
                     client_key: str | None = None) -> tuple[Record, bool]:
    """Store ``actuals`` for record ``record_id`` as a new version of its calculation.

    Returns ``(new record, created)``; with ``client_key`` (an Idempotency-Key) a repeated
    submission returns the version stored the first time.

    Raises
    ------
    InputError
        ``not-found`` when ``user`` may not see the record; ``forbidden`` when it is
        another organisation's; ``no-case``, ``withdrawn``; the case format's problems
        with the actuals, located in the form's words (:func:`actual_problem_location`).
    """
    record = db.workflow.visible(record_id, user)
    _check_may_follow_up(record, user)
    key = _client_key(user, client_key)
    fields = _new_fields(record, user, _with_actuals(record, actuals))
    now = utcnow()
    stamp_new(fields, user.organisation.id, now).update(submitted_by=user.id, client_key=key)

    def work(conn: Connection) -> tuple[int, bool]:
        if key is not None:
            found = conn.execute(select(_R.c.id).where(_R.c.client_key == key)).scalar()
            if found is not None:
                return found, False
        held = conn.execute(select(_V.c.lineage_id).where(_V.c.record_id == record.id)).scalar()
        root = held if held is not None else record.id
        newest = conn.execute(select(func.max(_V.c.version)).where(_V.c.lineage_id == root)).scalar()
        version = (newest or 1) + 1
        new_id = db.insert_record(conn, fields)
        conn.execute(insert(_V).values(record_id=new_id, lineage_id=root, based_on=record.id, version=version))
        conn.execute(insert(AuditRow).values(record_id=new_id, user_id=user.id, at=now,
                                             action=AuditAction.SUBMITTED.value,
                                             detail={"opfølgning af post": record.id, "version": version}))
        conn.execute(insert(AuditRow).values(record_id=record.id, user_id=user.id, at=now,
                                             action=AuditAction.FOLLOW_UP.value, detail={"ny version": new_id}))
        return new_id, True

    try:
        new_id, created = run_write(db.engine, work)
    except IntegrityError:
        if key is None:
            raise
        # another worker stored the same key a moment ago: that one counts
        new_id = run_read(db.engine, lambda c: c.execute(select(_R.c.id).where(_R.c.client_key == key)).scalar_one())
        created = False
    return db.require(new_id), created
