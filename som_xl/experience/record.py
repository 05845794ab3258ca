"""A stored record as plain, immutable data, and its export form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from som_xl.experience.model import QUALITY_NOTE
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import DEFAULT_RECORD_ORIGIN, PUBLISHED, RECORD_ORIGINS, REVIEW_STATUSES

EXPORT_FORMAT = "som-xl-experience/1"
"""The ``format`` of an export file (an envelope around the list of records)."""


@dataclass(frozen=True)
class Record:
    """One shared calculation or experience, detached from the database.

    ``case_json`` is ``None`` in search results (it can be megabytes); ``has_case`` tells
    whether a case file is attached, and :meth:`ExperienceDB.get` returns it in full.
    """

    id: int
    uid: str
    title: str
    summary: str
    target_group: str
    material_type: str
    actor_type: str
    actor_name: str
    contact: str | None
    year: int | None
    key_results: dict | None
    case_json: str | None
    knowledge_name: str | None
    knowledge_version: str | None
    knowledge_hash: str | None
    review_status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    has_case: bool = False
    status_reason: str | None = None
    origin: str = DEFAULT_RECORD_ORIGIN
    organisation_id: int | None = None
    """The organisation that shared it on the web site (``None``: added outside the site)."""
    submitted_by: int | None = None

    @property
    def quality_note(self) -> str:
        """The "not quality assured" notice every rendering of a record must carry."""
        return QUALITY_NOTE

    @property
    def material_type_label(self) -> str:
        return MATERIAL_TYPES.get(self.material_type, self.material_type)

    @property
    def actor_type_label(self) -> str:
        return SHARING_ACTOR_TYPES.get(self.actor_type, self.actor_type)

    @property
    def review_status_label(self) -> str:
        return REVIEW_STATUSES.get(self.review_status, self.review_status)

    @property
    def origin_label(self) -> str:
        return RECORD_ORIGINS.get(self.origin, self.origin)

    @property
    def is_published(self) -> bool:
        return self.review_status == PUBLISHED

    def as_dict(self, *, include_case: bool = True) -> dict[str, Any]:
        """The record as JSON-ready data: what ``export`` writes and ``import`` reads back."""
        out: dict[str, Any] = {
            "uid": self.uid,
            "id": self.id,
            "quality_note": self.quality_note,
            "title": self.title,
            "summary": self.summary,
            "target_group": self.target_group,
            "material_type": self.material_type,
            "material_type_label": self.material_type_label,
            "actor_type": self.actor_type,
            "actor_type_label": self.actor_type_label,
            "actor_name": self.actor_name,
            "contact": self.contact,
            "year": self.year,
            "key_results": self.key_results,
            "knowledge_name": self.knowledge_name,
            "knowledge_version": self.knowledge_version,
            "knowledge_hash": self.knowledge_hash,
            "review_status": self.review_status,
            "review_status_label": self.review_status_label,
            "status_reason": self.status_reason,
            "origin": self.origin,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }
        if include_case:
            out["case_json"] = self.case_json
        return out
