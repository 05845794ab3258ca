"""Andre kommuner from the database: which calculations count, and the action
:func:`benchmark` (one query; the figures are made by :mod:`.benchmark_figures`, whose
rules it documents).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select

from som_xl.errors import InputError, Problem
from som_xl.experience.benchmark_figures import (
    FEW,
    FIGURE_HEADERS,
    FIGURES,
    QUANTILE_METHOD,
    THRESHOLD,
    Benchmark,
    Catalogue,
    Counted,
    Summary,
    aggregate,
    figure_rows,
    organisation_key,
    summarise,
)
from som_xl.experience.engine import run_read
from som_xl.experience.model import MAX_SHORT, RecordRow
from som_xl.experience.model_benchmark import BenchmarkFactsRow, RecordVersionRow
from som_xl.vocabulary.review import PUBLISHED

__all__ = ["FEW", "FIGURES", "FIGURE_HEADERS", "QUANTILE_METHOD", "THRESHOLD", "Benchmark", "Catalogue", "Counted",
           "Summary", "aggregate", "benchmark", "checked_id", "counted_rows", "figure_rows", "summarise"]

_R = cast(Table, RecordRow.__table__)
_F = cast(Table, BenchmarkFactsRow.__table__)
_V = cast(Table, RecordVersionRow.__table__)


def counted_rows(conn: Connection, target_group: str) -> list[Counted]:
    """The calculations of ``target_group`` that count: published, newest published
    version of each calculation (one query; rows read as plain tuples, it is a public read)."""
    lineage = func.coalesce(_V.c.lineage_id, _R.c.id)
    version = func.coalesce(_V.c.version, 1)
    stmt = (select(lineage, version, _R.c.id, _R.c.actor_name, _F.c.outcome, _F.c.success_rate,
                   _F.c.realised_success_rate, _F.c.cost_per_participant, _F.c.duration_years,
                   _F.c.horizon_years)
            .select_from(_F.join(_R, _R.c.id == _F.c.record_id).outerjoin(_V, _V.c.record_id == _R.c.id))
            .where(_F.c.target_group == target_group, _R.c.review_status == PUBLISHED))
    newest: dict[int, Any] = {}
    for row in conn.execute(stmt).all():  # Row is a tuple
        held = newest.get(row[0])
        if held is None or row[1:3] > held[1:3]:  # (version, id): the newest published version
            newest[row[0]] = row
    return [Counted(organisation_key(r[3]), r[4], float(r[5]), r[6], r[7], int(r[8]), int(r[9]))
            for _, r in sorted(newest.items())]


# -- the action -----------------------------------------------------------------------------------
def checked_id(value: Any, name: str) -> str:
    """A target group or outcome id as given by a caller: text of 1–200 printable characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_SHORT or not text.isprintable():
        raise InputError([Problem("bad-id", f"felt {name}", f"skal være et id fra vidensdatabasen (1–{MAX_SHORT} "
                                                            "tegn, fx 'hjemloese_voksne').")])
    return text


def _unknown(name: str, value: str, allowed: Iterable[str], what: str) -> InputError:
    listed = ", ".join(sorted(allowed)[:12]) or "ingen"
    return InputError([Problem("not-found", f"felt {name}", f"{what} '{value}' findes hverken i vidensdatabasen "
                                                          f"eller i en offentliggjort beregning; kendte: {listed}.")])


def benchmark(db, target_group: str, outcome: str | None = None, *,
              catalogue: Catalogue | None = None) -> Benchmark:
    """The figures of ``target_group`` (and ``outcome``) in the database ``db``.

    Parameters
    ----------
    db : ExperienceDB
        The database; one read transaction, one query.
    target_group, outcome : str
        Knowledge ids (``outcome`` optional: all success measures).
    catalogue : Catalogue, optional
        The ids the caller knows; an id neither there nor used by a published record is
        an :class:`InputError` of type ``not-found``.

    Raises
    ------
    InputError
        ``bad-id`` for an id that is not one (empty, too long, control characters);
        ``not-found`` for an unknown one. Danish messages name the field.
    """
    group = checked_id(target_group, "target_group")
    measure = checked_id(outcome, "outcome") if outcome not in (None, "") else None
    rows = run_read(db.engine, lambda conn: counted_rows(conn, group))
    known = catalogue or Catalogue()
    if group not in known.target_groups and not rows:
        raise _unknown("target_group", group, known.target_groups, "målgruppen")
    outcomes = known.outcomes.get(group, {})
    if measure is not None and measure not in outcomes and all(r.outcome != measure for r in rows):
        raise _unknown("outcome", measure, outcomes, "succesmålet")
    return aggregate(group, measure, rows)
