"""The shared web site: organisations, users, sessions, tokens, audit log, attachments,
messages; records get an organisation, a submitter, a status reason, an origin and an
idempotency key, and the statuses afvist and trukket_tilbage (schema version 2).

Revision ID: 0002
Revises: 0001
"""

import datetime as dt
import importlib

import sqlalchemy as sa
from alembic import op

from som_xl.experience.model import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_v1 = importlib.import_module("som_xl.experience.migrations.versions.0001_initial")
STATUSES = _v1.STATUSES + ("afvist", "trukket_tilbage")
ORG_TYPES = ("kommune", "region", "tilbud", "organisation", "styrelse")
ROLES = ("bidragyder", "redaktoer", "admin")


def _id():
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _created():
    return sa.Column("created_at", UTCDateTime, nullable=False)


def _accounts() -> None:
    op.create_table("organisations", _id(),
                    sa.Column("name", sa.String(200), nullable=False, unique=True),
                    sa.Column("org_type", sa.String(20), nullable=False), _created(),
                    sa.CheckConstraint(_v1._in("org_type", ORG_TYPES), name="ck_organisation_type"))
    op.create_table("users", _id(),
                    sa.Column("email", sa.String(254), nullable=False, unique=True),
                    sa.Column("name", sa.String(200)),
                    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"),
                              nullable=False),
                    sa.Column("role", sa.String(20), nullable=False),
                    sa.Column("password_hash", sa.String(300)),
                    sa.Column("active", sa.Boolean, nullable=False), _created(),
                    sa.CheckConstraint(_v1._in("role", ROLES), name="ck_user_role"))
    op.create_table("api_tokens", _id(),
                    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
                    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
                    sa.Column("label", sa.String(200)), _created(),
                    sa.Column("revoked", sa.Boolean, nullable=False))
    op.create_table("web_sessions",
                    sa.Column("id_hash", sa.String(64), primary_key=True),
                    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
                    _created(), sa.Column("expires_at", UTCDateTime, nullable=False))
    op.create_table("login_attempts", _id(),
                    sa.Column("key", sa.String(300), nullable=False),
                    sa.Column("at", UTCDateTime, nullable=False))
    op.create_index("ix_login_attempts_key_at", "login_attempts", ["key", "at"])


def _records() -> None:
    with op.batch_alter_table("experience_records", copy_from=_v1.records_table()) as batch:
        batch.add_column(sa.Column("status_reason", sa.Text))
        batch.add_column(sa.Column("origin", sa.String(20), nullable=False, server_default="delt"))
        batch.add_column(sa.Column("organisation_id", sa.Integer,
                                   sa.ForeignKey("organisations.id", name="fk_experience_organisation")))
        batch.add_column(sa.Column("submitted_by", sa.Integer,
                                   sa.ForeignKey("users.id", name="fk_experience_submitted_by")))
        batch.add_column(sa.Column("client_key", sa.String(112)))
        batch.create_unique_constraint("uq_experience_client_key", ["client_key"])
        batch.drop_constraint("ck_experience_review_status", type_="check")
        batch.create_check_constraint("ck_experience_review_status",
                                      _v1._in("review_status", STATUSES))
        batch.create_index("ix_experience_review_status", ["review_status"])
        batch.create_index("ix_experience_organisation", ["organisation_id"])


def _activity() -> None:
    record = sa.ForeignKey("experience_records.id")
    op.create_table("audit_log", _id(),
                    sa.Column("record_id", sa.Integer, record),
                    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
                    sa.Column("at", UTCDateTime, nullable=False),
                    sa.Column("action", sa.String(40), nullable=False),
                    sa.Column("detail", sa.JSON))
    op.create_index("ix_audit_record", "audit_log", ["record_id"])
    op.create_table("attachments", _id(),
                    sa.Column("record_id", sa.Integer, sa.ForeignKey("experience_records.id"),
                              nullable=False),
                    sa.Column("filename", sa.String(200), nullable=False),
                    sa.Column("content_type", sa.String(100), nullable=False),
                    sa.Column("size", sa.Integer, nullable=False),
                    sa.Column("sha256", sa.String(64), nullable=False),
                    sa.Column("data", sa.LargeBinary, nullable=False), _created())
    op.create_index("ix_attachments_record", "attachments", ["record_id"])
    op.create_table("messages", _id(),
                    sa.Column("record_id", sa.Integer, sa.ForeignKey("experience_records.id"),
                              nullable=False),
                    sa.Column("sender_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
                    sa.Column("recipient_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
                    sa.Column("subject", sa.String(200), nullable=False),
                    sa.Column("body", sa.Text, nullable=False), _created(),
                    sa.Column("sent_at", UTCDateTime), sa.Column("send_error", sa.Text))


def upgrade() -> None:
    _accounts()
    _records()
    _activity()
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (2, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime))
               .bindparams(now=dt.datetime.now(dt.UTC)))


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
