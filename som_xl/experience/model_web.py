"""Tables of the shared web site: organisations, users and roles, sign-in sessions, API
tokens, login attempts, the audit log, attachments and messages.

They live in the same database as the records (one backup, one transaction for a
submission and its attachments). Secrets are never stored in clear: passwords as
argon2 hashes, session ids and API tokens as SHA-256 digests.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from som_xl.experience.model import MAX_SHORT, Base, UTCDateTime, _in, utcnow
from som_xl.vocabulary.accounts import ORGANISATION_TYPES, ROLES

MAX_EMAIL = 254
MAX_FILENAME = 200
MAX_MESSAGE = 10_000


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False, unique=True)
    org_type: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (CheckConstraint(_in("org_type", ORGANISATION_TYPES), name="ck_organisation_type"),)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL), nullable=False, unique=True)
    name: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (CheckConstraint(_in("role", ROLES), name="ck_user_role"),)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    label: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """None: valid until revoked (machine tokens); the add-in's sign-in tokens expire."""
    scope: Mapped[str | None] = mapped_column(String(40))
    """None: the token may do what its account may; else what the site grants the scope
    (the add-in's sign-in tokens: read and submit, never a status change)."""


class WebSessionRow(Base):
    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class LoginAttemptRow(Base):
    """Failed sign-ins, counted per key (e-mail or client address) for rate limiting."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)


class AuditRow(Base):
    """Who changed what and when; shown as a record's history."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("experience_records.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    detail: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_record", "record_id"),)


class AttachmentRow(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), nullable=False)
    filename: Mapped[str] = mapped_column(String(MAX_FILENAME), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_attachments_record", "record_id"),)


class MessageRow(Base):
    """A message from a signed-in user to a record's contributor, kept before it is mailed."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), nullable=False)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    subject: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    send_error: Mapped[str | None] = mapped_column(Text)
