"""The erfaringsdatabase: municipalities share calculations and experience.

Records are stored in SQLite (a per-user file by default) or PostgreSQL through one
repository API::

    from som_xl.experience import open_db
    db = open_db()                      # argument > $SOM_XL_EXPERIENCE_DB > default file
    rec = db.add({"title": ..., "summary": ..., "target_group": ..., "material_type":
                  "beregning", "actor_type": "kommune", "actor_name": "Aarhus Kommune"})
    db.search("boligerne", actor_type="kommune")
    db.set_status(rec.id, "beskrevet")
    other_db.import_records(db.export())

Nothing here is quality assured by Social- og Boligstyrelsen; every rendering and every
export says so (:data:`QUALITY_NOTE`). The fields' vocabularies are in :mod:`som_xl.vocabulary`.

The names load on first use (PEP 562): importing one module of this room (the
benchmark's figures, which the workbook's Beregn reads back) does not import sqlalchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from som_xl.experience.case_link import fields_from_case_file, read_case_text
    from som_xl.experience.db import ExperienceDB, ImportResult, open_db
    from som_xl.experience.engine import ENV_URL, default_db_path, resolve_url
    from som_xl.experience.model import QUALITY_NOTE, SCHEMA_VERSION
    from som_xl.experience.record import EXPORT_FORMAT, Record
    from som_xl.experience.render import format_hits, format_record
    from som_xl.experience.validate import validate_record

_HOME = {
    "fields_from_case_file": "case_link", "read_case_text": "case_link", "ExperienceDB": "db",
    "ImportResult": "db", "open_db": "db", "ENV_URL": "engine", "default_db_path": "engine",
    "resolve_url": "engine", "QUALITY_NOTE": "model", "SCHEMA_VERSION": "model", "EXPORT_FORMAT": "record",
    "Record": "record", "format_hits": "render", "format_record": "render", "validate_record": "validate",
}

__all__ = [
    "ENV_URL",
    "EXPORT_FORMAT",
    "QUALITY_NOTE",
    "SCHEMA_VERSION",
    "ExperienceDB",
    "ImportResult",
    "Record",
    "default_db_path",
    "fields_from_case_file",
    "format_hits",
    "format_record",
    "open_db",
    "read_case_text",
    "resolve_url",
    "validate_record",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
