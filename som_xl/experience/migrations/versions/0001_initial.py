"""The schema som-xl used before migrations (schema version 1).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from som_xl.experience.model import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MATERIAL = ("beregning", "omkostningsvurdering", "erfaring_med_vidensindsamling",
            "organisering_og_opfoelgning")
ACTORS = ("kommune", "region", "stat", "tilbud", "organisation")
STATUSES = ("indsendt", "beskrevet", "offentliggjort")
INDEXED = ("title", "target_group", "summary", "actor_name")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def records_table(metadata=None) -> sa.Table:
    """The records table as revision 0001 made it (also the starting point of 0002)."""
    return sa.Table(
        "experience_records", metadata or sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("target_group", sa.String(200), nullable=False),
        sa.Column("target_group_key", sa.String(200), nullable=False),
        sa.Column("material_type", sa.String(40), nullable=False),
        sa.Column("actor_type", sa.String(20), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(300)),
        sa.Column("year", sa.Integer),
        sa.Column("key_results", sa.JSON),
        sa.Column("case_json", sa.Text),
        sa.Column("knowledge_name", sa.String(200)),
        sa.Column("knowledge_version", sa.String(200)),
        sa.Column("knowledge_hash", sa.String(200)),
        sa.Column("review_status", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.CheckConstraint(_in("material_type", MATERIAL), name="ck_experience_material_type"),
        sa.CheckConstraint(_in("actor_type", ACTORS), name="ck_experience_actor_type"),
        sa.CheckConstraint(_in("review_status", STATUSES), name="ck_experience_review_status"),
        sa.Index("ix_experience_material_type", "material_type"),
        sa.Index("ix_experience_actor_type", "actor_type"),
        sa.Index("ix_experience_year", "year"),
        sa.Index("ix_experience_created_at", "created_at"),
    )


def upgrade() -> None:
    bind = op.get_bind()
    metadata = sa.MetaData()
    records_table(metadata)
    sa.Table("schema_version", metadata,
             sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
             sa.Column("applied_at", UTCDateTime, nullable=False))
    metadata.create_all(bind)
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS experience_fts USING fts5("
                   f"{', '.join(INDEXED)}, tokenize = 'unicode61 remove_diacritics 0')")
    else:
        parts = " || ".join(
            f"setweight(to_tsvector('danish'::regconfig, coalesce({f}, '')), '{w}')"
            for f, w in zip(INDEXED, "ABCD", strict=True))
        op.execute("ALTER TABLE experience_records ADD COLUMN IF NOT EXISTS search_vector "
                   f"tsvector GENERATED ALWAYS AS ({parts}) STORED")
        op.execute("CREATE INDEX IF NOT EXISTS ix_experience_search_vector ON "
                   "experience_records USING GIN (search_vector)")
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (1, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime)).bindparams(now=_now()))


def _now():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
