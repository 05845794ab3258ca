"""Ribbon entry points for sharing: Del beregning, Importér beregning, Søg erfaringer.

Each is one Python call on the calling workbook (``RunPython``) of the service layer's
action (:mod:`som_xl.service.ribbon`, the same code as headless and in the add-in). The
database is the configured one: a server when ``SOM_XL_EXPERIENCE_SERVER`` or the user's
config.toml names one (:mod:`som_xl.experience.remote`), else ``SOM_XL_EXPERIENCE_DB``, else
the per-user SQLite file (``som-xl experience where`` shows which). The Erfaringer sheet's
status line says which was used. Errors become a Danish message, never a traceback.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from som_xl.excel.ribbon import ExcelCaller
from som_xl.service import ribbon as actions

if TYPE_CHECKING:
    from som_xl.experience.db import ExperienceDB
    from som_xl.experience.record import Record
    from som_xl.experience.remote import RemoteExperience
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.backend import Backend
    from som_xl.workbook.recalc import Outcome


def _open_db():
    from som_xl.experience.remote import open_experience  # lazy: sqlalchemy only when the button is pressed

    return open_experience()


def del_beregning(backend: Backend | None = None, knowledge: Knowledge | None = None) -> Record | None:
    """Recalculate this workbook and add it to the experience database; returns the record."""
    def action(session: actions.Session, knowledge: Knowledge) -> Record:
        with _open_db() as db:
            return actions.del_beregning(session, db, knowledge)

    return actions.run_entry_point("Del beregning", action, backend, knowledge, ExcelCaller())


def importer_beregning(backend: Backend | None = None, knowledge: Knowledge | None = None) -> Outcome | None:
    """Fill this workbook from the shared calculation whose id is on Erfaringer."""
    def action(session: actions.Session, knowledge: Knowledge) -> Outcome:
        with _open_db() as db:
            return actions.importer_beregning(session, db, knowledge)

    return actions.run_entry_point("Importér beregning", action, backend, knowledge, ExcelCaller())


def _benchmark_source(db: ExperienceDB | RemoteExperience) -> ExperienceDB | RemoteExperience | None:
    """Where 'Andre kommuner' comes from: the configured site (asked with a short timeout),
    or a shared database named by $SOM_XL_EXPERIENCE_DB; None for the per-user file, which
    holds one's own records, not other municipalities'."""
    from som_xl.experience.engine import ENV_URL  # lazy: as _open_db
    from som_xl.experience.remote import RemoteExperience
    from som_xl.workbook.benchmark_sheet import TIMEOUT_S

    if isinstance(db, RemoteExperience):
        return RemoteExperience(db.url, db.token, timeout=TIMEOUT_S)
    return db if os.environ.get(ENV_URL) else None


def soeg_erfaringer(backend: Backend | None = None, knowledge: Knowledge | None = None) -> int | None:
    """Search the experience database with the Erfaringer sheet's fields; returns the count.
    First it fetches 'Andre kommuner' for Indsats' target group and stores it in the
    workbook (Beregn never fetches; :mod:`som_xl.workbook.benchmark_sheet`)."""
    def action(session: actions.Session, knowledge: Knowledge) -> int:
        with _open_db() as db:
            return actions.soeg_erfaringer(session, db, knowledge, _benchmark_source(db))

    return actions.run_entry_point("Søg erfaringer", action, backend, knowledge, ExcelCaller())
