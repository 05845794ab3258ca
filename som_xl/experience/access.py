"""Who may see which record: one rule, used by every page, download and API route.

* Anyone, signed in or not, sees published records (``offentliggjort``).
* A signed-in user also sees every record of their own organisation, in any status.
* Editors (``redaktoer``) and admins see every record.

Everything else is treated as if it did not exist (404, never 403), so a record's
existence does not leak to another organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, or_, true

from som_xl.experience.model import RecordRow
from som_xl.vocabulary.accounts import Role
from som_xl.vocabulary.review import PUBLISHED

if TYPE_CHECKING:
    from som_xl.experience.accounts import User
    from som_xl.experience.record import Record


def is_editor(user: User | None) -> bool:
    """Whether ``user`` may see and moderate every record (redaktør or admin)."""
    return user is not None and user.has_role(Role.EDITOR)


def can_see(record: Record, user: User | None) -> bool:
    """Whether ``user`` (``None``: anonymous) may read ``record``."""
    if record.is_published or is_editor(user):
        return True
    return user is not None and record.organisation_id == user.organisation.id


def can_change(record: Record, user: User | None) -> bool:
    """Whether ``user`` may withdraw ``record`` (its own organisation, or an editor)."""
    if user is None:
        return False
    return is_editor(user) or record.organisation_id == user.organisation.id


def visible_clause(user: User | None) -> ColumnElement[bool]:
    """The SQL form of :func:`can_see` on the records table."""
    if is_editor(user):
        return true()
    published = RecordRow.review_status == PUBLISHED
    if user is None:
        return published
    return or_(published, RecordRow.organisation_id == user.organisation.id)
