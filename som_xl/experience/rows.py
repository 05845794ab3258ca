"""Database rows of the records table ↔ :class:`~som_xl.experience.record.Record`, and the
values a new or changed record is stored with."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from som_xl.experience.model import RecordRow
from som_xl.experience.record import Record

_T = RecordRow.__table__
COLUMNS = [c for c in _T.c if c.name not in ("target_group_key", "client_key")]
"""The columns a :class:`Record` is made of (the search key and idempotency key stay inside)."""
SUMMARY_COLUMNS = [c for c in COLUMNS if c.name != "case_json"]
""":data:`COLUMNS` without the case file, which can be megabytes (search results)."""


def row_to_record(row, *, with_case: bool) -> Record:
    """A :class:`Record` from a row selected with :data:`SUMMARY_COLUMNS` (and ``has_case``)."""
    m = row._mapping
    values = {c.name: m[c.name] for c in SUMMARY_COLUMNS}
    case = m["case_json"] if with_case else None
    return Record(**values, case_json=case, has_case=bool(m["has_case"]))


def stored_values(fields: dict[str, Any]) -> dict[str, Any]:
    """The column values for ``fields``: a target group is also stored casefolded
    (``target_group_key``), which the target-group filter searches."""
    out = dict(fields)
    if "target_group" in fields:
        out["target_group_key"] = fields["target_group"].casefold()
    return out


def stamp_new(fields: dict[str, Any], organisation_id: int | None, now: dt.datetime) -> dict[str, Any]:
    """``fields`` (changed in place and returned) with what every new record gets: a fresh
    ``uid``, ``created_at`` = ``updated_at`` = ``now`` and its ``organisation_id``."""
    fields.update(uid=str(uuid.uuid4()), created_at=now, updated_at=now, organisation_id=organisation_id)
    return fields
