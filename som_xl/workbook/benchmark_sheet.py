"""Andre kommuner in the workbook (issue 25): what other municipalities assumed and
realised for this case's target group, beside the success rate on Indsats and on Erfaringer.

**Beregn never waits on the network.** The figures are fetched by 'Søg erfaringer' (its
own action, which goes to the database anyway), from the configured site, and stored in
the workbook with the time they were fetched: the line on Indsats
(:data:`~som_xl.workbook.layout.BENCHMARK_LINE`), and on Erfaringer the line, the target
group, the time, the source, the figures as a table and as data (the JSON API's form).
Beregn only reads them back (:func:`read_stored`) for the decision report's sentence.
Without a configured site, or when it cannot be reached, the line says so and no figures
are kept (old ones are cleared: the report never uses figures the line does not show).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from som_xl.errors import InputError, Problem, SomError
from som_xl.experience.benchmark_figures import FIGURES, Benchmark, Catalogue
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, is_missing_block
from som_xl.workbook.writer import write_output

if TYPE_CHECKING:
    from som_xl.experience.benchmark_figures import Benchmark
    from som_xl.knowledge import Knowledge

BEFORE_FETCH = ("Andre kommuner: tryk 'Søg erfaringer' på fanen SØM for at se, hvilken succesrate andre har "
                "regnet med for målgruppen, og hvad de realiserede.")
"""The Indsats line in a new workbook."""
NO_SITE = ("Andre kommuner: der er ingen erfaringsdatabase på nettet sat op ($SOM_XL_EXPERIENCE_SERVER eller "
           "config.toml; se 'som-xl experience where'), så der er ikke hentet tal.")
NO_GROUP = ("Andre kommuner: vælg en målgruppe fra vidensdatabasen på arket Indsats; en egen målgruppe har "
            "ingen andre kommuners tal at sammenligne med.")
TIMEOUT_S = 10
"""Seconds 'Søg erfaringer' waits for the figures before it says the site cannot be reached."""


@dataclass(frozen=True)
class StoredBenchmark:
    """What the workbook holds of the last fetch: the line always; the figures when fetched."""

    line: str
    benchmark: Benchmark | None
    fetched: str
    """When (Danish: "23.11.2026 kl. 12:29 UTC")."""
    source: str
    """Which database answered ("serveren https://…")."""


def danish_now(now: dt.datetime | None = None) -> str:
    t = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{t.day:02d}.{t.month:02d}.{t.year} kl. {t.hour:02d}:{t.minute:02d} UTC"


def case_ids(backend: Backend, knowledge: Knowledge) -> tuple[str | None, str | None]:
    """The knowledge ids of the target group and success measure typed on Indsats
    (None for an own target group, a blank or an unknown one)."""
    values = backend.read(L.SETTINGS.name).values
    keys = [f.key for f in L.SETTINGS_FIELDS]

    def cell(key: str) -> Any:
        i = keys.index(key)
        return values[i][0] if i < len(values) else None

    group = knowledge.find_target_group(cell("target_group")) if cell("target_group") else None
    outcome = knowledge.find_outcome(cell("effect.outcome"), group) if group and cell("effect.outcome") else None
    return group, outcome


def fetch(db, group: str | None, outcome: str | None, knowledge: Knowledge,
          now: dt.datetime | None = None) -> StoredBenchmark:
    """Ask ``db`` (a site, a configured shared database, or None) for the figures."""
    when = danish_now(now)
    if group is None:
        return StoredBenchmark(NO_GROUP, None, when, "")
    if db is None:
        return StoredBenchmark(NO_SITE, None, when, "")

    where = getattr(db, "where", "erfaringsdatabasen")
    try:
        b = db.benchmark(group, outcome, catalogue=Catalogue.from_knowledge(knowledge))
    except (SomError, InputError) as exc:
        reason = (exc.problems[0].message if isinstance(exc, InputError) and exc.problems
                  else str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return StoredBenchmark(f"Andre kommuner: kunne ikke hentes fra {where} ({when}): {reason}", None, when, where)
    return StoredBenchmark(b.line(), b, when, where)


def _figure_rows(b: Benchmark | None) -> list[list[Any]]:
    rows = []
    for name, label, _ in FIGURES:
        s = getattr(b, name) if b is not None else None
        rows.append([label, s.n, s.median, s.p25, s.p75, s.min, s.max] if s is not None
                    else [label, None, "vises ikke" if b is not None else None, None, None, None, None])
    return rows


def write_stored(backend: Backend, stored: StoredBenchmark, knowledge: Knowledge) -> list[Problem]:
    """Write ``stored`` on Indsats and Erfaringer; a workbook from an older template
    (without these blocks) gets a warning, nothing else."""
    b = stored.benchmark
    group = outcome = ""
    if b is not None:
        catalogue = Catalogue.from_knowledge(knowledge)
        group = f"{catalogue.name(b.target_group)} ({b.target_group})"
        outcome = catalogue.outcome_name(b.target_group, b.outcome)
    data = json.dumps(b.as_dict(), ensure_ascii=False) if b is not None else None
    info = [[label, value] for label, value in zip(
        L.BENCHMARK_INFO_ROWS, (stored.line, group, outcome, stored.fetched, stored.source, data), strict=True)]
    try:
        write_output(backend, L.BENCHMARK_LINE, [[stored.line]])
        write_output(backend, L.EXPERIENCE_BENCHMARK_INFO, info)
        write_output(backend, L.EXPERIENCE_BENCHMARK, _figure_rows(b))
    except InputError as exc:
        if not is_missing_block(exc):
            raise
        return [Problem("missing-range", L.ERFARINGER, "projektmappen er lavet med en ældre skabelon uden 'Andre "
                        "kommuner'; kør 'som-xl upgrade' på filen for at få dem med.", "warning")]
    return []


def benchmark_to_sheet(backend: Backend, db, knowledge: Knowledge) -> StoredBenchmark:
    """'Søg erfaringer': fetch the figures for Indsats' target group from ``db`` (None: no
    site configured) and store them in the workbook."""
    group, outcome = case_ids(backend, knowledge)
    stored = fetch(db, group, outcome, knowledge)
    write_stored(backend, stored, knowledge)
    return stored


def read_stored(backend: Backend) -> StoredBenchmark | None:
    """What the last 'Søg erfaringer' stored (None: nothing, or a workbook without the blocks).
    Figures that cannot be read back are treated as not fetched."""
    try:
        rows = backend.read(L.EXPERIENCE_BENCHMARK_INFO.name).values
    except InputError as exc:
        if is_missing_block(exc):
            return None
        raise
    values = {r[0]: r[1] for r in rows if r and r[0]}
    line = values.get(L.BENCHMARK_INFO_ROWS[0])
    if not isinstance(line, str) or not line.strip():
        return None
    benchmark = None
    data = values.get(L.BENCHMARK_INFO_ROWS[-1])
    if isinstance(data, str) and data.strip():
        try:
            benchmark = Benchmark.from_dict(json.loads(data), "projektmappen")
        except (ValueError, SomError):
            benchmark = None
    return StoredBenchmark(line, benchmark, str(values.get(L.BENCHMARK_INFO_ROWS[3]) or ""),
                           str(values.get(L.BENCHMARK_INFO_ROWS[4]) or ""))
