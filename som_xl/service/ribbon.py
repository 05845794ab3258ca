"""The ribbon's actions on an open workbook: Beregn, Opdatér viden, Del beregning,
Importér beregning and Søg erfaringer.

The desktop ribbon (:mod:`som_xl.excel.ribbon`, over the calling workbook) and the Office
add-in (:mod:`som_xl.addin.commands`, over the request's workbook) call these same
functions; each takes any :class:`~som_xl.workbook.backend.Backend`. Every action runs
inside :func:`entry_point`: the user sees a Danish message in the status cell on
Resultater and in a message box, never a traceback (logged only with ``SOM_XL_DEBUG``).

This module imports only the standard library and the ground at import time, so the
desktop ribbon responds quickly; the workbook room (numpy, openpyxl) is imported when an
action runs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from som_xl.errors import InputError, Problem

if TYPE_CHECKING:
    from som_xl.experience.db import ExperienceDB
    from som_xl.experience.record import Record
    from som_xl.experience.remote import RemoteExperience
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.backend import Backend as Backend  # for the adapters' annotations
    from som_xl.workbook.recalc import Outcome

log = logging.getLogger(__name__)

_SEVERITY_LABEL = {"error": "Fejl", "warning": "Advarsel", "info": "Info"}

T = TypeVar("T")


class Caller(Protocol):
    """Where an entry point finds its workbook when none is given (the desktop: Excel's caller)."""

    def open(self) -> Backend:
        """The calling workbook's backend."""

    def close(self) -> None:
        """Undo what :meth:`open` changed (screen updating)."""

    def alert(self, message: str, title: str) -> None:
        """A message box when no workbook could be opened."""


class Session:
    """The workbook an entry point works on, and how to tell the user what happened."""

    def __init__(self, backend: Backend | None, caller: Caller | None = None) -> None:
        self._backend = backend
        self._caller = caller

    def open(self) -> None:
        """Open the caller's workbook unless a backend was given."""
        if self._backend is None:
            if self._caller is None:
                raise InputError([Problem("no-workbook", "SØM", "der er ingen projektmappe at arbejde på.")])
            self._backend = self._caller.open()

    @property
    def opened(self) -> bool:
        return self._backend is not None

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise RuntimeError("the session's workbook is not open")
        return self._backend

    def close(self) -> None:
        if self._caller is not None:
            self._caller.close()

    def alert(self, message: str, title: str) -> None:
        """A message box where there is one (best effort: the status cell says it too)."""
        try:
            if self._backend is not None:
                self._backend.alert(message, title)
            elif self._caller is not None:
                self._caller.alert(message, title)
        except Exception:  # noqa: BLE001 - no Excel, or Excel busy: the sheet still shows it
            log.debug("no message box", exc_info=True)

    def show(self, status: str, problems: Iterable[Problem] = ()) -> None:
        """Write the status line and the message rows on Resultater (two writes)."""
        # lazy: keeps 'import som_xl.excel.ribbon' free of numpy and openpyxl (test_ribbon, bench_import)
        from som_xl.workbook import layout as L
        from som_xl.workbook.writer import write_output

        rows = [[p.location, _SEVERITY_LABEL.get(p.severity, p.severity), p.message] for p in problems]
        write_output(self.backend, L.STATUS, [[status]])
        write_output(self.backend, L.MESSAGES, rows)


def failure_message(title: str, exc: BaseException) -> str:
    """The Danish one-liner shown when an entry point fails."""
    if isinstance(exc, InputError) and exc.problems:
        errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
        more = f" (og {len(errors) - 1} andre problemer)" if len(errors) > 1 else ""
        return f"{title} blev ikke gennemført: {errors[0]}{more}"
    return (f"{title} blev ikke gennemført på grund af en intern fejl ({type(exc).__name__}: {exc}). "
            "Sæt miljøvariablen SOM_XL_DEBUG=1 for detaljer, og meld fejlen.")


def run_entry_point(title: str, action: Callable[[Session, Knowledge], T], backend: Backend | None = None,
                    knowledge: Knowledge | None = None, caller: Caller | None = None) -> T | None:
    """Run ``action(session, knowledge)`` as a ribbon entry point: open the workbook
    (``backend``, else the ``caller``'s), load the knowledge (unless given), and return the
    action's result; on any exception write a Danish message to the status block, show it in
    a message box and return None."""
    session = Session(backend, caller)
    try:
        session.open()
        if knowledge is None:
            from som_xl.knowledge import load_knowledge  # lazy: as Session.show

            knowledge = load_knowledge()
        return action(session, knowledge)
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        if os.environ.get("SOM_XL_DEBUG"):
            log.exception("%s fejlede", title)
        message = failure_message(title, exc)
        problems = exc.problems if isinstance(exc, InputError) else []
        try:
            if session.opened:
                session.show("Fejl: " + message, problems)
        except Exception:  # noqa: BLE001 - e.g. the status range itself is missing
            log.debug("could not write the status", exc_info=True)
        session.alert(message, f"SØM – {title}")
        return None
    finally:
        session.close()


def beregn(session: Session, knowledge: Knowledge) -> Outcome:
    """Recalculate the workbook; returns the :class:`~som_xl.workbook.recalc.Outcome`."""
    from som_xl.workbook.recalc import recalculate  # lazy: as Session.show

    outcome = recalculate(session.backend, knowledge)  # also writes the Viden view
    if not outcome.ok:
        n = sum(1 for p in outcome.problems if p.severity == "error")
        session.alert(f"Beregningen er ikke gennemført: {n} fejl i input. Se 'Fejl og advarsler' på arket "
                      "Resultater; hver fejl nævner cellen.", "SØM – Beregn")
    return outcome


def opdater_viden(session: Session, knowledge: Knowledge) -> list[Problem]:
    """Refresh the Viden view and the Konsekvenser lines; returns the problems (summary first)."""
    from som_xl.workbook.refresh import SUMMARY, refresh_knowledge  # lazy: as Session.show

    problems = refresh_knowledge(session.backend, knowledge)
    summary = problems[0] if problems and problems[0].type == SUMMARY else None
    rest = problems[1:] if summary else problems
    status = summary.message if summary else "Viden opdateret."
    session.show(("Fejl: " if summary and summary.severity == "error" else "") + status, rest)
    if summary and summary.severity == "error":
        detail = next((str(p) for p in rest if p.severity == "error"), "")
        session.alert(f"{status}\n{detail}".strip(), "SØM – Opdatér viden")
    return problems


def del_beregning(session: Session, db: ExperienceDB | RemoteExperience, knowledge: Knowledge) -> Record:
    """Recalculate the workbook and add it to the experience database ``db``; returns the record."""
    from som_xl.workbook.experience_sheet import share_to_db  # lazy: as Session.show

    return share_to_db(session.backend, db, knowledge)


def importer_beregning(session: Session, db: ExperienceDB | RemoteExperience, knowledge: Knowledge) -> Outcome:
    """Fill the workbook from the shared calculation whose id is on Erfaringer."""
    from som_xl.workbook.experience_sheet import import_from_db  # lazy: as Session.show

    return import_from_db(session.backend, db, knowledge)


def soeg_erfaringer(session: Session, db: ExperienceDB | RemoteExperience, knowledge: Knowledge,
                    benchmark_source: ExperienceDB | RemoteExperience | None) -> int:
    """Fetch 'Andre kommuner' for Indsats' target group from ``benchmark_source`` (None:
    nowhere) and store it in the workbook (Beregn never fetches), then search ``db`` with
    the Erfaringer sheet's fields; returns the count."""
    from som_xl.workbook.benchmark_sheet import benchmark_to_sheet  # lazy: as Session.show
    from som_xl.workbook.experience_sheet import search_to_sheet

    benchmark_to_sheet(session.backend, benchmark_source, knowledge)
    return search_to_sheet(session.backend, db)
