"""The Python entry points of the SØM ribbon (run by xlwings ``RunPython``).

``Beregn`` runs ``som_xl.excel.ribbon.beregn()`` and ``Opdatér viden`` runs
``som_xl.excel.ribbon.opdater_viden()`` (declared in :mod:`som_xl.workbook.ribbon`).
Each is one call of the service layer's action (:mod:`som_xl.service.ribbon`, the same
code the Office add-in runs) on the calling workbook, an
:class:`~som_xl.service.xlwings_backend.XlwingsBackend` over ``xw.Book.caller()``. The
charts in the template read the per-year table, so nothing is recreated.

Every entry point catches everything: the user sees a Danish message in the status
cell on Resultater and in a message box, never a traceback (logged only when
``SOM_XL_DEBUG`` is set). For tests (and scripts) each entry point takes an explicit
``backend`` (e.g. :class:`~som_xl.workbook.backend.MemoryBackend`) and ``knowledge``.
This module imports only the standard library and the service layer's ribbon module at
import time, so the ribbon responds quickly; numpy, openpyxl and xlwings are imported
when needed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from som_xl.service import ribbon as actions

if TYPE_CHECKING:
    from som_xl.errors import Problem
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.backend import Backend
    from som_xl.workbook.recalc import Outcome

log = logging.getLogger(__name__)


class ExcelCaller:
    """The workbook that pressed the button (``xw.Book.caller()``), with screen updating off
    while the entry point runs."""

    def __init__(self) -> None:
        self._app: Any = None
        self._screen_updating: bool | None = None

    def open(self) -> Backend:
        import xlwings as xw  # lazy: xlwings only inside Excel (test_ribbon: the module imports nothing heavy)

        from som_xl.service.xlwings_backend import XlwingsBackend

        book = xw.Book.caller()
        backend = XlwingsBackend(book)
        try:
            self._app = book.app
            self._screen_updating = self._app.screen_updating
            self._app.screen_updating = False
        except Exception:  # noqa: BLE001 - cosmetic only
            self._app = None
        return backend

    def close(self) -> None:
        if self._app is not None:
            try:
                self._app.screen_updating = True if self._screen_updating is None else self._screen_updating
            except Exception:  # noqa: BLE001
                pass

    def alert(self, message: str, title: str) -> None:
        import xlwings as xw  # lazy: as in open

        app = xw.apps.active
        if app is not None:
            app.alert(message, title=title, mode="critical")


def beregn(backend: Backend | None = None, knowledge: Knowledge | None = None) -> Outcome | None:
    """Recalculate the calling workbook (or ``backend``); returns the
    :class:`~som_xl.workbook.recalc.Outcome`, None when it failed (the message is on Resultater)."""
    return actions.run_entry_point("Beregn", actions.beregn, backend, knowledge, ExcelCaller())


def opdater_viden(backend: Backend | None = None, knowledge: Knowledge | None = None) -> list[Problem] | None:
    """Refresh the Viden view and the Konsekvenser lines; returns the problems (summary first)."""
    return actions.run_entry_point("Opdatér viden", actions.opdater_viden, backend, knowledge, ExcelCaller())
