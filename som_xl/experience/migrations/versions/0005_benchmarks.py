"""Andre kommuner: the figures each case file gives the benchmark, and versions of one
calculation (schema version 5; issue 25).

* ``experience_benchmark_facts``: filled here from the case files already stored
  (:func:`som_xl.experience.benchmark_facts.facts_from_case_text`), in batches;
* ``experience_record_versions``: empty (follow-ups as versions are new).

Numbered after 0004; if another revision takes 0005 first, renumber this one (file name,
``revision``, ``down_revision``, the schema version it records and ``SCHEMA_VERSION``).

Revision ID: 0005
Revises: 0004
"""

import dataclasses
import datetime as dt

import sqlalchemy as sa
from alembic import op

from som_xl.experience.model import MAX_SHORT, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 200
_FACTS_VERSION = 1


def _create_tables() -> None:
    op.create_table(
        "experience_benchmark_facts",
        sa.Column("record_id", sa.Integer, sa.ForeignKey("experience_records.id"), primary_key=True),
        sa.Column("target_group", sa.String(MAX_SHORT), nullable=False),
        sa.Column("outcome", sa.String(MAX_SHORT)),
        sa.Column("success_rate", sa.Float, nullable=False),
        sa.Column("duration_years", sa.Integer, nullable=False),
        sa.Column("horizon_years", sa.Integer, nullable=False),
        sa.Column("participants", sa.Float, nullable=False),
        sa.Column("price_year", sa.Integer, nullable=False),
        sa.Column("cost_per_participant", sa.Float),
        sa.Column("realised_success_rate", sa.Float),
        sa.Column("actual_years", sa.Integer, nullable=False),
        sa.Column("facts_version", sa.Integer, nullable=False))
    op.create_index("ix_benchmark_facts_group", "experience_benchmark_facts", ["target_group", "outcome"])
    op.create_table(
        "experience_record_versions",
        sa.Column("record_id", sa.Integer, sa.ForeignKey("experience_records.id"), primary_key=True),
        sa.Column("lineage_id", sa.Integer, sa.ForeignKey("experience_records.id"), nullable=False),
        sa.Column("based_on", sa.Integer, sa.ForeignKey("experience_records.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False))
    op.create_index("ix_record_versions_lineage", "experience_record_versions", ["lineage_id"])


def _fill_facts(bind) -> None:
    """The facts of the case files already stored (in batches: a case file may be megabytes)."""
    from som_xl.experience.benchmark_facts import CaseFacts, facts_from_case_text

    facts = sa.table("experience_benchmark_facts", sa.column("record_id"), sa.column("facts_version"),
                     *(sa.column(f.name) for f in dataclasses.fields(CaseFacts)))
    records = sa.table("experience_records", sa.column("id"), sa.column("case_json"))
    last = 0
    while True:
        rows = bind.execute(sa.select(records.c.id, records.c.case_json)
                            .where(records.c.id > last, records.c.case_json.is_not(None))
                            .order_by(records.c.id).limit(_BATCH)).all()
        if not rows:
            return
        found = [(row.id, facts_from_case_text(row.case_json)) for row in rows]
        new = [{"record_id": i, "facts_version": _FACTS_VERSION, **dataclasses.asdict(f)}
               for i, f in found if f is not None]
        if new:
            bind.execute(sa.insert(facts), new)
        last = rows[-1].id


def upgrade() -> None:
    _create_tables()
    _fill_facts(op.get_bind())
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (5, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime))
               .bindparams(now=dt.datetime.now(dt.UTC)))


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
