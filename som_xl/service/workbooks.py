"""Whole-file actions on SØM workbooks: new, fill from a case, recalculate, refresh,
export and import a case file, a macro-free copy, carrying an older workbook over, and
building the template.

Every function opens, changes and saves a file atomically (under the file's writer lock
where it reads and writes the same file); a refused input leaves the file as it was. The
sheets are read and written by :mod:`som_xl.workbook`; this module decides what happens
to which file, and returns typed results the adapters render.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import NamedTuple

from openpyxl import load_workbook

from som_xl import __version__
from som_xl.case import Case, Computation, compute, parse_case, read_case_file
from som_xl.case.provenance import knowledge_change, record
from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.fileio import atomic_write_bytes, atomic_write_text, require_suffix, writer_lock
from som_xl.knowledge import Knowledge, load_knowledge
from som_xl.paths import checkout_template_path, template_path
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, OlderTemplateBackend
from som_xl.workbook.build import build_template as write_template
from som_xl.workbook.build import macro_free_bytes
from som_xl.workbook.charts import add_charts
from som_xl.workbook.freshness import require_current
from som_xl.workbook.inert_copy import make_inert
from som_xl.workbook.inputs_writer import check_importable, write_case_inputs
from som_xl.workbook.openpyxl_backend import OpenpyxlBackend, open_backend
from som_xl.workbook.reader import read_inputs
from som_xl.workbook.recalc import (
    Outcome,
    chart_sizes,
    formula_problems,
    load_workbook_file,
    previous_provenance,
    recalculate,
    save_workbook,
    write_computed,
)
from som_xl.workbook.refresh import refresh_knowledge

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


class Upgrade(NamedTuple):
    """What ``som-xl upgrade`` made: the new workbook, its calculation, notes on the old inputs."""

    target: Path
    outcome: Outcome
    notes: list[Problem]


class Refreshed(NamedTuple):
    """'Opdatér viden' then Beregn on a file: the refresh's problems (a summary first) and the calculation."""

    problems: list[Problem]
    outcome: Outcome


def compute_workbook(workbook: str | Path, knowledge: Knowledge | None = None,
                     notes: list[Problem] | None = None, older_template: bool = False) -> Computation:
    """Read a workbook's inputs, validate and compute them (the file is only read); the
    provenance of its last calculation comes along. Raises :class:`InputError` with the
    cells named if the inputs are invalid; warnings about the inputs (formulas whose saved
    value was used, with ``older_template`` blocks the workbook lacks and read as blank)
    are appended to ``notes`` when given."""
    knowledge = knowledge or load_knowledge()
    opened = open_backend(workbook)
    backend: Backend = opened
    older: OlderTemplateBackend | None = None
    if older_template:
        refuse_newer_template(opened, Path(workbook))
        backend = older = OlderTemplateBackend(opened)
    inputs = read_inputs(backend, knowledge)  # formulas: their cached values
    problems = inputs.problems + formula_problems(backend)
    raise_if_errors(problems)
    problems += [Problem("older-template", name, "området fandtes ikke i den gamle skabelon; det er tomt i den "
                         "nye projektmappe.", "warning") for name in (older.missing if older else [])]
    if notes is not None:
        notes.extend(p for p in problems if p.severity != "error")
    previous = previous_provenance(backend)
    if previous:  # what the workbook was last computed with, so a changed knowledge package is reported
        inputs.data["provenance"] = previous
    try:
        return compute(parse_case(inputs.data), knowledge)
    except InputError as exc:
        raise InputError(inputs.to_cells(exc.problems)) from None


def _version(text: object) -> tuple[int, ...] | None:
    """``"som_xl 0.12.3"`` → ``(0, 12, 3)``; None when the text names no version."""
    m = re.search(r"som_xl (\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?", str(text or ""))
    return tuple(int(g or 0) for g in m.groups()) if m else None


def refuse_newer_template(backend: OpenpyxlBackend, path: Path) -> None:
    """A Danish :class:`InputError` when the workbook at ``path`` is from a newer som_xl
    than this one: its version (Forside) is later, or it has som_xl blocks this template
    does not know. Carrying it over would silently drop the inputs this version cannot read."""
    unknown = sorted(n for n in backend.wb.defined_names if n.startswith("som_") and n not in L.defined_names())
    rows = backend.read(L.VERSIONS.name).values if L.VERSIONS.name in backend.wb.defined_names else [[None]]
    theirs, ours = _version(rows[0][0]), _version(f"som_xl {__version__}")
    if (theirs is not None and ours is not None and theirs > ours) or unknown:
        made = f"er lavet med {rows[0][0]}" if theirs and ours and theirs > ours else \
            f"har områder, denne udgave ikke kender ({', '.join(unknown[:5])})"
        raise InputError([Problem("newer-template", path.name,
                                  f"projektmappen {made}; den er nyere end denne som_xl ({__version__}). En "
                                  "opgradering ville miste de input, denne udgave ikke kender. Opdatér som_xl "
                                  "(pip install --upgrade som-xl) i stedet.")])


