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


@entry_point("Søg erfaringer")
def soeg_erfaringer(session: _Session, knowledge: Knowledge):
    """Search the experience database with the Erfaringer sheet's fields; returns the count."""
    from som_xl.workbook.experience_sheet import search_to_sheet

    with _open_db() as db:
        return search_to_sheet(session.backend, db)
