"""Moving a calculation between municipalities: workbook ⇄ case file, and a macro-free
copy that opens anywhere without macro warnings."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.fileio import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.backend import Backend
    from som_xl.workbook.recalc import Outcome


def compute_workbook(workbook: str | Path, knowledge: Knowledge | None = None,
                     notes: list[Problem] | None = None, older_template: bool = False) -> Computation:
    """Read a workbook's inputs, validate and compute them (the file is only read); the
    provenance of its last calculation comes along. Raises :class:`InputError` with the
    cells named if the inputs are invalid; warnings about the inputs (formulas whose saved
    value was used, with ``older_template`` blocks the workbook lacks and read as blank)
    are appended to ``notes`` when given."""
    from som_xl.case import compute, parse_case
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.backend import OlderTemplateBackend
    from som_xl.workbook.openpyxl_backend import open_backend
    from som_xl.workbook.reader import read_inputs
    from som_xl.workbook.recalc import formula_problems, previous_provenance

    knowledge = knowledge or load_knowledge()
    opened = open_backend(workbook)
    backend: Backend = opened
    if older_template:
        refuse_newer_template(opened, Path(workbook))
        backend = OlderTemplateBackend(backend)
    inputs = read_inputs(backend, knowledge)  # formulas: their cached values
    problems = inputs.problems + formula_problems(backend)
    raise_if_errors(problems)
    problems += [Problem("older-template", name, "området fandtes ikke i den gamle skabelon; det er tomt i den "
                         "nye projektmappe.", "warning") for name in getattr(backend, "missing", [])]
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
    import re

    m = re.search(r"som_xl (\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?", str(text or ""))
    return tuple(int(g or 0) for g in m.groups()) if m else None


def refuse_newer_template(backend, path: Path) -> None:
    """A Danish :class:`InputError` when the workbook at ``path`` is from a newer som_xl
    than this one: its version (Forside) is later, or it has som_xl blocks this template
    does not know. Carrying it over would silently drop the inputs this version cannot read."""
    from som_xl import __version__
    from som_xl.workbook import layout as L

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
    from som_xl.fileio import require_suffix

    require_suffix(output, (".json",), "sagsfilen")
    from som_xl.case.provenance import record

    comp = compute_workbook(workbook, knowledge)
    data = comp.case.to_dict()
    data["provenance"] = record(comp)
    atomic_write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


def import_case(case_file: str | Path, workbook: str | Path, knowledge: Knowledge | None = None):
    """Fill ``workbook``'s inputs from a case file and recalculate it (a new workbook from
    the template when it does not exist).

    The case file is validated as ``som-xl calc`` validates it, and checked to fit the
    workbook, first; a broken or hostile file is rejected with a Danish message and the
    workbook is not touched. The workbook is an ``.xlsm`` or the macro-free ``.xlsx`` (a new
    one is made as ``som-xl new`` makes it).
    """
    from som_xl.case import parse_case, read_case_file
    from som_xl.fileio import require_suffix, writer_lock
    from som_xl.workbook.files import fill_from_case, new_from_case

    target = require_suffix(workbook, (".xlsm", ".xlsx"), "projektmappen")
    case = parse_case(read_case_file(case_file))  # raises before anything is written
    with writer_lock(target):  # "does it exist" and the write, as one step against other writers
        if target.exists():
            return fill_from_case(target, case, knowledge)
        return new_from_case(target, case, knowledge)


def share_copy(workbook: str | Path, output: str | Path | None = None, knowledge=None) -> Path:
    """A values-only ``.xlsx`` copy (inputs, results, charts; no macros, no formulas, no
    links; see :mod:`som_xl.workbook.inert_copy`).

    Refused (Danish :class:`InputError`) when the results shown are not those of the
    inputs (changed since the last calculation), and when ``output`` is not an ``.xlsx``.
    """
    from som_xl.fileio import require_suffix
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook import layout as L
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.freshness import require_current
    from som_xl.workbook.inert_copy import make_inert
    from som_xl.workbook.openpyxl_backend import open_backend

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
                     force: bool = False) -> tuple[Path, Outcome, list[Problem]]:
    """Carry the inputs of a workbook made from an older template (or any som_xl workbook)
    into a new workbook from the current template, and compute it there.

    The old file is only read, never written. Its inputs are read and validated as
    ``som-xl calc`` validates a case (invalid inputs: :class:`InputError` naming the cells,
    nothing written); input cells holding formulas carry their saved values. Returns the
    new path, the recalculation outcome and the notes about the old inputs.
    """
    from som_xl.case.provenance import knowledge_change
    from som_xl.fileio import require_suffix
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.files import new_from_case

    old = require_suffix(old, (".xlsm", ".xlsx"), "den gamle projektmappe")
    target = require_suffix(new if new is not None else upgraded_path(old), (".xlsm", ".xlsx"),
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
    return target, outcome, notes