def export_case(workbook: str | Path, output: str | Path, knowledge: Knowledge | None = None) -> dict:
    """Read a workbook's inputs, validate and compute them, and write the case file
    (format 1) with provenance. Raises :class:`InputError` (cells named) if invalid."""
    require_suffix(output, (".json",), "sagsfilen")
    comp = compute_workbook(workbook, knowledge)
    data = comp.case.to_dict()
    data["provenance"] = record(comp)
    atomic_write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


def import_case(case_file: str | Path, workbook: str | Path, knowledge: Knowledge | None = None) -> Outcome:
    """Fill ``workbook``'s inputs from a case file and recalculate it (a new workbook from
    the template when it does not exist).

    The case file is validated as ``som-xl calc`` validates it, and checked to fit the
    workbook, first; a broken or hostile file is rejected with a Danish message and the
    workbook is not touched. The workbook is an ``.xlsm`` or the macro-free ``.xlsx`` (a new
    one is made as ``som-xl new`` makes it).
    """
    target = require_suffix(workbook, WORKBOOK_SUFFIXES, "projektmappen")
    case = parse_case(read_case_file(case_file))  # raises before anything is written
    with writer_lock(target):  # "does it exist" and the write, as one step against other writers
        if target.exists():
            return fill_from_case(target, case, knowledge)
        return new_from_case(target, case, knowledge)


def share_copy(workbook: str | Path, output: str | Path | None = None, knowledge: Knowledge | None = None) -> Path:
    """A values-only ``.xlsx`` copy (inputs, results, charts; no macros, no formulas, no
    links; see :mod:`som_xl.workbook.inert_copy`).

    Refused (Danish :class:`InputError`) when the results shown are not those of the
    inputs (changed since the last calculation), and when ``output`` is not an ``.xlsx``.
    """
    src = Path(workbook)
    out = Path(output) if output else src.with_name(src.stem + "_deling.xlsx")
    require_suffix(out, (".xlsx",), "den delte kopi")
    backend = open_backend(src)
    require_current(backend, knowledge or load_knowledge())
    wb = backend.values_workbook()  # every formula replaced by its last computed value (loaded once)
    make_inert(wb)
    years = wb[L.RESULTATER]
    n = sum(1 for r in range(L.YEARS.first_row, L.YEARS.first_row + L.YEARS.rows)
            if years.cell(row=r, column=L.YEARS.first_col).value is not None)
    add_charts(wb, n)
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(out, buf.getvalue())


def upgraded_path(old: str | Path) -> Path:
    """Where ``som-xl upgrade`` puts the new workbook by default: beside the old one."""
    old = Path(old)
    return old.with_name(f"{old.stem} (opgraderet){old.suffix}")


def upgrade_workbook(old: str | Path, new: str | Path | None = None, knowledge: Knowledge | None = None,
                     force: bool = False) -> Upgrade:
    """Carry the inputs of a workbook made from an older template (or any som_xl workbook)
    into a new workbook from the current template, and compute it there.

    The old file is only read, never written. Its inputs are read and validated as
    ``som-xl calc`` validates a case (invalid inputs: :class:`InputError` naming the cells,
    nothing written); input cells holding formulas carry their saved values. Returns the
    new path, the recalculation outcome and the notes about the old inputs.
    """
    old = require_suffix(old, WORKBOOK_SUFFIXES, "den gamle projektmappe")
    target = require_suffix(new if new is not None else upgraded_path(old), WORKBOOK_SUFFIXES,
                            "den nye projektmappe")
    if target.resolve() == old.resolve():
        raise InputError([Problem("same-file", str(target), "den nye projektmappe skal have et andet navn end "
                                  "den gamle; den gamle overskrives aldrig.")])
    if target.exists() and not force:
        raise InputError([Problem("exists", str(target), "filen findes allerede; vælg et andet navn med -o, "
                                  "eller brug --force for at overskrive den.")])
    knowledge = knowledge or load_knowledge()  # once, for reading the old inputs and computing the new workbook
    notes: list[Problem] = []
    comp = compute_workbook(old, knowledge, notes, older_template=True)
    changed = knowledge_change(comp.case.provenance, comp, where=f"{old.name}: oprindelse")
    notes += [changed] if changed else []  # the new workbook is computed with today's knowledge: say what moved
    outcome = new_from_case(target, comp.case, knowledge)
    return Upgrade(target, outcome, notes)


def new_workbook(path: str | Path, case_path: str | Path | None = None, knowledge: Knowledge | None = None,
                 force: bool = True) -> Path:
    """Copy the template to ``path``; with ``case_path`` fill its inputs and compute it.

    A ``.xlsx`` path gets the macro-free workbook (same sheets, names and validation,
    no VBA) for the Office add-in; ``.xlsm`` the macro-enabled template. Without ``force``
    an existing file is refused (Danish :class:`InputError`).
    """
    target = Path(path)
    if target.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError([Problem("wrong-suffix", str(target), "en SØM-projektmappe skal hedde noget med .xlsm "
                                  "(med makroer) eller .xlsx (uden makroer, til tilføjelsesprogrammet).")])
    if target.exists() and not force:
        raise InputError([Problem("exists", str(target), "filen findes allerede; brug --force for at overskrive.")])
    if case_path is None:
        return new_blank(target, knowledge)
    case = parse_case(read_case_file(case_path))  # validated before anything is written
    new_from_case(target, case, knowledge)
    return target


