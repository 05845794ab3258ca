"""Tables of the erfaringsdatabase (its fields draw from :mod:`som_xl.vocabulary`).

The tables are dialect-neutral; the full-text indexes (FTS5 tables on SQLite, a generated
``tsvector`` column and trigram index on PostgreSQL) are made by the Alembic revisions and
used by :mod:`som_xl.experience.search`, because none can be expressed portably.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from som_xl.experience.text import VOCABULARY_LENGTHS
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import DEFAULT_RECORD_ORIGIN, DEFAULT_REVIEW_STATUS, REVIEW_STATUSES

SCHEMA_VERSION = 6
"""Bumped whenever the tables change; a database newer than this is refused. The tables
are created and upgraded by the Alembic revisions in :mod:`som_xl.experience.migrations`
(revision ``0001`` is version 1, ``0002`` version 2, … ``0005`` version 5, ``0006`` version 6)."""

QUALITY_NOTE = ("Ikke kvalitetssikret af Social- og Boligstyrelsen. Materialet er delt af "
                "brugerne selv; tjek forudsætninger og kilder, før du bruger det.")
"""Shown on every record in every rendering and carried in every export (SØM's own
erfaringsdatabase is not quality assured by the agency and must say so)."""

# Field lengths, shared by the columns and the validator so they cannot drift apart.
MAX_TITLE = 300
MAX_SHORT = 200
MAX_CONTACT = 300
MAX_SUMMARY = 20_000
MAX_CASE_BYTES = 5 * 1024 * 1024
MAX_KEY_RESULTS_BYTES = 100_000
MAX_CLIENT_KEY = 100
MAX_REASON = 2_000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones and hands naive values back; storing UTC and re-attaching
    the zone on the way out keeps records comparable after an export to PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        # SQLite compares the stored text, so keep one naive UTC format there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class RecordRow(Base):
    """One shared calculation or experience."""

    __tablename__ = "experience_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(MAX_TITLE), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    target_group: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False)
    # Casefolded in Python: SQLite's lower() only knows ASCII, so Æ/Ø/Å would not fold.
    target_group_key: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False)
    material_type: Mapped[str] = mapped_column(String(40), nullable=False)
    actor_type: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_name: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False)
    contact: Mapped[str | None] = mapped_column(String(MAX_CONTACT))
    year: Mapped[int | None] = mapped_column(Integer)
    key_results: Mapped[dict | None] = mapped_column(JSON)
    case_json: Mapped[str | None] = mapped_column(Text)
    knowledge_name: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    knowledge_version: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    knowledge_hash: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    review_status: Mapped[str] = mapped_column(String(20), nullable=False,
                                               default=DEFAULT_REVIEW_STATUS)
    status_reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), nullable=False, default=DEFAULT_RECORD_ORIGIN,
                                        server_default=DEFAULT_RECORD_ORIGIN)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # "<user id>:<Idempotency-Key>": a retried submission is stored once.
    client_key: Mapped[str | None] = mapped_column(String(MAX_CLIENT_KEY + 12), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        CheckConstraint(_in("material_type", MATERIAL_TYPES), name="ck_experience_material_type"),
        CheckConstraint(_in("actor_type", SHARING_ACTOR_TYPES), name="ck_experience_actor_type"),
        CheckConstraint(_in("review_status", REVIEW_STATUSES), name="ck_experience_review_status"),
        Index("ix_experience_material_type", "material_type"),
        Index("ix_experience_actor_type", "actor_type"),
        Index("ix_experience_year", "year"),
        Index("ix_experience_created_at", "created_at"),
        Index("ix_experience_review_status", "review_status"),
        Index("ix_experience_organisation", "organisation_id"),
        # The search page's counts per filter value read only this index when there is no
        # free text (an index-only scan on PostgreSQL instead of the whole table).
        Index("ix_experience_facets", "review_status", "material_type", "actor_type", "year",
              "organisation_id", postgresql_include=["target_group", "target_group_key"]),
    )


class SearchWordRow(Base):
    """The vocabulary of the searched fields: every word once, for finding a query word
    inside compounds (:mod:`som_xl.experience.search`; trigram-indexed by migration 0003)."""

    __tablename__ = "experience_words"

    word: Mapped[str] = mapped_column(String(VOCABULARY_LENGTHS[1]), primary_key=True)


class SchemaVersion(Base):
    """Which version of the tables a database holds (one row per applied version)."""

    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    applied_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
