"""The Python entry points of the SØM ribbon (run by xlwings ``RunPython``).

``Beregn`` runs ``som_xl.excel.ribbon.beregn()`` and ``Opdatér viden`` runs
``som_xl.excel.ribbon.opdater_viden()`` (declared in :mod:`som_xl.workbook.ribbon`).
Each is one Python call on the calling workbook: :func:`~som_xl.workbook.recalc.recalculate`
or :func:`~som_xl.workbook.refresh.refresh_knowledge` over an
:class:`~som_xl.excel.xlwings_backend.XlwingsBackend`. The charts in the template read
the per-year table, so nothing is recreated.

Every entry point catches everything: the user sees a Danish message in the status
cell on Resultater and in a message box, never a traceback. The traceback is logged
only when ``SOM_XL_DEBUG`` is set. For tests (and scripts) each entry point takes an
explicit ``backend`` (e.g. :class:`~som_xl.workbook.backend.MemoryBackend`) and
``knowledge``. This module imports only the standard library at import time, so the
ribbon responds quickly; numpy, openpyxl and xlwings are imported when needed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

log = logging.getLogger(__name__)

_SEVERITY_LABEL = {"error": "Fejl", "warning": "Advarsel", "info": "Info"}


class _Session:
    """The workbook an entry point works on, and how to tell the user what happened."""

    def __init__(self, backend=None):
        self.backend = backend
        self._app = None
        self._screen_updating = None

    def open(self) -> None:
        if self.backend is not None:
            return
        import xlwings as xw

        from som_xl.excel.xlwings_backend import XlwingsBackend

        book = xw.Book.caller()
        self.backend = XlwingsBackend(book)
        try:
            self._app = book.app
            self._screen_updating = self._app.screen_updating
            self._app.screen_updating = False
        except Exception:  # noqa: BLE001 - cosmetic only
            self._app = None

    def close(self) -> None:
        if self._app is not None:
            try:
                self._app.screen_updating = True if self._screen_updating is None else self._screen_updating
            except Exception:  # noqa: BLE001
                pass

    def alert(self, message: str, title: str) -> None:
        """A message box in Excel; nothing for a backend without one (tests, headless)."""
        try:
            if self.backend is not None and hasattr(self.backend, "alert"):
                self.backend.alert(message, title)
            elif self.backend is None:
                import xlwings as xw

                app = xw.apps.active
                if app is not None:
                    app.alert(message, title=title, mode="critical")
        except Exception:  # noqa: BLE001 - no Excel, or Excel busy: the sheet still shows it
            log.debug("no message box", exc_info=True)

    def show(self, status: str, problems=()) -> None:
        """Write the status line and the message rows on Resultater (two writes)."""
        from som_xl.workbook import layout as L
        from som_xl.workbook.writer import write_output

        rows = [[p.location, _SEVERITY_LABEL.get(p.severity, p.severity), p.message] for p in problems]
        write_output(self.backend, L.STATUS, [[status]])
        write_output(self.backend, L.MESSAGES, rows)


def failure_message(title: str, exc: BaseException) -> str:
    """The Danish one-liner shown when an entry point fails."""
    from som_xl.errors import InputError

    if isinstance(exc, InputError) and exc.problems:
        errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
        more = f" (og {len(errors) - 1} andre problemer)" if len(errors) > 1 else ""
        return f"{title} blev ikke gennemført: {errors[0]}{more}"
    return (f"{title} blev ikke gennemført på grund af en intern fejl ({type(exc).__name__}: {exc}). "
            "Sæt miljøvariablen SOM_XL_DEBUG=1 for detaljer, og meld fejlen.")


def entry_point(title: str) -> Callable:
    """Make ``action(session, knowledge)`` a ribbon entry point ``f(backend=None, knowledge=None)``.

    The entry point opens the calling workbook (unless ``backend`` is given), loads the
    knowledge (unless given), runs the action and returns its result; on any exception
    it writes a Danish message to the status block, shows it in a message box and
    returns None.
    """
    def decorate(action: Callable) -> Callable:
        def run(backend=None, knowledge: Knowledge | None = None):
            session = _Session(backend)
            try:
                session.open()
                if knowledge is None:
                    from som_xl.knowledge import load_knowledge

                    knowledge = load_knowledge()
                return action(session, knowledge)
            except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
                if os.environ.get("SOM_XL_DEBUG"):
                    log.exception("%s fejlede", title)
                message = failure_message(title, exc)
                problems = getattr(exc, "problems", None) or []
                try:
                    if session.backend is not None:
                        session.show("Fejl: " + message, problems)
                except Exception:  # noqa: BLE001 - e.g. the status range itself is missing
                    log.debug("could not write the status", exc_info=True)
                session.alert(message, f"SØM – {title}")
                return None
            finally:
                session.close()

        # Name and docs of the action, but the entry point's own signature (no __wrapped__).
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(run, attr, getattr(action, attr))
        return run

    return decorate


@entry_point("Beregn")
def beregn(session: _Session, knowledge: Knowledge):
    """Recalculate the calling workbook; returns the :class:`~som_xl.workbook.recalc.Outcome`.

    Call as ``beregn()`` from Excel, or ``beregn(backend=..., knowledge=...)``.
    """
    from som_xl.workbook.recalc import recalculate

    outcome = recalculate(session.backend, knowledge)  # also writes the Viden view
    if not outcome.ok:
        n = sum(1 for p in outcome.problems if p.severity == "error")
        session.alert(f"Beregningen er ikke gennemført: {n} fejl i input. Se 'Fejl og advarsler' på arket "
                      "Resultater; hver fejl nævner cellen.", "SØM – Beregn")
    return outcome


@entry_point("Opdatér viden")
def opdater_viden(session: _Session, knowledge: Knowledge):
    """Refresh the Viden view and the Konsekvenser lines; returns the problems (summary first).

    Call as ``opdater_viden()`` from Excel, or ``opdater_viden(backend=..., knowledge=...)``.
    """
    from som_xl.workbook.refresh import SUMMARY, refresh_knowledge

    problems = refresh_knowledge(session.backend, knowledge)
    summary = problems[0] if problems and problems[0].type == SUMMARY else None
    rest = problems[1:] if summary else problems
    status = summary.message if summary else "Viden opdateret."
    session.show(("Fejl: " if summary and summary.severity == "error" else "") + status, rest)
    if summary and summary.severity == "error":
        detail = next((str(p) for p in rest if p.severity == "error"), "")
        session.alert(f"{status}\n{detail}".strip(), "SØM – Opdatér viden")
    return problems
