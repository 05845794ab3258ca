"""API tokens may expire: the Office add-in's sign-in tokens last a working day
(schema version 4). Tokens made before have no expiry, as before.

Revision ID: 0004
Revises: 0003
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from som_xl.experience.model import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", UTCDateTime))
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (4, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime))
               .bindparams(now=dt.datetime.now(dt.UTC)))


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