def new_from_case(path: Path, case: Case, knowledge: Knowledge | None) -> Outcome:
    """A new workbook at ``path`` from the template (macro-free for ``.xlsx``), filled with
    ``case`` and computed. Written once, at the end: a refused case leaves no file (and an
    existing ``path`` as it was)."""
    if path.suffix.lower() == ".xlsx":  # built in memory; the file is written filled, or not at all
        return fill_from_case(path, case, knowledge, base=macro_free_bytes(knowledge))
    return fill_from_case(path, case, knowledge, base=template_path())


def new_blank(path: Path, knowledge: Knowledge | None = None) -> Path:
    """A new, empty workbook at ``path`` from the template (macro-free for ``.xlsx``)."""
    data = macro_free_bytes(knowledge) if path.suffix.lower() == ".xlsx" else template_path().read_bytes()
    return atomic_write_bytes(path, data)


def fill_from_case(path: str | Path, case: Case, knowledge: Knowledge | None = None,
                   base: Path | bytes | None = None) -> Outcome:
    """Write ``case`` into the inputs of ``base`` (default: ``path`` itself; bytes: a
    workbook som_xl has just built in memory), recalculate, and save to ``path``
    atomically. Returns the recalculation outcome.

    The case is validated as ``som-xl calc`` validates it, and checked to fit the
    workbook, before anything is opened or written; an :class:`InputError` leaves
    ``path`` byte for byte as it was.
    """
    knowledge = knowledge or load_knowledge()
    comp = check_importable(case, knowledge)  # as 'som-xl calc' validates it, before the workbook is touched
    with writer_lock(path):  # from the read to the save: a concurrent recalc waits, it does not overwrite
        if isinstance(base, bytes):
            wb = load_workbook(io.BytesIO(base))  # som_xl's own macro-free workbook, loaded as from its file
        else:
            wb = load_workbook_file(Path(base or path))
        backend = OpenpyxlBackend(wb)
        write_case_inputs(backend, case, knowledge)
        outcome = write_computed(backend, knowledge, comp)  # computed once, from the typed case
        if not outcome.ok:  # the inputs written read back with errors: save nothing
            raise InputError(outcome.problems)
        add_charts(wb, *chart_sizes(outcome))
        save_workbook(wb, Path(path))
    return outcome


def recalc_file(path: str | Path, knowledge: Knowledge | None = None) -> Outcome:
    """Recalculate the workbook at ``path`` in place (atomically)."""
    return _recalc_file(path, knowledge, refresh=False).outcome


def refresh_file(path: str | Path, knowledge: Knowledge | None = None) -> Refreshed:
    """'Opdatér viden' and then Beregn on the workbook at ``path``, saved once, atomically:
    what the ribbon's two buttons do in Excel, for a workbook filled in without Excel.

    Returns the refresh's problems (the first a one-line summary) and the recalculation's
    outcome. Raises :class:`InputError` (the file unchanged) when the knowledge could not
    be refreshed, e.g. for an unknown target group.
    """
    return _recalc_file(path, knowledge, refresh=True)


def _recalc_file(path: str | Path, knowledge: Knowledge | None, refresh: bool) -> Refreshed:
    """Open ``path``, (refresh the knowledge first,) recalculate, add the charts, save once."""
    path = Path(path)
    knowledge = knowledge or load_knowledge()
    with writer_lock(path):  # from the read to the save: a concurrent import waits, it is not overwritten
        backend = open_backend(path)
        problems: list[Problem] = []
        if refresh:
            problems = refresh_knowledge(backend, knowledge)
            if problems[0].severity == "error":
                raise InputError([p for p in problems[1:] if p.severity == "error"] or problems[:1])
        outcome = recalculate(backend, knowledge)
        add_charts(backend.wb, *chart_sizes(outcome))
        save_workbook(backend.wb, path, backend.cached_values)
    return Refreshed(problems, outcome)


def build_template(path: str | Path | None = None, knowledge: Knowledge | None = None) -> Path:
    """Build the workbook template at ``path`` (default: the checkout's own; an installed
    package's template is never overwritten: without a checkout a Danish :class:`InputError`)."""
    target = path or checkout_template_path()
    if target is None:
        raise InputError([Problem("no-target", "build-template", "angiv hvor skabelonen skal skrives (fx "
                                  "'som-xl build-template min_skabelon.xlsm'); den installerede pakkes skabelon "
                                  "overskrives aldrig.")])
    return write_template(target, knowledge)


def xlwings_settings() -> tuple[str, tuple[tuple[str, object], ...]]:
    """The name of the workbook's ``xlwings.conf`` sheet and its rows (key, value)."""
    return L.XLWINGS_CONF, tuple(L.XLWINGS_CONF_ROWS)
