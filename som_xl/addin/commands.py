"""The add-in's commands: the SØM ribbon's entry points over the request's workbook.

Beregn, Opdatér viden, Lav beslutningsoplæg, Del beregning and Søg erfaringer run the
*same* code as the desktop ribbon (:mod:`som_xl.excel.ribbon`,
:mod:`som_xl.excel.experience_entry`, :mod:`som_xl.workbook.experience_sheet`) through
the desktop xlwings backend, here over ``xw.Book(json=…)`` instead of ``Book.caller()``.
Each command declares the named ranges whose *values* it reads; the client sends those
and, for every range a command may write, only its address. A test runs every command
on a recording backend to keep these lists honest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from som_xl.workbook import layout as L

BEREGN_READS = tuple(b.name for b in (
    L.SETTINGS, L.COHORTS, L.COSTS, L.CONSEQUENCES, L.LOCAL_PRICES, L.OWN_ITEMS, L.SENSITIVITY, L.ACTUALS,
    L.PROVENANCE, L.KEY_FIGURES, L.PRICES_IN_USE, L.EXPERIENCE_BENCHMARK_INFO))
"""Inputs, plus the last run's provenance, key figures and prices (to report what changed), and
the other municipalities' figures Søg erfaringer stored (for the report)."""
VIDEN_READS = tuple(b.name for b in (L.SETTINGS, L.CONSEQUENCES, L.OWN_ITEMS))
SEARCH_READS = (L.EXPERIENCE_SEARCH.name, L.SETTINGS.name)
"""The search fields, and Indsats' target group for 'Andre kommuner'."""
WRITABLE = tuple(b.name for b in L.OUTPUT_BLOCKS) + (L.CONSEQUENCES.name,)
"""Every range a command may write (Opdatér viden also refills Konsekvenser)."""


@dataclass
class Context:
    """What a command needs besides the workbook."""

    knowledge: Any
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
    run: Callable[[Any, Context], Any]
    status: str = L.STATUS.name
    """The range whose first cell is the command's status line (Erfaringer's for sharing)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every named range the client sends (values for :attr:`reads`, addresses for the rest)."""
        return tuple(dict.fromkeys(self.reads + WRITABLE))


def _beregn(backend, ctx: Context):
    from som_xl.excel.ribbon import beregn

    return beregn(backend=backend, knowledge=ctx.knowledge)


def _opdater_viden(backend, ctx: Context):
    from som_xl.excel.ribbon import opdater_viden

    return opdater_viden(backend=backend, knowledge=ctx.knowledge)


def _oplaeg(backend, ctx: Context):
    """Beregn, then the report as Markdown: the document Beregn wrote on the Oplæg sheet."""
    from som_xl.report.markdown import to_markdown

    outcome = _beregn(backend, ctx)
    if outcome is None or not outcome.ok or outcome.document is None:
        return None
    return {"markdown": to_markdown(outcome.document), "activate": L.OPLAEG}


def _with_db(title: str, action: Callable) -> Callable[[Any, Context], Any]:
    """The desktop entry-point wrapper (Danish message, never a traceback) over the site's database."""
    def run(backend, ctx: Context):
        from som_xl.excel.ribbon import entry_point

        def body(session, knowledge):
            if ctx.open_db is None:
                raise RuntimeError("an account command was registered without open_db")
            with ctx.open_db(ctx.user) as db:
                return action(session.backend, db, knowledge)

        body.__name__ = body.__qualname__ = action.__name__
        return entry_point(title)(body)(backend=backend, knowledge=ctx.knowledge)

    return run


def _share(backend, db, knowledge):
    from som_xl.workbook.experience_sheet import share_to_db

    return share_to_db(backend, db, knowledge)


def _search(backend, db, knowledge):
    from som_xl.workbook.benchmark_sheet import benchmark_to_sheet
    from som_xl.workbook.experience_sheet import search_to_sheet

    benchmark_to_sheet(backend, db, knowledge)  # the site's own figures: the add-in runs on the site
    return search_to_sheet(backend, db)


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
            SEARCH_READS + BEREGN_READS, True, _with_db("Del beregning", _share), L.EXPERIENCE_STATUS.name),
    Command("soeg-erfaringer", "Søg erfaringer",
            "Søger i erfaringsdatabasen med felterne på arket Erfaringer (kræver login).",
            SEARCH_READS, True, _with_db("Søg erfaringer", _search), L.EXPERIENCE_STATUS.name),
)}


def summarise(written: dict[str, list[list[Any]]], result: Any, status_name: str = L.STATUS.name) -> Outcome:
    """The task pane's summary from what the command wrote (status line, messages)."""
    status_rows = written.get(status_name) or written.get(L.STATUS.name) or [[""]]
    status = str(status_rows[0][0] or "")
    problems = [{"cell": str(r[0]), "message": str(r[2]), "severity": str(r[1] or "")}
                for r in written.get(L.MESSAGES.name, []) if r and r[0]]
    ok = result is not None and getattr(result, "ok", True) and not status.startswith("Fejl")
    extra = result if isinstance(result, dict) else {}
    return Outcome(ok=bool(ok), status=status, problems=problems, extra=extra)
