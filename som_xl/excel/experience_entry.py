"""Ribbon entry points for sharing: Del beregning, Importér beregning, Søg erfaringer.

Each is one Python call on the calling workbook (``RunPython``), using the same
backend-agnostic logic as headless use (:mod:`som_xl.workbook.experience_sheet`). The
database is the configured one: a server when ``SOM_XL_EXPERIENCE_SERVER`` or the user's
config.toml names one (:mod:`som_xl.experience.remote`), else ``SOM_XL_EXPERIENCE_DB``, else
the per-user SQLite file (``som-xl experience where`` shows which). The Erfaringer sheet's
status line says which was used. Errors become a Danish message, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from som_xl.excel.ribbon import _Session, entry_point

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def _open_db():
    from som_xl.experience.remote import open_experience

    return open_experience()


@entry_point("Del beregning")
def del_beregning(session: _Session, knowledge: Knowledge):
    """Recalculate this workbook and add it to the experience database; returns the record."""
    from som_xl.workbook.experience_sheet import share_to_db

    with _open_db() as db:
        return share_to_db(session.backend, db, knowledge)


@entry_point("Importér beregning")
def importer_beregning(session: _Session, knowledge: Knowledge):
    """Fill this workbook from the shared calculation whose id is on Erfaringer."""
    from som_xl.workbook.experience_sheet import import_from_db

    with _open_db() as db:
        return import_from_db(session.backend, db, knowledge)


def _benchmark_source(db):
    """Where 'Andre kommuner' comes from: the configured site (asked with a short timeout),
    or a shared database named by $SOM_XL_EXPERIENCE_DB; None for the per-user file, which
    holds one's own records, not other municipalities'."""
    import os

    from som_xl.experience.engine import ENV_URL
    from som_xl.experience.remote import RemoteExperience
    from som_xl.workbook.benchmark_sheet import TIMEOUT_S

    if isinstance(db, RemoteExperience):
        return RemoteExperience(db.url, db.token, timeout=TIMEOUT_S)
    return db if os.environ.get(ENV_URL) else None


@entry_point("Søg erfaringer")
def soeg_erfaringer(session: _Session, knowledge: Knowledge):
    """Search the experience database with the Erfaringer sheet's fields; returns the count.
    First it fetches 'Andre kommuner' for Indsats' target group and stores it in the
    workbook (Beregn never fetches; :mod:`som_xl.workbook.benchmark_sheet`)."""
    from som_xl.workbook.benchmark_sheet import benchmark_to_sheet
    from som_xl.workbook.experience_sheet import search_to_sheet

    with _open_db() as db:
        benchmark_to_sheet(session.backend, _benchmark_source(db), knowledge)
        return search_to_sheet(session.backend, db)
