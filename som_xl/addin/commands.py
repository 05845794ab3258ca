"""The add-in's commands: the SØM ribbon's actions over the request's workbook.

Beregn, Opdatér viden, Lav beslutningsoplæg, Del beregning and Søg erfaringer run the
*same* service functions as the desktop ribbon (:mod:`som_xl.service.ribbon`), here over
the xlwings backend of ``xw.Book(json=…)`` instead of ``Book.caller()``. Each command
declares the named ranges whose *values* it reads (:mod:`som_xl.service.ranges`); the
client sends those and, for every range a command may write, only its address. A test
runs every command on a recording backend to keep these lists honest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from som_xl.report.markdown import to_markdown
from som_xl.service import ribbon as actions
from som_xl.service.ranges import (
    BEREGN_READS,
    EXPERIENCE_STATUS,
    MESSAGES,
    OPLAEG_SHEET,
    SEARCH_READS,
    STATUS,
    VIDEN_READS,
    WRITABLE,
)

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge
    from som_xl.service.ribbon import Backend

__all__ = ["BEREGN_READS", "COMMANDS", "SEARCH_READS", "VIDEN_READS", "WRITABLE", "Command", "Context",
           "Outcome", "summarise"]


@dataclass
class Context:
    """What a command needs besides the workbook."""

    knowledge: Knowledge | None
    open_db: Callable[[Any], Any] | None = None
    """``open_db(user)`` opens the site's experience database as ``user`` may use it (a
    context manager); None: no sharing here."""
    user: Any = None
    """The signed-in user (site account) the request's token belongs to; None: anonymous."""


@dataclass
class Outcome:
    """What the task pane shows after a command, besides xlwings' actions."""

    ok: bool
    status: str = ""
    problems: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    key: str
    title: str
    """Danish label (ribbon and task pane)."""
    help: str
    reads: tuple[str, ...]
    needs_account: bool
    run: Callable[[Backend, Context], Any]
    status: str = STATUS
    """The range whose first cell is the command's status line (Erfaringer's for sharing)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every named range the client sends (values for :attr:`reads`, addresses for the rest)."""
        return tuple(dict.fromkeys(self.reads + WRITABLE))


def _beregn(backend: Backend, ctx: Context) -> Any:
    return actions.run_entry_point("Beregn", actions.beregn, backend, ctx.knowledge)


def _opdater_viden(backend: Backend, ctx: Context) -> Any:
    return actions.run_entry_point("Opdatér viden", actions.opdater_viden, backend, ctx.knowledge)


def _oplaeg(backend: Backend, ctx: Context) -> dict[str, str] | None:
    """Beregn, then the report as Markdown: the document Beregn wrote on the Oplæg sheet."""
    outcome = _beregn(backend, ctx)
    if outcome is None or not outcome.ok or outcome.document is None:
        return None
    return {"markdown": to_markdown(outcome.document), "activate": OPLAEG_SHEET}


def _with_db(title: str, action: Callable[[actions.Session, Any, Knowledge], Any]) -> Callable[[Backend, Context], Any]:
    """The ribbon's entry point (Danish message, never a traceback) over the site's database."""
    def run(backend: Backend, ctx: Context) -> Any:
        def body(session: actions.Session, knowledge: Knowledge) -> Any:
            if ctx.open_db is None:
                raise RuntimeError("an account command was registered without open_db")
            with ctx.open_db(ctx.user) as db:
                return action(session, db, knowledge)

        return actions.run_entry_point(title, body, backend, ctx.knowledge)

    return run


def _search(session: actions.Session, db: Any, knowledge: Knowledge) -> int:
    return actions.soeg_erfaringer(session, db, knowledge, db)  # the site's own figures: the add-in runs on the site


COMMANDS: dict[str, Command] = {c.key: c for c in (
    Command("beregn", "Beregn", "Beregner casen og skriver resultaterne på arkene Resultater, Følsomhed og Oplæg.",
            BEREGN_READS, False, _beregn),
    Command("opdater-viden", "Opdatér viden",
            "Henter målgruppens konsekvenser og priser fra vidensdatabasen (arkene Konsekvenser og Viden).",
            VIDEN_READS, False, _opdater_viden),
    Command("lav-beslutningsoplaeg", "Lav beslutningsoplæg",
            "Beregner og fylder arket Oplæg; oplægget kan også hentes som tekst (Markdown).",
            BEREGN_READS, False, _oplaeg),
    Command("del-beregning", "Del beregning",
            "Beregner og deler casen i erfaringsdatabasen (kræver login).",
            SEARCH_READS + BEREGN_READS, True, _with_db("Del beregning", actions.del_beregning), EXPERIENCE_STATUS),
    Command("soeg-erfaringer", "Søg erfaringer",
            "Søger i erfaringsdatabasen med felterne på arket Erfaringer (kræver login).",
            SEARCH_READS, True, _with_db("Søg erfaringer", _search), EXPERIENCE_STATUS),
)}


def summarise(written: dict[str, list[list[Any]]], result: Any, status_name: str = STATUS) -> Outcome:
    """The task pane's summary from what the command wrote (status line, messages)."""
    status_rows = written.get(status_name) or written.get(STATUS) or [[""]]
    status = str(status_rows[0][0] or "")
    problems = [{"cell": str(r[0]), "message": str(r[2]), "severity": str(r[1] or "")}
                for r in written.get(MESSAGES, []) if r and r[0]]
    ok = result is not None and getattr(result, "ok", True) and not status.startswith("Fejl")
    extra = result if isinstance(result, dict) else {}
    return Outcome(ok=bool(ok), status=status, problems=problems, extra=extra)
