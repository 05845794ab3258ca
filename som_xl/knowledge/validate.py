"""Full validation of a knowledge package: :func:`validate_package`.

Two passes, every problem reported (not the first only):

1. Frictionless validates the data package against its table schemas: types,
   constraints (enum, minimum, pattern, required, unique), primary and foreign keys.
   Its errors are mapped to Danish messages (:mod:`som_xl.knowledge.fl_messages`).
2. The project's own rules (:mod:`som_xl.knowledge.checks`).
3. When those find no error: every derivation recomputed (:mod:`som_xl.knowledge.derivation`):
   the derived lines are their rule's and reproduce the published figures.

Blank rows are reported without frictionless (which takes seconds for each); the
descriptor never names anything outside the package folder
(:func:`~som_xl.knowledge.rawpackage.reference_problems`), so frictionless reads the
files ``calc`` reads and fetches nothing.

A problem both passes find (same type and location) is reported once. Locations read
``"FILE række N, kolonne C"``, N the row number in the CSV file with the header as row 1.
"""

from __future__ import annotations

from pathlib import Path

from frictionless import validate

from som_xl.errors import KnowledgeError, Problem
from som_xl.fmt import number
from som_xl.knowledge.checks import custom_checks
from som_xl.knowledge.derivation import derivation_problems
from som_xl.knowledge.fl_messages import problem_from_error
from som_xl.knowledge.knowledge import Knowledge
from som_xl.knowledge.parse import parse_package
from som_xl.knowledge.rawpackage import DESCRIPTOR, RawPackage, location, read_raw_package


def _frictionless(path: Path, descriptor: dict) -> list[Problem]:
    schemas = {res.get("path"): res.get("schema") or {}
               for res in descriptor.get("resources", []) if isinstance(res, dict)}
    report = validate(str(path / DESCRIPTOR))
    out = [problem_from_error(e.to_descriptor(), DESCRIPTOR, {}) for e in report.errors]
    for task in report.tasks:
        file = str(task.place)
        out += [problem_from_error(e.to_descriptor(), file, schemas.get(file, {})) for e in task.errors]
    return out


def _dedupe(problems: list[Problem]) -> list[Problem]:
    # A missing cell also fails "required"; say it once. A rule both passes check, once.
    missing = {p.location for p in problems if p.type == "missing-cell"}
    # A sourced row without its price year: the specific message replaces the generic one.
    no_year = {p.location for p in problems if p.type == "missing-price-year"}
    seen, out = set(), []
    for p in problems:
        key = (p.type, p.location)
        if p.type == "constraint-error" and p.location in missing:
            continue
        if p.type in ("missing-cell", "constraint-error") and p.location in no_year:
            continue
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def validate_package(path: str | Path) -> list[Problem]:
    """Every problem in the knowledge package at ``path`` (errors and warnings).

    Parameters
    ----------
    path
        The package folder (holding ``datapackage.json``).

    Returns
    -------
    list[Problem]
        Empty when the package is valid. Each problem has a stable ``type`` slug, a Danish
        ``message`` and a ``location`` ``"FILE række N, kolonne C"``; ``severity`` is
        ``"error"`` or ``"warning"`` (warnings do not make the package invalid).
    """
    path = Path(path).expanduser()
    try:
        raw = read_raw_package(path)
    except KnowledgeError as exc:
        return list(exc.problems)
    blank = blank_row_problems(raw)
    # Frictionless spends seconds on each blank row; they are reported here instead, and
    # the full validation runs once the tables have none.
    problems = (blank if blank else _frictionless(path, raw.descriptor)) + custom_checks(raw)
    if not any(p.severity == "error" for p in problems):
        problems += _derivation_problems(path, raw)
    return _dedupe(problems)


def _derivation_problems(path: Path, raw) -> list[Problem]:
    """The derived lines recomputed from their rules (needs the typed package and its prices)."""
    try:
        knowledge = Knowledge(path=path, descriptor=raw.descriptor, records=parse_package(raw), content_hash="")
    except KnowledgeError as exc:
        return list(exc.problems)
    return derivation_problems(knowledge)


MAX_BLANK_SHOWN = 5
"""Blank rows named one by one per table; the rest are counted."""


def blank_row_problems(raw: RawPackage) -> list[Problem]:
    """One problem per blank row (at most :data:`MAX_BLANK_SHOWN` per table, then a count)."""
    out = []
    for table in raw.tables.values():
        lines = table.blank_lines
        out += [Problem("blank-row", location(table.file, n), "rækken er tom; slet den.")
                for n in lines[:MAX_BLANK_SHOWN]]
        if len(lines) > MAX_BLANK_SHOWN:
            out.append(Problem("blank-row", table.file,
                               f"{table.file} har {number(len(lines))} tomme rækker i alt; slet dem."))
    return out
