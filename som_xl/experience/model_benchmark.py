"""Tables behind "Andre kommuner" (issue 25): what each record's case file assumed and
realised, and which records are later versions of one calculation.

* ``experience_benchmark_facts``: one row per record whose case file can be read and
  names a knowledge target group, written when the record (or its case file) is stored;
  the benchmark reads these instead of parsing case files on every request.
* ``experience_record_versions``: a follow-up (actual figures) is a new record that
  continues an earlier one; the row links it to the first record of its calculation
  (``lineage_id``), so the figures count one calculation once.

Both are made by Alembic revision ``0005``.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from som_xl.experience.model import MAX_SHORT, Base


class BenchmarkFactsRow(Base):
    """The figures of one record's case file that the benchmark aggregates."""

    __tablename__ = "experience_benchmark_facts"

    record_id: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), primary_key=True)
    target_group: Mapped[str] = mapped_column(String(MAX_SHORT), nullable=False)
    """The case file's ``target_group`` (a knowledge id), not the record's editable text."""
    outcome: Mapped[str | None] = mapped_column(String(MAX_SHORT))
    """The success measure the case was computed with (its own, or the target group's first)."""
    success_rate: Mapped[float] = mapped_column(Float, nullable=False)
    duration_years: Mapped[int] = mapped_column(Integer, nullable=False)
    horizon_years: Mapped[int] = mapped_column(Integer, nullable=False)
    participants: Mapped[float] = mapped_column(Float, nullable=False)
    price_year: Mapped[int] = mapped_column(Integer, nullable=False)
    cost_per_participant: Mapped[float | None] = mapped_column(Float)
    """Planned net costs over the horizon (undiscounted, all payers) per participant, at
    the case's price level; None when the site could not compute the case."""
    realised_success_rate: Mapped[float | None] = mapped_column(Float)
    """:func:`som_xl.followup.realised_success_rate` of the case's actuals (None: none, or
    no cohort finished yet)."""
    actual_years: Mapped[int] = mapped_column(Integer, nullable=False)
    """Years with actual figures in the case file (0: a plan without follow-up)."""
    facts_version: Mapped[int] = mapped_column(Integer, nullable=False)
    """:data:`som_xl.experience.benchmark_facts.FACTS_VERSION` the row was made with."""

    __table_args__ = (Index("ix_benchmark_facts_group", "target_group", "outcome"),)


class RecordVersionRow(Base):
    """A record that is a later version of another (a follow-up with actual figures)."""

    __tablename__ = "experience_record_versions"

    record_id: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), primary_key=True)
    lineage_id: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), nullable=False)
    """The first record of the calculation (version 1, which has no row here)."""
    based_on: Mapped[int] = mapped_column(ForeignKey("experience_records.id"), nullable=False)
    """The record whose case file (plan) this version continues."""
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    """2, 3, … in order of submission."""

    __table_args__ = (Index("ix_record_versions_lineage", "lineage_id"),)
