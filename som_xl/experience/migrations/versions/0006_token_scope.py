"""API tokens may be scoped: the Office add-in's sign-in tokens may read and submit, not
change a record's status (schema version 6). Tokens made before have no scope, as before.

Numbered after 0005; if another revision takes 0006 first, renumber this one (file name,
``revision``, ``down_revision``, ``SCHEMA_VERSION`` here and in ``model``).

Revision ID: 0006
Revises: 0005
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from som_xl.experience.model import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA_VERSION = 6
"""The schema version this revision makes (renumbering the revision renumbers this too)."""


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("scope", sa.String(40)))
    # The add-in's sign-ins (labelled so since version 4) get the add-in's scope.
    op.execute(sa.text("UPDATE api_tokens SET scope = 'tilfoejelse' WHERE label = 'Office-tilføjelsen' "
                       "AND expires_at IS NOT NULL"))
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (:version, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime))
               .bindparams(version=SCHEMA_VERSION, now=dt.datetime.now(dt.UTC)))


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
