"""Database rows of the records table ↔ :class:`~som_xl.experience.record.Record`."""

from __future__ import annotations

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
